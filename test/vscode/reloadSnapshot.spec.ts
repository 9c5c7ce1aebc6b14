// A reload starts from the digests parsed last session (the digest snapshot in the extension's
// storage): unchanged files are not read again, a digest edited while the window was closed is,
// and a damaged snapshot is not trusted: everything is read afresh. The window reload is the
// model's (`reset`, as a reload does to it); the window itself cannot reload under its own specs.
import * as assert from 'node:assert/strict';
import { readFile, writeFile, rm } from 'node:fs/promises';
import * as vscode from 'vscode';
import { extensionApi, waitFor, workspaceFile } from './helpers';

const DIGEST = `reload-snapshot-spec-${Date.now().toString(36)}.digest`;
const BEFORE = 'Marmalade Sorting Networks Before the Reload';
const AFTER = 'Marmalade Sorting Networks Edited While Closed';

function digestText(title: string): string {
  return `Daily Papers\nMar 15\n\n${title}\n\nWe sort marmalade jars with a network of comparators, at breakfast.\n`;
}

async function titles(): Promise<string[]> {
  const api = await extensionApi();
  return (await api.workspace.library()).papers.map(paper => paper.title);
}

describe('the reload from the digest snapshot', function () {
  this.timeout(90_000);

  after(async () => {
    await rm(workspaceFile(DIGEST).fsPath, { force: true });
    // The next specs count papers: the model must have dropped this one first.
    await waitFor(async () => !(await titles()).some(title => title === BEFORE || title === AFTER), {
      timeout: 20_000,
      message: 'the deleted digest to leave the library',
    });
  });

  it('re-reads a digest edited while the window was closed, and takes the others as they were parsed', async () => {
    const api = await extensionApi();
    const cache = api.indexCache;
    assert.ok(cache, 'the extension has workspace storage');
    await api.workspace.ensureLoaded();
    await writeFile(workspaceFile(DIGEST).fsPath, digestText(BEFORE));
    await waitFor(async () => (await titles()).includes(BEFORE), { timeout: 20_000, message: 'the new digest to be read' });
    // The snapshot is saved a few seconds after the last change.
    await waitFor(async () => (await readFile(cache.digestsFile.fsPath, 'utf8').catch(() => '')).includes(BEFORE), {
      timeout: 20_000,
      message: 'the snapshot to hold the new digest',
    });
    // Saved now, so every stamp in it is that of the file as the model last read it.
    await api.workspace.saveSnapshot();
    const files = api.workspace.digestUris().length;
    // A digest open with unsaved edits (another spec's) is read again too: its editor's text wins.
    const dirty = vscode.workspace.textDocuments.filter(doc => doc.isDirty && api.workspace.digest(doc.uri) !== undefined).length;

    // "While the window was closed": the file changes and the model reloads before any watcher is heard.
    await writeFile(workspaceFile(DIGEST).fsPath, digestText(AFTER));
    api.workspace.reset();
    await api.workspace.ensureLoaded();
    const load = api.workspace.lastLoad;
    // Alone, the others are all restored; after other specs a file they touched may be read again.
    assert.ok((load?.reread ?? 0) >= 1 + dirty, `the edited file was read again: ${JSON.stringify(load)}`);
    assert.equal((load?.restored ?? 0) + (load?.reread ?? 0), files, 'every file restored or read again');
    const now = await titles();
    assert.ok(now.includes(AFTER), 'the edited title is in the library');
    assert.ok(!now.includes(BEFORE), 'the title as it was before the edit is gone');
  });

  it('reads everything afresh when the snapshot is damaged', async () => {
    const api = await extensionApi();
    const cache = api.indexCache!;
    await waitFor(async () => (await readFile(cache.digestsFile.fsPath, 'utf8').catch(() => '')).includes(AFTER), {
      timeout: 20_000,
      message: 'the snapshot to be saved again',
    });
    const text = await readFile(cache.digestsFile.fsPath, 'utf8');
    await writeFile(cache.digestsFile.fsPath, text.replace(AFTER, AFTER.toUpperCase()));
    api.workspace.reset();
    await api.workspace.ensureLoaded();
    assert.equal(api.workspace.lastLoad?.restored, 0, 'nothing was taken from a damaged snapshot');
    const now = await titles();
    assert.ok(now.includes(AFTER), 'the digest was read from the file');
    assert.ok(!now.includes(AFTER.toUpperCase()), 'nothing of the damaged snapshot shows');
  });
});
