// `npm run test:vscode`: runs the specs bundled in dist/test/vscode (npm test builds them first)
// inside a real VS Code extension host and exits with 0 only when every test passed.
//
// Environment:
//   DIGEST_NOTES_HOST             code-server (default) | electron (desktop VS Code, downloaded)
//   DIGEST_NOTES_TEST_WORKSPACE   folder to open instead of test/fixtures/workspace (a copy is opened)
//   DIGEST_NOTES_EXTRA_SUITE      extra compiled suite: a folder of *.spec.js, a *.spec.js file, or
//                                 a JS file exporting run()
//   DIGEST_NOTES_SPECS            only spec files whose path contains one of these (comma-separated);
//                                 `none` runs the extra suite alone
//   DIGEST_NOTES_TEST_TIMEOUT     seconds to wait for the result (default 600)
//   DIGEST_NOTES_VERBOSE=1        show the server's and the workbench's own logs
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HostError, REPO_ROOT, SAMPLE_WORKSPACE, SPEC_SUITE, elapsed, say } from './config.mjs';
import { startCodeServer } from './codeServer.mjs';
import { ensureHost } from './install.mjs';
import { RunDir, onCleanUp, runMain } from './runDir.mjs';
import { startKeyboardServer } from './keyboard.mjs';
import { LOG_MARKER, launchChromium, runSuiteInWorkbench } from './workbench.mjs';

/**
 * Runs a compiled mocha suite in a fresh host and returns its exit code.
 * @param {{ host?: 'code-server' | 'electron', suite?: string, workspace?: string,
 *   extensionDevelopmentPath?: string | null, env?: Record<string, string>,
 *   prepare?: (context: { host: any, run: RunDir }) => Promise<void> }} [options]
 *   host: overrides DIGEST_NOTES_HOST; extensionDevelopmentPath: null develops an empty
 *   extension, so only the installed ones are tested; prepare: runs before code-server starts (e.g. to install
 *   a .vsix into `run.extensions`).
 */
export async function runSpecs(options = {}) {
  const started = Date.now();
  const suite = options.suite ?? SPEC_SUITE;
  if (!existsSync(suite)) throw new HostError(`no compiled suite at ${suite}: run \`node esbuild.mjs\` first (npm test does).`);
  const source = resolveWorkspace(options.workspace);
  const extra = extraSuite();
  const timeoutMs = Number(process.env.DIGEST_NOTES_TEST_TIMEOUT || 600) * 1000;
  const verbose = process.env.DIGEST_NOTES_VERBOSE === '1';
  const hostKind = options.host ?? process.env.DIGEST_NOTES_HOST ?? 'code-server';
  if (hostKind !== 'code-server' && hostKind !== 'electron') {
    throw new HostError(`DIGEST_NOTES_HOST must be code-server or electron, not "${hostKind}".`);
  }
  const electron = hostKind === 'electron';

  const host = electron ? undefined : await ensureHost();
  const run = RunDir.create();
  onCleanUp(() => run.remove());
  const workspace = run.copyWorkspace(source);
  const devPath = options.extensionDevelopmentPath === null ? writeHarnessExtension(run) : (options.extensionDevelopmentPath ?? REPO_ROOT);
  // What the specs read (the extension host inherits the server's environment).
  const env = {
    // No extension gallery: nothing to fetch, and no network calls that fail offline.
    EXTENSIONS_GALLERY: '{}',
    ...options.env,
    DIGEST_NOTES_TEST_WORKSPACE: workspace,
    DIGEST_NOTES_LOG_MARKER: LOG_MARKER,
    DIGEST_NOTES_REPO: REPO_ROOT,
    DIGEST_NOTES_EXTENSIONS_DIR: run.extensions,
    ...(extra ? { DIGEST_NOTES_EXTRA_SUITE: extra } : {}),
  };

  let code;
  if (electron) {
    const { runSuiteInElectron } = await import('./electron.mjs');
    code = await runSuiteInElectron({ run, workspace, suite, env: { ...env, DIGEST_NOTES_LOG_MARKER: '' }, started });
  } else {
    await options.prepare?.({ host, run });
    const keyboard = await startKeyboardServer();
    const server = await startCodeServer({
      host,
      run,
      workspace,
      env: { ...env, DIGEST_NOTES_KEYBOARD_URL: keyboard.url },
      verbose,
      smokeTestDriver: true,
    });
    const browser = await launchChromium({ chromium: host.chromium, run });
    code = await runSuiteInWorkbench({
      browser,
      server,
      workspace,
      extensionDevelopmentPath: devPath,
      extensionTestsPath: suite,
      timeoutMs,
      verbose,
      started,
      onPage: page => keyboard.attach(page),
    });
  }
  if (code !== 0) keepExtensionLog(run);
  say(`${code === 0 ? 'specs passed' : `specs FAILED (exit code ${code})`} in ${elapsed(started)}`);
  return code;
}

/**
 * A failed run's "Digest Notes" log (the extension's own account: files read and forgotten,
 * indexes, writes) is what explains a failure the assertion cannot; the run directory is removed
 * on exit, so it is copied to `test-results/` and its last lines are printed.
 */
function keepExtensionLog(run) {
  const logs = join(run.userData, 'logs');
  if (!existsSync(logs)) return;
  const found = readdirSync(logs, { recursive: true })
    .map(String)
    .filter(name => name.endsWith('Digest Notes.log'));
  if (found.length === 0) return;
  const outDir = join(REPO_ROOT, 'test-results');
  mkdirSync(outDir, { recursive: true });
  found.forEach((name, i) => {
    const text = readFileSync(join(logs, name), 'utf8');
    const kept = join(outDir, `digest-notes-${i + 1}.log`);
    writeFileSync(kept, text);
    const tail = text.trimEnd().split('\n').slice(-LOG_TAIL_LINES);
    say(`the extension's log (${kept}), its last ${tail.length} lines:\n${tail.map(line => `   ${line}`).join('\n')}`);
  });
}

/** Lines of the extension's log printed after a failed run. */
const LOG_TAIL_LINES = 60;

/**
 * The workbench runs `extensionTestsPath` only in extension development mode; to test installed
 * extensions alone, develop an empty extension that contributes nothing.
 */
function writeHarnessExtension(run) {
  const dir = join(run.root, 'harness');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'test-harness',
      publisher: 'digest-notes-test',
      version: '0.0.0',
      engines: { vscode: '*' },
    }),
  );
  return dir;
}

function resolveWorkspace(given) {
  const folder = resolve(given ?? process.env.DIGEST_NOTES_TEST_WORKSPACE ?? SAMPLE_WORKSPACE);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new HostError(`workspace folder not found: ${folder}`);
  return folder;
}

function extraSuite() {
  const given = process.env.DIGEST_NOTES_EXTRA_SUITE;
  if (!given) return undefined;
  const path = resolve(given);
  if (!existsSync(path)) throw new HostError(`DIGEST_NOTES_EXTRA_SUITE not found: ${path}`);
  return path;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runMain(async () => ((await runSpecs()) === 0 ? 0 : 1));
}
