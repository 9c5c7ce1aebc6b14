import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ReplayServer, SEPARATING_TITLE } from '../integration/metadataReplay';
import { closeAllEditors, extensionApi, waitFor, workspaceFile, removeDigestNotesFolder, removeIfPresent } from './helpers';

/** The paper of the replay server's DOI: in no digest of the workspace (the arXiv one is a seed paper). */
const SHIELD_BUGS = 'Shield bugs (nymphs)';
const root = `identifier-spec-${Date.now().toString(36)}`;
const file = (name: string) => workspaceFile(`${root}/${name}`);
const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

describe('Insert Citation by Identifier (issue 21)', function () {
  this.timeout(120_000);
  let server: ReplayServer;
  const settings = () => vscode.workspace.getConfiguration('digestNotes');

  before(async () => {
    server = await ReplayServer.start();
    await settings().update('metadata.endpoints', server.endpoints, vscode.ConfigurationTarget.Workspace);
    await settings().update('metadata.lookup', 'on', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await closeAllEditors();
    await server?.close();
    await settings().update('metadata.endpoints', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('metadata.lookup', undefined, vscode.ConfigurationTarget.Global);
    await removeDigestNotesFolder();
    await removeIfPresent(workspaceFile(root));
    const api = await extensionApi();
    await waitFor(async () => (await api.workspace.library()).byTitle(SHIELD_BUGS) === undefined, {
      timeout: 30_000,
      message: 'the added paper leaves the library with the metadata file',
    });
  });

  it('looks an arXiv link up, records it as added, writes the entry and cites it at the cursor; a second time asks nothing', async () => {
    const text = '---\nbibliography: refs.bib\n---\nContrastive analysis helps here.\n';
    await vscode.workspace.fs.writeFile(file('paper.md'), new TextEncoder().encode(text));
    const editor = await vscode.window.showTextDocument(file('paper.md'));
    const at = editor.document.positionAt(text.indexOf(' here.') + ' here'.length);
    editor.selection = new vscode.Selection(at, at);

    const keys = await vscode.commands.executeCommand<string[]>(
      'digestNotes.insertCitationByIdentifier',
      'https://arxiv.org/abs/2402.11928v2 https://doi.org/10.5281/zenodo.8242099',
    );
    assert.equal(keys?.length, 2, 'both papers cited');
    const [key, doiKey] = keys!;
    assert.equal(server.count('arxiv'), 1);
    assert.equal(server.count('doi'), 1);
    assert.equal(server.requests.find(r => r.service === 'arxiv')?.query.get('id_list'), '2402.11928');
    await waitFor(() => editor.document.getText().includes(`[@${key}; @${doiKey}]`), { message: `the draft cites @${key} and @${doiKey}` });
    // The author rule: the first author's family name and the year, not the title rule.
    assert.match(key, /^[a-z]+2024/);
    assert.match(doiKey, /^willighagen2023/);
    const bib = await read(file('refs.bib'));
    assert.ok(bib.includes(`{${key},`) && bib.includes('2402.11928') && bib.includes(`{${doiKey},`), bib);
    const metadata = JSON.parse(await read(workspaceFile('.digest-notes/metadata.json'))) as {
      papers: { title: string; added?: string }[];
    };
    assert.ok(metadata.papers.some(paper => paper.title === SHIELD_BUGS && paper.added !== undefined));
    const api = await extensionApi();
    const library = await api.workspace.library();
    assert.equal(library.byTitle(SEPARATING_TITLE)?.key, key);
    assert.equal(library.byTitle(SHIELD_BUGS)?.key, doiKey, 'the paper of no digest joined the library');

    const again = await vscode.commands.executeCommand<string[]>('digestNotes.insertCitationByIdentifier', 'arXiv:2402.11928');
    assert.deepEqual(again, [key]);
    assert.equal(server.requests.length, 2, 'a known identifier is cited without a request');
  });

  it("cites a digest's paper by its arXiv id or link without asking or a request, even with lookups set to ask", async () => {
    const feed = readFileSync(join(process.env.DIGEST_NOTES_REPO ?? '', 'test', 'fixtures', 'rank', 'arxiv-2025-07-28.xml'));
    await vscode.workspace.fs.writeFile(file('arxiv-2025-07-28.xml'), feed);
    const api = await extensionApi();
    const paper = await waitFor(async () => (await api.workspace.library()).papers.find(p => p.metadata?.arxiv === '2507.19058'), {
      timeout: 20_000,
      message: "the feed's paper 2507.19058 in the library",
    });
    // "ask" would show a modal question: the test would hang on it, so none may come.
    await settings().update('metadata.lookup', 'ask', vscode.ConfigurationTarget.Global);
    try {
      const text = '---\nbibliography: refs.bib\n---\nAs shown before.\n';
      await vscode.workspace.fs.writeFile(file('known.md'), new TextEncoder().encode(text));
      const editor = await vscode.window.showTextDocument(file('known.md'));
      const at = editor.document.positionAt(text.indexOf(' before') + ' before'.length);
      editor.selection = new vscode.Selection(at, at);
      const before = server.requests.length;
      const keys = await vscode.commands.executeCommand<string[]>(
        'digestNotes.insertCitationByIdentifier',
        'https://arxiv.org/pdf/2507.19058v1 arXiv:2507.19058',
      );
      assert.deepEqual(keys, [paper.key]);
      assert.equal(server.requests.length, before, 'no request for a paper the digests hold');
      await waitFor(() => editor.document.getText().includes(`As shown before [@${paper.key}].`), {
        message: `the draft cites @${paper.key}: ${editor.document.getText()}`,
      });
      await editor.document.save();
    } finally {
      await settings().update('metadata.lookup', 'on', vscode.ConfigurationTarget.Global);
    }
  });

  it('offline (lookups off): no request, nothing cited', async () => {
    await settings().update('metadata.lookup', 'off', vscode.ConfigurationTarget.Global);
    try {
      const before = server.requests.length;
      const keys = await vscode.commands.executeCommand<string[] | undefined>(
        'digestNotes.insertCitationByIdentifier',
        'doi:10.9999/unknown.paper',
      );
      assert.equal(keys, undefined);
      assert.equal(server.requests.length, before);
    } finally {
      await settings().update('metadata.lookup', 'on', vscode.ConfigurationTarget.Global);
    }
  });
});
