// The workspace's search index as the writer lives with it: a digest added, edited and deleted
// shows in the search at once, only that digest's papers are re-indexed, and the index saved in
// the extension's storage is what a reload restores. The index runs in a worker thread
// (src/indexWorker), so every answer here has come through its messages.
import * as assert from 'node:assert/strict';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { SearchItemSummary } from '../../src/vscode/search';
import { extensionApi, waitFor, workspaceFile } from './helpers';

const FOLDER = `search-index-spec-${Date.now().toString(36)}`;
const DIGEST = `${FOLDER}/teapots.digest`;
const TITLE = 'Holographic Teapots for Sparse Rendering';
const NESTED = 'Nested Teapots in Folders Moved Whole';
const AS_TEXT = 'Plain Text Teapots Saved From a Browser';

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

/** Where a paper that is not found got lost: the watcher, the library or the index. */
async function stateOf(api: Awaited<ReturnType<typeof extensionApi>>, query: string, title = TITLE, digest = DIGEST): Promise<string> {
  const parsed = api.workspace.digest(workspaceFile(digest));
  const library = await api.workspace.library();
  const index = await api.workspace.index();
  const hits = await index.search(query, { limit: 3 });
  return (
    `digest in the model: ${parsed ? `${parsed.entries.length} entr(ies)` : 'no'}; ` +
    `in the library: ${library.papers.some(p => p.title === title)}; ` +
    `index size ${index.size} of ${library.papers.length}, last changes ${JSON.stringify(index.lastChanges)}; ` +
    `top hits: ${hits.map(h => h.title).join(' | ') || 'none'}`
  );
}

describe('the workspace search index', function () {
  this.timeout(90_000);

  after(async () => {
    await vscode.workspace.fs.delete(workspaceFile(FOLDER), { recursive: true }).then(undefined, () => undefined);
  });

  it("finds a new digest's paper, re-indexes only the edited paper, and forgets a deleted digest", async () => {
    const api = await extensionApi();
    const before = (await api.workspace.index()).size;
    await write(DIGEST, digestText('We render teapots as holograms with sparse voxel grids.'));
    await waitFor(async () => (await firstResult('holographic teapots')) === TITLE, {
      timeout: 20_000,
      message: 'the new digest to be searchable',
      explain: () => stateOf(api, 'holographic teapots'),
    });
    const index = await api.workspace.index();
    assert.equal(index.size, before + 1);

    await write(DIGEST, digestText('We render teapots as quasicrystalline holograms with sparse voxel grids.'));
    await waitFor(async () => (await firstResult('quasicrystalline')) === TITLE, {
      timeout: 20_000,
      message: 'the edited abstract to be searchable',
      explain: () => stateOf(api, 'quasicrystalline'),
    });
    assert.deepEqual((await api.workspace.index()).lastChanges, { added: 0, removed: 0, changed: 1 });

    await vscode.workspace.fs.delete(workspaceFile(FOLDER), { recursive: true });
    await waitFor(async () => (await firstResult('quasicrystalline')) !== TITLE, {
      timeout: 20_000,
      message: 'the deleted digest to leave the search',
      explain: () => stateOf(api, 'quasicrystalline'),
    });
    assert.deepEqual((await api.workspace.index()).lastChanges, { added: 0, removed: 1, changed: 0 });
    assert.equal((await api.workspace.index()).size, before);
  });

  it('finds the digests of a folder moved into the workspace, nested or .txt, and forgets them when it moves out', async () => {
    // As a shell `mv` or a file manager does it: the watcher reports the folder, none of its files.
    const api = await extensionApi();
    const before = (await api.workspace.index()).size;
    const outside = join(dirname(workspaceFile('.').fsPath), `moving-in-${Date.now().toString(36)}`);
    const inside = workspaceFile(`${FOLDER}-moved`);
    await mkdir(join(outside, '2026', 'nov'), { recursive: true });
    await writeFile(
      join(outside, '2026', 'nov', 'nested.digest'),
      digestText('Teapots again, now nested two folders down.').replace(TITLE, NESTED),
    );
    await writeFile(
      join(outside, 'saved-from-browser.txt'),
      `Get trending papers in your email inbox!\n${digestText('A digest saved as plain text.').replace(TITLE, AS_TEXT)}`,
    );
    try {
      await rename(outside, inside.fsPath);
      await waitFor(
        async () => (await firstResult('nested two folders')) === NESTED && (await firstResult('saved plain text')) === AS_TEXT,
        {
          timeout: 20_000,
          message: "the moved folder's digests to be searchable",
          explain: () => stateOf(api, 'nested two folders', NESTED, `${FOLDER}-moved/2026/nov/nested.digest`),
        },
      );
      assert.equal((await api.workspace.index()).size, before + 2);

      await rename(inside.fsPath, outside);
      await waitFor(async () => (await api.workspace.index()).size === before, {
        timeout: 20_000,
        message: 'the moved-out digests to leave the index',
      });
      assert.notEqual(await firstResult('nested two folders'), NESTED);
    } finally {
      await rm(outside, { recursive: true, force: true });
      await rm(inside.fsPath, { recursive: true, force: true });
    }
  });

  it("saves the index in the extension's storage and restores it after a reload", async () => {
    const api = await extensionApi();
    const cache = api.indexCache;
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
