// `npm run screenshots`: pictures of the real workbench for the README. Starts the same host as
// the specs (code-server + headless Chromium, scripts/host), lets scripts/screenshots/driver.ts
// lay out the seed digest, the Papers view and the preview beside it, and saves the window in a
// dark and a light theme:
//
//   docs/screenshots/workbench-dark.png    Default Dark Modern
//   docs/screenshots/workbench-light.png   Default Light Modern
//
// Run `npm run build` first (the npm script does). DIGEST_NOTES_VERBOSE=1 shows the host's logs.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HostError, REPO_ROOT, SAMPLE_WORKSPACE, elapsed, say } from './host/config.mjs';
import { startCodeServer } from './host/codeServer.mjs';
import { ensureHost } from './host/install.mjs';
import { RunDir, onCleanUp, runMain } from './host/runDir.mjs';
import { launchChromium, runSuiteInWorkbench } from './host/workbench.mjs';

const OUT_DIR = join(REPO_ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1600, height: 1000 };
const THEMES = [
  { name: 'dark', theme: 'Default Dark Modern', workbenchClass: 'vs-dark' },
  { name: 'light', theme: 'Default Light Modern', workbenchClass: 'vs' },
];
/** The Papers view's selected row: the paper under the editor's cursor, once the tree is drawn. */
const PAPER_SELECTED = '[id="workbench.parts.sidebar"] .monaco-list-row.selected';
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

  const server = await startCodeServer({ host, run, workspace, verbose });
  // startCodeServer wrote the quiet settings; the theme and the look go on top of them.
  const settingsFile = join(run.userData, 'User', 'settings.json');
  const baseSettings = { ...JSON.parse(readFileSync(settingsFile, 'utf8')), ...LOOK };
  const browser = await launchChromium({ chromium: host.chromium, run });

  mkdirSync(OUT_DIR, { recursive: true });
  // One window per theme, each laid out from scratch at the final size: a theme switched live
  // or a window resized afterwards would leave the layout (and the preview's scroll) half-updated.
  for (const { name, theme, workbenchClass } of THEMES.slice(0, 1)) {
    writeSettings(settingsFile, baseSettings, theme);
    let page;
    const sizedBrowser = {
      newPage: async () => {
        page = await browser.newPage({ viewport: VIEWPORT });
        page.setDefaultNavigationTimeout(120_000); // a busy machine loads the workbench slowly
        return page;
      },
    };
    const code = await runSuiteInWorkbench({
      browser: sizedBrowser, server, workspace, extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: driver,
      timeoutMs: 180_000, verbose, started,
    });
    if (code !== 0) throw new HostError(`the screenshot driver failed (exit code ${code}); DIGEST_NOTES_VERBOSE=1 shows why`);
    const themed = await page.evaluate(cls => document.querySelector('.monaco-workbench')?.classList.contains(cls), workbenchClass);
    if (!themed) throw new HostError(`the workbench did not take the theme ${theme}`);
    // The extension host is done; the window may still be drawing (slowly on a busy machine).
    await page.click('[id="workbench.parts.sidebar"] .welcome-view-content a, [id="workbench.parts.sidebar"] .welcome-view-content .monaco-button').catch(e => console.log('click failed', e.message));
    await page.waitForTimeout(8000);
    await page.screenshot({ path: '/tmp/pvdev/after-refresh.png' });
    await page.waitForSelector(PAPER_SELECTED, { timeout: 20_000 }).catch(async () => {
      await page.screenshot({ path: '/tmp/pvdev/fail.png' });
      const fs = await import('node:fs');
      fs.writeFileSync('/tmp/pvdev/sidebar.html', await page.evaluate(() => document.querySelector('[id="workbench.parts.sidebar"]').outerHTML));
      throw new HostError('the Papers view shows no selected paper: is the Papers tree working?');
    });
    await page.waitForTimeout(1000);
    const file = join(OUT_DIR, `workbench-${name}.png`);
    await page.screenshot({ path: file });
    say(`saved ${file} (${theme})`);
    await page.close();
  }
  say(`screenshots done in ${elapsed(started)}`);
  return 0;
}

function writeSettings(file, base, theme) {
  writeFileSync(file, JSON.stringify({ ...base, 'workbench.colorTheme': theme }, null, 2));
}

/** The driver runs in the extension host as CommonJS, `vscode` provided by the host. */
async function bundleDriver(run) {
  const outfile = join(run.root, 'screenshot-driver.js');
  await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'scripts', 'screenshots', 'driver.ts')],
    outfile, bundle: true, platform: 'node', format: 'cjs', target: 'es2022', external: ['vscode'], logLevel: 'warning',
  });
  return outfile;
}

runMain(main);
