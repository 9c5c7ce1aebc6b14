import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import { readBibliography } from '../../src/core/bib';
import type { Paper } from '../../src/core/model';
import type { InsertCitationResult } from '../../src/vscode/cite';
import type { SearchItemSummary } from '../../src/vscode/search';
import { requirePandoc } from '../integration/requireTool';
import { SEED_DIGEST, closeAllEditors, extensionApi, waitFor, workspaceFile } from './helpers';

const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';
const LIB = 'The Local Interaction Basis: Identifying Computationally-Relevant and Sparsely Interacting Features in Neural Networks';
const HAND_WRITTEN =
  '% My own references, kept as written.\n@article{doe2020,\n  author  = {Doe, Jane},\n  title   = {A Hand-Written ' +
  'Entry},\n  journal = {Journal of Examples},\n  year    = 2020\n}\n';

/** Every spec writes under its own folder so other features' specs never see these files. */
const root = `cite-spec-${Date.now().toString(36)}`;
const file = (name: string) => workspaceFile(`${root}/${name}`);

async function write(name: string, text: string): Promise<vscode.Uri> {
  await vscode.workspace.fs.writeFile(file(name), new TextEncoder().encode(text));
  return file(name);
}

async function read(name: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(file(name)));
}

async function exists(name: string): Promise<boolean> {
  return vscode.workspace.fs.stat(file(name)).then(
    () => true,
    () => false,
  );
}

/** Opens `name` with the cursor(s) at each `|` of `text` (the bars are not written). */
async function openDraft(name: string, text: string): Promise<vscode.TextEditor> {
  const parts = text.split('|');
  const offsets = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('').length);
  await write(name, parts.join(''));
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file(name)));
  editor.selections = offsets.map(o => new vscode.Selection(editor.document.positionAt(o), editor.document.positionAt(o)));
  return editor;
}

/** Saves what a test left unsaved (never the bibliographies it checks byte for byte), then closes it. */
async function saveAndCloseAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.saveAll');
  await closeAllEditors();
}

function cite(keys: string[]): Thenable<InsertCitationResult> {
  return vscode.commands.executeCommand<InsertCitationResult>('digestNotes.insertCitation', keys);
}

describe('citing from the command', function () {
  this.timeout(60_000);
  let k1: Paper;
  let k2: Paper;

  before(async () => {
    const api = await extensionApi();
    const library = await api.workspace.library();
    k1 = library.byTitle(TRANSCODERS)!;
    k2 = library.byTitle(LIB)!;
    assert.ok(k1 && k2, 'the seed digest has both papers');
    await vscode.workspace.fs.createDirectory(workspaceFile(root));
  });

  afterEach(saveAndCloseAll);

  describe('a Markdown draft with `bibliography: refs.bib`', () => {
    it('writes [@k1; @k2] at the cursor and two entries, keeping a hand-written entry byte for byte', async () => {
      await write('refs.bib', HAND_WRITTEN);
      const editor = await openDraft('draft.md', '---\ntitle: Draft\nbibliography: refs.bib\n---\n\nTranscoders help |.\n');

      const result = await cite([k1.key, k2.key]);

      assert.equal(
        editor.document.getText(),
        `---\ntitle: Draft\nbibliography: refs.bib\n---\n\nTranscoders help [@${k1.key}; @${k2.key}].\n`,
      );
      const bib = await read('refs.bib');
      assert.ok(bib.startsWith(HAND_WRITTEN), 'the hand-written entry and comment are unchanged');
      const read1 = readBibliography(bib, 'bibtex');
      assert.equal(read1.error, undefined);
      assert.deepEqual(read1.entries.map(e => e.key).sort(), ['doe2020', k1.key, k2.key].sort());
      assert.deepEqual(result.bibliography?.added.sort(), [k1.key, k2.key].sort());
    });

    it('adds nothing to refs.bib when the first paper is cited again', async () => {
      const before = await read('refs.bib');
      const editor = await openDraft('again.md', '---\nbibliography: refs.bib\n---\nAgain|.\n');

      const result = await cite([k1.key]);

      assert.equal(editor.document.getText(), `---\nbibliography: refs.bib\n---\nAgain [@${k1.key}].\n`);
      assert.equal(await read('refs.bib'), before);
      assert.deepEqual(result.bibliography?.added, []);
    });

    it('renders both titles with pandoc --citeproc', function () {
      requirePandoc(this);
      const out = spawnSync('pandoc', ['draft.md', '--citeproc', '--wrap=none', '-t', 'plain'], { cwd: file('').fsPath, encoding: 'utf8' });
      assert.equal(out.status, 0, out.stderr);
      const plain = out.stdout.replace(/\s+/g, ' ').toLowerCase();
      assert.ok(plain.includes(TRANSCODERS.toLowerCase()), out.stdout);
      assert.ok(plain.includes(LIB.toLowerCase()), out.stdout);
      assert.ok(!/\?\?|citation .* not found/i.test(out.stderr), out.stderr);
    });

    it('joins the cluster under the cursor instead of writing a new one', async () => {
      await openDraft('join.md', `---\nbibliography: refs.bib\n---\nSee [@${k2.key}|].\n`);
      await cite([k1.key]);
      assert.equal(
        (await vscode.workspace.openTextDocument(file('join.md'))).getText(),
        `---\nbibliography: refs.bib\n---\nSee [@${k2.key}; @${k1.key}].\n`,
      );
    });

    it('cites at every cursor', async () => {
      const editor = await openDraft('multi.md', '---\nbibliography: refs.bib\n---\nOne|. Two|.\n');
      const result = await cite([k1.key]);
      assert.equal(result.inserted, 2);
      assert.equal(editor.document.getText(), `---\nbibliography: refs.bib\n---\nOne [@${k1.key}]. Two [@${k1.key}].\n`);
    });

    it('cites a paper already in the bibliography under another key with that key', async () => {
      const own = `@misc{mykey,\n  title = {{${TRANSCODERS}}}\n}\n`;
      await write('own.bib', own);
      const editor = await openDraft('own.md', '---\nbibliography: own.bib\n---\nText|\n');
      await cite([k1.key]);
      assert.ok(editor.document.getText().includes('Text [@mykey]'), editor.document.getText());
      assert.equal(await read('own.bib'), own);
    });
  });

  it('writes \\cite{k1,k2} in a LaTeX draft with \\addbibresource, creating the file', async () => {
    const editor = await openDraft(
      'draft.tex',
      '\\documentclass{article}\n\\addbibresource{tex-refs.bib}\n\\begin{document}\nAs shown |.\n\\end{document}\n',
    );

    await cite([k1.key, k2.key]);

    assert.ok(editor.document.getText().includes(`As shown \\cite{${k1.key},${k2.key}}.`));
    const read1 = readBibliography(await read('tex-refs.bib'), 'bibtex');
    assert.equal(read1.error, undefined);
    assert.deepEqual(
      read1.entries.map(e => e.key),
      [k1.key, k2.key],
    );
  });

  it('keeps a CSL-JSON bibliography valid JSON with the entries added', async () => {
    await write('refs.json', '[\n  { "id": "hand", "type": "book", "title": "Hand" }\n]\n');
    await openDraft('json.md', '---\nbibliography: refs.json\n---\nText |\n');

    await cite([k1.key, k2.key]);

    const items = JSON.parse(await read('refs.json')) as Array<{ id: string; title: string }>;
    assert.deepEqual(
      items.map(i => i.id),
      ['hand', k1.key, k2.key],
    );
    assert.equal(items[1].title, TRANSCODERS);
  });

  it('creates a valid CSL-YAML bibliography with the entries', async () => {
    await openDraft('yaml.md', '---\nbibliography: refs.yaml\n---\nText |\n');

    await cite([k1.key, k2.key]);

    const data = parseYaml(await read('refs.yaml')) as { references: Array<{ id: string }> };
    assert.deepEqual(
      data.references.map(r => r.id),
      [k1.key, k2.key],
    );
  });

  it('edits an open, unsaved bibliography through its editor, as one undo step', async () => {
    // The web workbench saves after a delay by default; the user here keeps changes unsaved.
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
    try {
      await write('open.bib', HAND_WRITTEN);
      const bibEditor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('open.bib')));
      await bibEditor.edit(b => b.insert(new vscode.Position(0, 0), '% unsaved note\n'));
      await waitFor(() => bibEditor.document.isDirty, { message: 'the bibliography to show as unsaved' });
      const unsaved = bibEditor.document.getText();
      await openDraft('open.md', '---\nbibliography: open.bib\n---\nText |\n');

      const result = await cite([k1.key]);

      assert.equal(result.bibliography?.via, 'editor');
      assert.ok(bibEditor.document.isDirty, 'still unsaved: the user saves their own changes');
      assert.ok(bibEditor.document.getText().startsWith(unsaved));
      assert.ok(bibEditor.document.getText().includes(`@misc{${k1.key},`));
      assert.equal(await read('open.bib'), HAND_WRITTEN, 'the file on disk is not written behind the editor');

      await vscode.window.showTextDocument(bibEditor.document);
      await vscode.commands.executeCommand('undo');
      assert.equal(bibEditor.document.getText(), unsaved);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('leaves a broken bibliography and the draft untouched and names the file and line', async () => {
    const broken = '@article{ok,\n  title = {Fine}\n}\n\n@article{broken,\n  title = {Unclosed\n';
    await write('broken.bib', broken);
    const editor = await openDraft('broken.md', '---\nbibliography: broken.bib\n---\nText |\n');
    const draftBefore = editor.document.getText();

    const result = await cite([k1.key]);

    assert.ok(result.error, 'an error is returned');
    assert.match(result.error, /broken\.bib, line \d+/);
    assert.equal(await read('broken.bib'), broken);
    assert.equal(editor.document.getText(), draftBefore);
  });

  it('writes nothing outside the workspace when a draft declares a bibliography there', async () => {
    const name = `outside-${Date.now()}.bib`;
    const editor = await openDraft('outside.md', `---\nbibliography: ../../${name}\n---\nText |\n`);
    const draftBefore = editor.document.getText();

    const result = await cite([k1.key]);

    assert.match(result.error ?? JSON.stringify(result), /outside the workspace/);
    // (drafts of this spec live one folder down, so ../../ leaves the workspace folder)
    assert.equal(editor.document.getText(), draftBefore);
    const outside = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '..', name);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(outside)), 'no file was created outside');
  });

  it('adds entries without citing through digestNotes.addToBibliography', async () => {
    await openDraft('add.md', '---\nbibliography: add.bib\n---\n');
    const result = await vscode.commands.executeCommand<{ added: string[] }>('digestNotes.addToBibliography', [k2.key], file('add.md'));
    assert.deepEqual(result.added, [k2.key]);
    assert.ok(await exists('add.bib'));
  });
});

describe('copying and exporting entries', function () {
  this.timeout(60_000);

  it("copies a paper's BibTeX entry to the clipboard", async () => {
    const api = await extensionApi();
    const paper = (await api.workspace.library()).byTitle(TRANSCODERS)!;
    const text = await vscode.commands.executeCommand<string>('digestNotes.copyBibtexEntry', paper.key);
    assert.equal(await vscode.env.clipboard.readText(), text);
    assert.deepEqual(
      readBibliography(text, 'bibtex').entries.map(e => e.key),
      [paper.key],
    );
  });

  it("exports a digest's papers as CSL-JSON", async () => {
    const api = await extensionApi();
    const library = await api.workspace.library();
    const digest = workspaceFile(SEED_DIGEST);
    const target = file('export.json');
    await vscode.workspace.fs.createDirectory(workspaceFile(root));
    const result = await vscode.commands.executeCommand<{ count: number }>('digestNotes.exportBibliography', {
      uri: digest,
      format: 'csl-json',
      target,
    });
    const items = JSON.parse(await read('export.json')) as Array<{ id: string }>;
    const expected = library.papers.filter(p => p.occurrences.some(o => o.path === digest.toString())).length;
    assert.equal(result.count, expected);
    assert.equal(items.length, expected);
    assert.ok(items.some(i => i.id === library.byTitle(TRANSCODERS)!.key));
  });
});

describe('searching papers', function () {
  this.timeout(60_000);
  after(() => vscode.commands.executeCommand('workbench.action.closeQuickOpen'));

  it('ranks the transcoders paper first for "transcoders circuits"', async () => {
    const items = await vscode.commands.executeCommand<SearchItemSummary[]>('digestNotes.searchPapers', { query: 'transcoders circuits' });
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(items[0].label, TRANSCODERS);
    assert.match(items[0].description, / · Mar 14$/);
  });

  it('finds the paper among workspace symbols by key and by title words', async () => {
    const api = await extensionApi();
    const paper = (await api.workspace.library()).byTitle(TRANSCODERS)!;
    const byKey = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', paper.key);
    assert.ok(
      byKey.some(s => s.name.startsWith(TRANSCODERS)),
      byKey.map(s => s.name).join('\n'),
    );
    const byWords = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
      'vscode.executeWorkspaceSymbolProvider',
      'interpretable circuits',
    );
    const symbol = byWords.find(s => s.name.startsWith(TRANSCODERS));
    assert.ok(symbol);
    assert.equal(symbol.location.range.start.line, paper.occurrences[0].titleLine);
    assert.equal(symbol.location.uri.toString(), paper.occurrences[0].path);
  });
});
