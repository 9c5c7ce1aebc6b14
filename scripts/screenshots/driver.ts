// Runs inside the extension host (as the test payload's `extensionTestsPath`) to lay out the
// workbench for `npm run screenshots`. The scene is named in the signals folder's `scene` file:
// `workbench` (the default) is the seed digest with the cursor on its 10th paper, the Papers view
// beside it, and the preview to the side with that paper's card highlighted; `walkthrough` is the
// first-day walkthrough as the Welcome page opens it.
// Bundled by scripts/screenshots.mjs. When the layout is done it writes `ready` into the folder
// DIGEST_NOTES_SCREENSHOT_SIGNALS names and waits for `done` there: the extension host ends when
// this function returns, and the views would go blank with it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DigestNotesApi } from '../../src/vscode/testProbe';

const SEED = 'hf-daily-papers-mar14.digest.txt';
const HIGHLIGHTED_PAPER = 9;
const SCREENSHOT_TIMEOUT_MS = 300_000;
const WALKTHROUGH = 'digestNotes.firstDay';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<DigestNotesApi>('digest-notes.digest-notes');
  if (!extension) {
    throw new Error('the Digest Notes extension is not loaded');
  }
  const api = await extension.activate();
  const preview = api.preview;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new Error('no workspace folder is open');
  }
  const seed = vscode.Uri.joinPath(folder.uri, SEED);

  for (const command of [
    'workbench.action.closeAllEditors',
    'workbench.action.closePanel',
    'workbench.action.closeAuxiliaryBar',
    'notifications.clearAll',
  ]) {
    await vscode.commands.executeCommand(command).then(undefined, () => undefined); // absent in some versions
  }
  if (scene() === 'walkthrough') {
    await showWalkthrough(extension.id);
    return;
  }
  const editor = await vscode.window.showTextDocument(seed, { viewColumn: vscode.ViewColumn.One });
  await vscode.commands.executeCommand('workbench.view.extension.digestNotes');

  const rendered = preview.waitFor('rendered', m => m.source === seed.toString(), { timeoutMs: 30_000 });
  await vscode.commands.executeCommand('digestNotes.openPreviewToSide', seed);
  await rendered;

  const entry = api.workspace.digest(seed)?.entries[HIGHLIGHTED_PAPER];
  if (!entry) {
    throw new Error(`the seed digest has no paper number ${HIGHLIGHTED_PAPER + 1}`);
  }
  const library = await api.workspace.library();
  const key = library.byTitle(entry.title)?.key;
  const focused = preview.waitFor('focused', m => m.source === seed.toString() && m.key === key, { timeoutMs: 10_000, fresh: true });
  await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  editor.selection = new vscode.Selection(entry.titleLine, 0, entry.titleLine, 0);
  editor.revealRange(new vscode.Range(entry.titleLine, 0, entry.titleLine, 0), vscode.TextEditorRevealType.AtTop);
  await focused;
  await vscode.commands.executeCommand('notifications.clearAll').then(undefined, () => undefined);
  await handOver();
}

/** The scene the screenshot script asked for. */
function scene(): string {
  const signals = process.env.DIGEST_NOTES_SCREENSHOT_SIGNALS;
  const file = signals && join(signals, 'scene');
  return file && existsSync(file) ? readFileSync(file, 'utf8').trim() : 'workbench';
}

/** The walkthrough beside the Papers view, as a writer who clicked it on the Welcome page sees it. */
async function showWalkthrough(extensionId: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.extension.digestNotes');
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#${WALKTHROUGH}`, false);
  await new Promise(resolve => setTimeout(resolve, 1000)); // the Welcome editor draws, then notifications can go
  await vscode.commands.executeCommand('notifications.clearAll').then(undefined, () => undefined);
  await handOver();
}

/** Tells the screenshot script the layout is ready, and stays alive until it has taken its picture. */
async function handOver(): Promise<void> {
  const signals = process.env.DIGEST_NOTES_SCREENSHOT_SIGNALS;
  if (!signals) {
    throw new Error('DIGEST_NOTES_SCREENSHOT_SIGNALS is not set: run this through scripts/screenshots.mjs');
  }
  writeFileSync(join(signals, 'ready'), '');
  const deadline = Date.now() + SCREENSHOT_TIMEOUT_MS;
  while (!existsSync(join(signals, 'done'))) {
    if (Date.now() > deadline) {
      throw new Error('the screenshot script never said it was done');
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
