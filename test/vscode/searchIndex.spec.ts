// The workspace's search index as the writer lives with it: a digest added, edited and deleted
// shows in the search at once, only that digest's papers are re-indexed, and the index saved in
// the extension's storage is what a reload restores. The index runs in a worker thread
// (src/indexWorker), so every answer here has come through its messages.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { IndexCache } from '../../src/vscode/indexCache';
import type { SearchItemSummary } from '../../src/vscode/search';
import { extensionApi, waitFor, workspaceFile } from './helpers';

const FOLDER = `search-index-spec-${Date.now().toString(36)}`;
const DIGEST = `${FOLDER}/teapots.digest`;
const TITLE = 'Holographic Teapots for Sparse Rendering';

function digestText(abstract: string): string {
  return `Daily Papers\nMar 15\n\n${TITLE}\n\n${abstract}\n`;
}

async function write(path: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(workspaceFile(path), new TextEncoder().encode(text));
}

async function firstResult(query: string): Promise<string | undefined> {
  const items = await vscode.commands.executeCommand<SearchItemSummary[]>('digestNotes.searchPapers', { query });
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  return items[0]?.label;
}

describe('the workspace search index', function () {
  this.timeout(90_000);

  after(async () => {
    await vscode.workspace.fs.delete(workspaceFile(FOLDER), { recursive: true }).then(undefined, () => undefined);
  });

  it('finds a new digest\'s paper, re-indexes only the edited paper, and forgets a deleted digest', async () => {
    const api = await extensionApi();
    const before = (await api.workspace.index()).size;
    await write(DIGEST, digestText('We render teapots as holograms with sparse voxel grids.'));
    await waitFor(async () => (await firstResult('holographic teapots')) === TITLE, { timeout: 20_000, message: 'the new digest to be searchable' });
    const index = await api.workspace.index();
    assert.equal(index.size, before + 1);

    await write(DIGEST, digestText('We render teapots as quasicrystalline holograms with sparse voxel grids.'));
    await waitFor(async () => (await firstResult('quasicrystalline')) === TITLE, { timeout: 20_000, message: 'the edited abstract to be searchable' });
    assert.deepEqual((await api.workspace.index()).lastChanges, { added: 0, removed: 0, changed: 1 });

    await vscode.workspace.fs.delete(workspaceFile(FOLDER), { recursive: true });
    await waitFor(async () => (await firstResult('quasicrystalline')) !== TITLE, { timeout: 20_000, message: 'the deleted digest to leave the search' });
    assert.deepEqual((await api.workspace.index()).lastChanges, { added: 0, removed: 1, changed: 0 });
    assert.equal((await api.workspace.index()).size, before);
  });

  it('saves the index in the extension\'s storage and restores it after a reload', async () => {
    const api = await extensionApi();
    const cache = api.indexCache as IndexCache | undefined;
    assert.ok(cache, 'a workspace is open, so the index has a place to be saved');
    const bytes = await (await api.workspace.index()).save();
    assert.equal((await vscode.workspace.fs.stat(cache.file)).size, bytes);

    api.workspace.reset(); // what a window reload does to the model
    const restored = await api.workspace.index();
    assert.equal(restored.lastLoad?.used, true, `the saved index was not used: ${restored.lastLoad?.reason}`);
    assert.equal(await firstResult('transcoders circuits'), 'Transcoders Find Interpretable LLM Feature Circuits');

    await cache.clear();
    api.workspace.reset();
    const rebuilt = await api.workspace.index();
    assert.equal(rebuilt.lastLoad?.used, false);
    assert.equal(await firstResult('transcoders circuits'), 'Transcoders Find Interpretable LLM Feature Circuits');
  });
});
