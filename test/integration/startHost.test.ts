/**
 * `npm start` shows what a writer sees: the workbench it serves shows notification toasts (the
 * smoke-test driver, which drops them, is only for the specs), and its build prints nothing that
 * is not about the product. Runs the real `npm start` (setup, build, code-server on 127.0.0.1),
 * opens the printed URL in headless Chromium, runs a command through the palette and waits for
 * its toast.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TOAST = 'Open a digest file to preview it.';

describe('npm start', function () {
  // The first run on a machine installs the host (minutes); a busy machine loads the workbench slowly.
  this.timeout(15 * 60_000);
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  let output = '';

  after(async () => {
    await browser?.close();
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = new Promise(resolve => child?.once('exit', resolve));
      process.kill(-child.pid, 'SIGINT'); // its own group: npm, start.mjs (which stops code-server and deletes its files)
      await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 20_000))]);
    }
  });

  /** Starts `npm start` and resolves with the workbench URL it prints. */
  function start(): Promise<string> {
    const env = { ...process.env, DIGEST_NOTES_PORT: '' };
    child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    return new Promise((resolve, reject) => {
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m.exec(output)?.[1];
        if (url !== undefined) resolve(url);
      };
      child?.stdout?.on('data', collect);
      child?.stderr?.on('data', collect);
      child?.once('exit', code => reject(new Error(`npm start exited (${code}) before printing a URL:\n${output}`)));
    });
  }

  it('serves a workbench that shows a command toast, after a build that prints only the product', async () => {
    const url = await start();
    const beforeUrl = output.slice(0, output.indexOf(url));
    assert.doesNotMatch(beforeUrl, /warning|▲/i, `npm start printed a warning:\n${beforeUrl}`);
    assert.doesNotMatch(beforeUrl, /dist\/(test|bench)/, `npm start built the tests or benchmarks:\n${beforeUrl}`);

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 180_000 });
    // The palette, as a writer opens it; the command runs with no digest open, so it says so in a toast.
    await runFromPalette(page, 'Digest Notes: Open Preview');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: TOAST });
    await toast.waitFor({ state: 'visible', timeout: 120_000 });
    assert.ok(await toast.isVisible());
  });
});

/**
 * Opens the command palette, types `title` and runs the command with Enter once its row is the
 * focused one (the row also shows the keybinding; "... to the Side" is another command).
 * On a busy machine the workbench may take keys before the extensions' commands are listed: then
 * the palette is closed and opened again, a few times.
 */
async function runFromPalette(page: Page, title: string): Promise<void> {
  const row = page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: new RegExp(`^${title}(?! to)`) });
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 60_000 });
    await page.locator('.quick-input-widget input').fill(`>${title}`);
    try {
      await row.waitFor({ state: 'visible', timeout: 60_000 });
      break;
    } catch (error) {
      if (attempt === 3) {
        const rows = await page
          .locator('.quick-input-widget .monaco-list-row')
          .evaluateAll(els => els.map(el => `${el.className}: ${el.textContent}`));
        throw new Error(`no row "${title}" in the palette; rows:\n${rows.join('\n')}`, { cause: error });
      }
    }
  }
  await page.keyboard.press('Enter');
}
