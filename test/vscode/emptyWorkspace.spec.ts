import * as assert from 'node:assert/strict';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, extensionApi, waitFor, workspaceFile, workspaceFolder } from './helpers';
import { canType, elementShows, typeText } from './keyboard';

/**
 * A workspace with no digest and no bibliography (test/fixtures/empty-workspace, opened by the
 * second host run of `npm test`): the extension stays out of the way. Skipped in other workspaces.
 */

/** Writes a large plain-text log without holding it in memory (as a build or server log is). */
async function writeLog(uri: vscode.Uri, megabytes: number): Promise<void> {
  const line = `${'2026-12-01T00:00:00Z INFO request served in 12 ms from cache, nothing to see here '.repeat(2)}\n`;
  const chunk = line.repeat(Math.ceil((1024 * 1024) / line.length));
  const handle = await open(uri.fsPath, 'w');
  try {
    for (let i = 0; i < megabytes; i++) {
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
}

describe('a workspace that keeps no papers', function () {
  this.timeout(120_000);

  before(function () {
    if (basename(workspaceFolder().fsPath) !== 'empty-workspace') this.skip();
  });

  it('does not warn about [@foo] in a README, and reads no large .txt log to find out', async () => {
    const logs = [workspaceFile('server.log.txt'), workspaceFile('build.txt')];
    for (const log of logs) {
      await writeLog(log, 150);
    }
    // The baseline after Markdown's own extension (and ours) has activated on a first Markdown
    // file: the growth measured is what a README with citation syntax makes ours do.
    const plain = workspaceFile('NOTES.md');
    await vscode.workspace.fs.writeFile(plain, new TextEncoder().encode('# Notes\n\nNothing cited here.\n'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(plain));
    await new Promise(resolve => setTimeout(resolve, 2000));
    const before = process.memoryUsage().rss;
    const readme = workspaceFile('README.md');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(readme));
    const api = await extensionApi();
    await api.keyDiagnostics.refresh(vscode.window.activeTextEditor!.document);
    assert.deepEqual(api.keyDiagnostics.diagnosticsOf(readme), [], 'no unknown-key warning');
    assert.deepEqual(api.workspace.digestUris(), [], 'the workspace was not scanned');
    const growth = (process.memoryUsage().rss - before) / (1024 * 1024);
    console.log(
      `${process.env.DIGEST_NOTES_LOG_MARKER ?? ''}      [perf] extension host growth with 2 x 150 MB .txt logs: ${growth.toFixed(1)} MB`,
    );
    assert.ok(growth < 50, `the host grew by ${growth.toFixed(1)} MB`);
  });
  // The walkthrough's steps ticked however the writer did them (issue 18): `onCommand:` events see
  // only commands the workbench runs, so a digest saved by hand, a citation typed and a note opened
  // tick their steps through context keys; done before the walkthrough is first opened in the
  // window, or while it shows. Here, in a fresh window, nothing was done before.
  it('ticks the first-day steps once the writer has a digest, typed a citation and opened a note', async function () {
    if (!canType()) this.skip(); // the steps' state is read in the browser, the citation typed there
    const ext = vscode.extensions.all.find(e => e.packageJSON?.name === 'digest-notes')!;
    const step = (id: string) => `[data-done-step-id="${ext.id}#digestNotes.firstDay#${id}"]`;
    await closeAllEditors();

    // Before the walkthrough is opened: a digest saved, a citation typed key by key.
    const digest = workspaceFile('walkthrough/today.digest.txt');
    const title = 'Ticked Steps Follow What Writers Do';
    await vscode.workspace.fs.writeFile(digest, new TextEncoder().encode(`Mar 14\n\n${title}\n\nAn abstract.\n`));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(digest));
    const api = await extensionApi();
    const paper = await waitFor(async () => (await api.workspace.library()).byTitle(title), { message: 'the paper in the library' });
    const draft = workspaceFile('walkthrough/draft.md');
    await vscode.workspace.fs.writeFile(draft, new TextEncoder().encode('A claim.\n'));
    // The cursor placed as the editor opens (a selection set afterwards can reach the browser after the first keys).
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(draft), {
      selection: new vscode.Range(0, 7, 0, 7),
    });
    await typeText(` [@${paper.key}]`);
    await waitFor(() => editor.document.getText().includes(`A claim [@${paper.key}].`), {
      message: `the citation typed: ${editor.document.getText()}`,
    });
    await editor.document.save();

    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${ext.id}#digestNotes.firstDay`, false);
    await elementShows(`${step('openDigest')}.complete`);
    await elementShows(`${step('cite')}.complete`);
    await elementShows(`${step('note')}:not(.complete)`);

    // While it shows: a note opened.
    const note = workspaceFile(`notes/${paper.key}.md`);
    await vscode.workspace.fs.writeFile(note, new TextEncoder().encode(`# ${title}\n`));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(note), vscode.ViewColumn.Beside);
    await elementShows(`${step('note')}.complete`);

    await closeAllEditors();
    for (const uri of [workspaceFile('walkthrough'), workspaceFile('notes')]) {
      await vscode.workspace.fs.delete(uri, { recursive: true });
    }
  });
});
