import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DayNode, PaperNode } from '../../src/vscode/tree/nodes';
import type { PapersTreeProvider } from '../../src/vscode/tree/papersTreeProvider';
import { SEED_DIGEST, closeAllEditors, extensionApi, openFile, waitFor, workspaceFile } from './helpers';
import { canType, clickInWebview, typeText } from './keyboard';
import { specFolder } from './specFolder';

/**
 * One filter rule for the Papers view, the preview's filter box and search (issue 18): the search
 * tokenizer's folding and plurals, authors included.
 */

const folder = specFolder('filter-spec');
const REPO = join(__dirname, '..', '..', '..');
const SAE = 'interpretinternalstates'; // "... with Sparse Autoencoder": singular in title and abstract

async function filteredKeys(tree: PapersTreeProvider, digest: vscode.Uri): Promise<string[]> {
  const roots = await tree.digestNodes();
  const node = roots.find(root => root.uri.toString() === digest.toString());
  if (!node) {
    return [];
  }
  const days = (await tree.getChildren(node)) as DayNode[];
  return ((await Promise.all(days.map(day => tree.getChildren(day)))).flat() as PaperNode[]).map(paper => paper.key);
}

describe('one filter rule: Papers view, preview, search', function () {
  this.timeout(90_000);
  let tree: PapersTreeProvider;
  const seed = workspaceFile(SEED_DIGEST);

  before(async () => {
    tree = (await extensionApi()).papersTree;
    await vscode.workspace.fs.createDirectory(folder.file(''));
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('digestNotes.clearFilter');
    await closeAllEditors();
  });

  after(() => vscode.workspace.fs.delete(folder.file(''), { recursive: true }).then(undefined, () => undefined));

  it('Papers view: "sparse autoencoders" finds "Sparse Autoencoder", as Search does', async () => {
    await vscode.commands.executeCommand('digestNotes.filterPapers', 'sparse autoencoders');
    const shown = await filteredKeys(tree, seed);
    assert.ok(shown.includes(SAE), shown.join(', '));
    const index = await (await extensionApi()).workspace.index();
    const searched = (await index.search('sparse autoencoders', { limit: 50 })).map(hit => hit.key);
    assert.ok(searched.includes(SAE));
    for (const key of searched) {
      assert.ok(shown.includes(key), `search finds ${key}, so does the filter`);
    }
  });

  it("Papers view: finds a paper by an author's name", async () => {
    // The first paper of a real Hugging Face daily-papers answer, with its authors.
    const daily = JSON.parse(await readFile(join(REPO, 'test/fixtures/sources/hf-daily-papers.json'), 'utf8')) as Array<{
      paper: { title: string; authors: Array<{ name: string }> };
    }>;
    const first = daily[0];
    const family = first.paper.authors[1].name.split(' ').at(-1)!;
    const file = await folder.write('one.json', JSON.stringify([first]));
    const api = await extensionApi();
    const paper = await waitFor(async () => (await api.workspace.library()).byTitle(first.paper.title), {
      message: 'the JSON digest read',
      timeout: 30_000,
    });
    await vscode.commands.executeCommand('digestNotes.filterPapers', family.toLowerCase());
    assert.deepEqual(await filteredKeys(tree, file), [paper.key]);
    assert.deepEqual(await filteredKeys(tree, seed), [], `no seed paper has an author ${family}`);
  });

  describe('preview filter box (typed in the browser)', () => {
    before(function () {
      if (!canType()) this.skip(); // the desktop host has no browser to type with
    });

    it('"sparse autoencoders" shows the three papers the Papers view shows', async () => {
      const manager = (await extensionApi()).preview!;
      await openFile(SEED_DIGEST);
      const rendered = manager.waitFor('rendered', m => m.source === seed.toString(), { fresh: true, timeoutMs: 45_000 });
      await vscode.commands.executeCommand('digestNotes.openPreview', seed);
      await rendered;
      await clickInWebview('input.filter-input');
      const filtered = manager.waitFor('filter', m => m.source === seed.toString() && m.text === 'sparse autoencoders', { fresh: true });
      await typeText('sparse autoencoders');
      const counted = (await filtered).visibleCount;
      await vscode.commands.executeCommand('digestNotes.filterPapers', 'sparse autoencoders');
      const shown = await filteredKeys(tree, seed);
      assert.ok(shown.includes(SAE));
      assert.equal(counted, shown.length);
    });
  });
});
