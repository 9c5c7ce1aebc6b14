// The keyboard of the workbench's browser, for specs that must type (quick picks): an extension
// host cannot type into a quick pick, so the runner listens on 127.0.0.1 and drives Playwright's
// keyboard on the page for each request. The specs reach it through DIGEST_NOTES_KEYBOARD_URL
// (test/vscode/keyboard.ts).
//
//   POST /keys  {"type": "transcoders"} | {"press": "Enter"} | {"press": "ArrowDown"}  -> 204
//               {"waitForQuickInput": true}: until a quick input has the keyboard focus (a picker that
//               just opened may not have it yet on a busy machine)
//               {"waitForFirstRow": "Transcoders"}: until the picker's first row shows that text (the
//               index answers a typed query asynchronously)
//               {"waitForElement": {"selector": ".suggest-widget.visible .monaco-list-row", "text": "key"}}:
//               until a visible element matching the selector shows that text (the editor's suggestions, a
//               walkthrough step's state)
//               {"clickInWebview": "input.filter-input"}: clicks that element inside the visible webview
//               (a preview's filter box), so what is typed next goes there
//               {"click": {"selector": ".context-view .action-label", "text": "Insert as citation"}}: clicks the
//               visible element of the workbench matching the selector that shows the text (a menu's item)
//               {"paste": "2406.11944"}: a paste of that text into whatever has the focus, as the browser
//               delivers Ctrl+V (a paste event with the text): headless Chromium's own clipboard is not
//               the one VS Code's clipboard API writes, and a web workbench's Paste command reads the
//               clipboard itself, past the editor's paste providers
import { createServer } from 'node:http';
import { onCleanUp } from './runDir.mjs';

/** Longest a request may be: a spec types words, not books. */
const MAX_BODY = 64 * 1024;

export async function startKeyboardServer() {
  let attachPage;
  const page = new Promise(resolve => (attachPage = resolve));
  const server = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/keys') {
      response.writeHead(404).end();
      return;
    }
    let body = '';
    request.setEncoding('utf8');
    request.on('data', chunk => {
      body += chunk;
      if (body.length > MAX_BODY) request.destroy();
    });
    request.on('end', async () => {
      try {
        const { type, press, delayMs, waitForQuickInput, waitForFirstRow, waitForElement, clickInWebview, click, paste } = JSON.parse(body);
        const shown = await page;
        if (waitForQuickInput) {
          await shown.waitForFunction(() => document.activeElement?.closest('.quick-input-widget') != null, undefined, { timeout: 15_000 });
        }
        if (typeof waitForFirstRow === 'string') {
          await shown.waitForFunction(
            text => document.querySelector('.quick-input-widget .monaco-list-row[data-index="0"]')?.textContent?.includes(text) === true,
            waitForFirstRow,
            { timeout: 15_000 },
          );
        }
        if (typeof waitForElement?.selector === 'string') {
          await shown.waitForFunction(
            ({ selector, text }) =>
              [...document.querySelectorAll(selector)].some(e => e.checkVisibility() && e.textContent?.includes(text ?? '') === true),
            { selector: waitForElement.selector, text: waitForElement.text },
            { timeout: 15_000 },
          );
        }
        if (typeof clickInWebview === 'string') {
          // A webview is an iframe (the host) holding another (the content, #active-frame).
          const webview = shown.locator('iframe.webview.ready:visible').first().contentFrame();
          await webview.locator('#active-frame').contentFrame().locator(clickInWebview).click({ timeout: 15_000 });
        }
        if (typeof click?.selector === 'string') {
          await shown
            .locator(click.selector, { hasText: click.text ?? '' })
            .filter({ visible: true })
            .first()
            .click({ timeout: 15_000 });
        }
        if (typeof paste === 'string') {
          await shown.evaluate(text => {
            const view = document.defaultView;
            const data = new view.DataTransfer();
            data.setData('text/plain', text);
            const event = new view.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
            (document.activeElement ?? document.body).dispatchEvent(event);
          }, paste);
        }
        const keyboard = shown.keyboard;
        if (typeof type === 'string') await keyboard.type(type, { delay: typeof delayMs === 'number' ? delayMs : 20 });
        if (typeof press === 'string') await keyboard.press(press);
        response.writeHead(204).end();
      } catch (error) {
        response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error?.message ?? error));
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  onCleanUp(() => new Promise(resolve => server.close(() => resolve())));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, attach: attachPage };
}
