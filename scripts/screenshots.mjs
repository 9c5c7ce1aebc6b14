// `npm run screenshots`: pictures of the real workbench for the README. Starts the same host as
// the specs (code-server + headless Chromium, scripts/host), lets scripts/screenshots/driver.ts
// lay out each scene, and saves the window:
//
//   docs/screenshots/workbench-dark.png    the seed digest, the Papers view and the preview beside
//                                          it, Default Dark Modern
//   docs/screenshots/workbench-light.png   the same, Default Light Modern
//   docs/screenshots/walkthrough.png       the first-day walkthrough as the Welcome page opens it
//
// Run `npm run build` first (the npm script does). DIGEST_NOTES_VERBOSE=1 shows the host's logs;
// DIGEST_NOTES_SHOTS=walkthrough (comma-separated names, as in the file names) takes only those.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HostError, REPO_ROOT, SAMPLE_WORKSPACE, elapsed, say } from './host/config.mjs';
import { startCodeServer } from './host/codeServer.mjs';
import { ensureHost } from './host/install.mjs';
import { RunDir, onCleanUp, runMain, sleep } from './host/runDir.mjs';
import { launchChromium, runSuiteInWorkbench } from './host/workbench.mjs';

const OUT_DIR = join(REPO_ROOT, 'docs', 'screenshots');
const DARK = { theme: 'Default Dark Modern', workbenchClass: 'vs-dark' };
const LIGHT = { theme: 'Default Light Modern', workbenchClass: 'vs' };
/** The Papers view's selected row: the paper under the editor's cursor, once the tree is drawn. */
const PAPER_SELECTED = '[id="workbench.parts.sidebar"] .monaco-list-row.selected';
/**
 * Each picture: the scene the driver lays out (scripts/screenshots/driver.ts), the theme, and
 * what must be on the page before the picture is taken (the layout is done in the extension host;
 * the window may still be drawing it).
 */
const SHOTS = [
  { file: 'workbench-dark.png', scene: 'workbench', ...DARK, viewport: { width: 1600, height: 1000 }, ready: waitForPapers },
  { file: 'workbench-light.png', scene: 'workbench', ...LIGHT, viewport: { width: 1600, height: 1000 }, ready: waitForPapers },
  { file: 'walkthrough.png', scene: 'walkthrough', ...DARK, viewport: { width: 1600, height: 900 }, ready: waitForWalkthrough },
];
/** Settings that keep the pictures about the extension: no minimap, no layout controls. */
const LOOK = {
  'editor.minimap.enabled': false,
  'workbench.layoutControl.enabled': false,
  'window.commandCenter': false,
  'workbench.editor.enablePreview': false,
};

async function main() {
  const started = Date.now();
  const verbose = process.env.DIGEST_NOTES_VERBOSE === '1';
  const host = await ensureHost();
  const run = RunDir.create();
  onCleanUp(() => run.remove());
  const workspace = run.copyWorkspace(SAMPLE_WORKSPACE, 'digest-notes-sample');
  const driver = await bundleDriver(run);
  const signals = join(run.root, 'screenshot-signals');
  mkdirSync(signals);

  const env = { DIGEST_NOTES_SCREENSHOT_SIGNALS: signals };
  const server = await startCodeServer({ host, run, workspace, verbose, env, smokeTestDriver: true });
  // startCodeServer wrote the quiet settings; the theme and the look go on top of them.
  const settingsFile = join(run.userData, 'User', 'settings.json');
  const baseSettings = { ...JSON.parse(readFileSync(settingsFile, 'utf8')), ...LOOK };
  const browser = await launchChromium({ chromium: host.chromium, run });

  mkdirSync(OUT_DIR, { recursive: true });
  // One window per picture, each laid out from scratch at the final size: a theme switched live
  // or a window resized afterwards would leave the layout (and the preview's scroll) half-updated.
  for (const { file: name, scene, theme, workbenchClass, viewport, ready } of chosenShots()) {
    writeSettings(settingsFile, baseSettings, theme);
    rmSync(join(signals, 'ready'), { force: true });
    rmSync(join(signals, 'done'), { force: true });
    writeFileSync(join(signals, 'scene'), scene);
    let page;
    const sizedBrowser = {
      newPage: async () => {
        page = await browser.newPage({ viewport });
        page.setDefaultNavigationTimeout(120_000); // a busy machine loads the workbench slowly
        return page;
      },
    };
    const exited = runSuiteInWorkbench({
      browser: sizedBrowser,
      server,
      workspace,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: driver,
      timeoutMs: 600_000,
      verbose,
      started,
    });
    // The driver holds the extension host (and with it the views) until the picture is taken.
    const outcome = await Promise.race([exited.then(code => ({ code })), waitForFile(join(signals, 'ready'))]);
    if (outcome && 'code' in outcome) {
      throw new HostError(`the screenshot driver ended early (exit code ${outcome.code}); DIGEST_NOTES_VERBOSE=1 shows why`);
    }
    const themed = await page.evaluate(cls => document.querySelector('.monaco-workbench')?.classList.contains(cls), workbenchClass);
    if (!themed) throw new HostError(`the workbench did not take the theme ${theme}`);
    await ready(page);
    const file = join(OUT_DIR, name);
    await page.screenshot({ path: file });
    say(`saved ${file} (${theme})`);
    writeFileSync(join(signals, 'done'), '');
    const code = await exited;
    if (code !== 0) throw new HostError(`the screenshot driver failed (exit code ${code})`);
    await page.close();
  }
  say(`screenshots done in ${elapsed(started)}`);
  return 0;
}

function chosenShots() {
  const names = (process.env.DIGEST_NOTES_SHOTS ?? '')
    .split(',')
    .map(n => n.trim())
    .filter(Boolean);
  const chosen = names.length ? SHOTS.filter(s => names.some(n => s.file === n || s.file === `${n}.png`)) : SHOTS;
  if (chosen.length === 0) throw new HostError(`DIGEST_NOTES_SHOTS names no picture; there are ${SHOTS.map(s => s.file).join(', ')}`);
  return chosen;
}

async function waitForPapers(page) {
  await page.waitForSelector(PAPER_SELECTED, { timeout: 60_000 }).catch(() => {
    throw new HostError('the Papers view shows no selected paper: is the Papers tree working?');
  });
  await page.waitForTimeout(1500); // the tree's reveal and the preview's scroll settle
}

/** The Welcome editor showing our walkthrough (not the list of all of them): its title is on the page. */
async function waitForWalkthrough(page) {
  const { title } = walkthrough();
  await page
    .getByText(title, { exact: true })
    .first()
    .waitFor({ timeout: 60_000 })
    .catch(() => {
      throw new HostError(`the Welcome editor does not show the walkthrough "${title}": is it contributed in package.json?`);
    });
  await page.waitForTimeout(1500); // the step's picture loads and the page's animation ends
}

/** The walkthrough as the manifest names it, its title taken from package.nls.json. */
function walkthrough() {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const strings = JSON.parse(readFileSync(join(REPO_ROOT, 'package.nls.json'), 'utf8'));
  const contributed = manifest.contributes.walkthroughs[0];
  return { id: contributed.id, title: contributed.title.replace(/^%(.*)%$/, (_, key) => strings[key]) };
}

async function waitForFile(file) {
  while (!existsSync(file)) await sleep(200);
}

function writeSettings(file, base, theme) {
  writeFileSync(file, JSON.stringify({ ...base, 'workbench.colorTheme': theme }, null, 2));
}

/** The driver runs in the extension host as CommonJS, `vscode` provided by the host. */
async function bundleDriver(run) {
  const outfile = join(run.root, 'screenshot-driver.js');
  await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'scripts', 'screenshots', 'driver.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}

runMain(main);
