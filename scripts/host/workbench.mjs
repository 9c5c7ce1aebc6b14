// Drives code-server's web workbench with headless Chromium (Debian's, through playwright-core)
// so the extension host runs a mocha suite, and returns the suite's exit code.
import { chromium as playwright } from 'playwright-core';
import { HostError, elapsed, say } from './config.mjs';
import { onCleanUp } from './runDir.mjs';

/** Lines the suite prints with this prefix are mocha's output; index.ts reads it from the env. */
export const LOG_MARKER = '\u00a7digest-notes-test\u00a7 ';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launches Chromium with its profile and caches inside the run folder; closed on clean-up. */
export async function launchChromium({ chromium, run }) {
  // Playwright makes its profile folder in os.tmpdir(): keep it inside the run folder.
  process.env.TMPDIR = run.tmp;
  let browser;
  try {
    browser = await playwright.launch({
      executablePath: chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      env: run.env(),
      // The runner handles signals itself (and closes the browser in its clean-up).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    throw new HostError(`Chromium (${chromium}) did not start: ${error.message}`);
  }
  onCleanUp(() => browser.close().catch(() => undefined));
  return browser;
}

/**
 * Opens the workbench on `workspace` with a test payload and waits for the extension host to
 * report the suite's result (the smoke-test driver calls `window.codeAutomationExit`).
 * @param {{ browser: import('playwright-core').Browser, server: any, workspace: string,
 *   extensionDevelopmentPath?: string, extensionTestsPath: string, timeoutMs: number,
 *   verbose?: boolean, started: number, onPage?: (page: import('playwright-core').Page) => void }} options
 * @returns {Promise<number>} the suite's exit code (0: every test passed)
 */
export async function runSuiteInWorkbench(options) {
  const { browser, server, workspace, extensionDevelopmentPath, extensionTestsPath, timeoutMs, verbose = false, started, onPage } = options;
  const page = await browser.newPage();
  onPage?.(page);
  let reportExit;
  const exited = new Promise(resolve => {
    reportExit = resolve;
  });
  await page.exposeFunction('codeAutomationExit', code => reportExit(Number(code)));
  const errors = [];
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const first = typeof args?.[0] === 'string' ? args[0] : '';
    if (first.startsWith(LOG_MARKER)) console.log(first.slice(LOG_MARKER.length), ...args.slice(1));
    else if (verbose) console.log(`[workbench:${type}]`, ...args);
    else if (type === 'error') errors.push(args);
  });
  if (verbose) page.on('console', message => console.log('[browser]', message.type(), message.text()));
  const crashed = new Promise((_, reject) => {
    page.on('crash', () => reject(new HostError('the workbench page crashed')));
    page.on('close', () => reject(new HostError('the workbench page closed before the tests finished')));
  });
  crashed.catch(() => undefined); // closing the page during clean-up is no error
  const serverDied = server.whenExited.then(() => {
    throw new HostError(`code-server exited during the run:\n${server.output().split('\n').slice(-30).join('\n')}`);
  });
  serverDied.catch(() => undefined); // stopping it during clean-up is no error

  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', server.remoteUri(extensionDevelopmentPath)]);
  payload.push(['extensionTestsPath', server.remoteUri(extensionTestsPath)], ['skipWelcome', 'true']);
  const url = `${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  // The result comes through codeAutomationExit; the page's load event may come late on a busy machine.
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  say(`workbench opened (${elapsed(started)}); running the specs...`);

  let timer;
  const timedOut = new Promise((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new HostError(
            `no result from the extension host after ${timeoutMs / 1000} s (DIGEST_NOTES_TEST_TIMEOUT sets the limit in seconds)`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    const code = await Promise.race([exited, crashed, serverDied, timedOut]);
    if (code !== 0 && errors.length) {
      console.log('[host] errors the workbench logged (some are harmless offline noise; DIGEST_NOTES_VERBOSE=1 shows all):');
      for (const args of errors) console.log(`   ${args.map(String).join(' ').split('\n').slice(0, 3).join('\n     ')}`);
    }
    return code;
  } finally {
    clearTimeout(timer);
  }
}
