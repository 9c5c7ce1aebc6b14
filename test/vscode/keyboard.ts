// Typing into the workbench as a writer does: the runner drives the browser's keyboard
// (scripts/host/keyboard.mjs). An extension host cannot type into a quick pick by itself.

/** Whether this host can type (code-server through the browser; not the desktop host). */
export function canType(): boolean {
  return Boolean(process.env.DIGEST_NOTES_KEYBOARD_URL);
}

interface KeyRequest {
  type?: string;
  press?: string;
  waitForQuickInput?: boolean;
  waitForFirstRow?: string;
  waitForElement?: { selector: string; text?: string };
  clickInWebview?: string;
  paste?: string;
  click?: { selector: string; text?: string };
}

async function send(body: KeyRequest): Promise<void> {
  const url = process.env.DIGEST_NOTES_KEYBOARD_URL;
  if (!url) {
    throw new Error('DIGEST_NOTES_KEYBOARD_URL is not set: keyboard specs run in the code-server host (npm run test:vscode).');
  }
  const response = await fetch(`${url}/keys`, { method: 'POST', body: JSON.stringify(body) });
  if (!response.ok) {
    throw new Error(`the browser's keyboard failed: ${response.status} ${await response.text()}`);
  }
}

/** Types text key by key into whatever has the focus (a quick pick's input box). */
export function typeText(text: string): Promise<void> {
  return send({ type: text });
}

/** Presses one key or chord, as Playwright names them: `Enter`, `ArrowDown`, `Space`, `Control+A`. */
export function press(key: string): Promise<void> {
  return send({ press: key });
}

/** Waits until a quick input (a picker, an input box) has the keyboard focus, as a writer would see it. */
export function quickInputFocused(): Promise<void> {
  return send({ waitForQuickInput: true });
}

/** Waits until the open picker's first row shows `text` (the answer to what was typed has come). */
export function firstRowShows(text: string): Promise<void> {
  return send({ waitForFirstRow: text });
}

/** Waits until a visible element of the workbench matching `selector` shows `text` (any text when absent). */
export function elementShows(selector: string, text?: string): Promise<void> {
  return send({ waitForElement: { selector, text } });
}

/** Waits until the editor's suggestion widget is open and lists `text`. */
export function suggestionShows(text: string): Promise<void> {
  return elementShows('.suggest-widget .monaco-list-row', text);
}

/** Clicks the element matching `selector` inside the visible webview (a preview's filter box). */
export function clickInWebview(selector: string): Promise<void> {
  return send({ clickInWebview: selector });
}

/** Pastes `text` into whatever has the focus, as the browser delivers Ctrl+V: the editor's paste providers see it. */
export function pasteText(text: string): Promise<void> {
  return send({ paste: text });
}

/** Clicks the visible element of the workbench matching `selector` that shows `text` (a menu's item). */
export function click(selector: string, text?: string): Promise<void> {
  return send({ click: { selector, text } });
}
