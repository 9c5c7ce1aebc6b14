import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Paper } from '../../src/core/model';
import type { InsertCitationResult } from '../../src/vscode/cite';
import type { ReplaceKeyResult } from '../../src/vscode/draft/keyFixes';
import type { CreateNoteResult } from '../../src/vscode/notes';
import type { InsertNoteLinkResult } from '../../src/vscode/notes/noteLink';
import { SAMPLE_DRAFT, closeAllEditors, extensionApi, waitFor, workspaceFile, removeIfPresent } from './helpers';
import { canType, firstRowShows, press, quickInputFocused } from './keyboard';
import { specFolder } from './specFolder';

/**
 * Where text goes (issue 18): every command that writes into a draft follows one rule, in the
 * flows that broke: a note just opened taking the citation, the front matter, a word, a key.
 */

const folder = specFolder('placement-spec');
const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';
const ATTENTION = 'Interpreting Attention Layer Outputs with Sparse Autoencoders';

function textOf(uri: vscode.Uri): string {
  return vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString())!.getText();
}

function cite(arg: unknown): Thenable<InsertCitationResult> {
  return vscode.commands.executeCommand<InsertCitationResult>('digestNotes.insertCitation', arg);
}

describe('where text goes in a draft', function () {
  this.timeout(90_000);
  let transcoders: Paper;
  let attention: Paper;
  let lib: Paper;
  /** The sample workspace's pandoc draft (front matter, `bibliography: references.bib`), copied into this spec's folder. */
  let paperText: string;

  before(async () => {
    const library = await (await extensionApi()).workspace.library();
    transcoders = library.byTitle(TRANSCODERS)!;
    attention = library.byTitle(ATTENTION)!;
    lib = library.papers.find(p => p.title.startsWith('The Local Interaction Basis'))!;
    assert.ok(transcoders && attention && lib, 'the seed digest has the papers');
    await vscode.workspace.fs.createDirectory(folder.file(''));
    paperText = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(SAMPLE_DRAFT)));
    assert.ok(paperText.startsWith('---\n') && paperText.includes('\nauthor: '), 'paper.md has YAML front matter with an author line');
    assert.ok(paperText.includes(`[@${attention.key}]`) && paperText.includes(`[@${transcoders.key}]`));
  });

  /** Notes this spec made: they go with its folder, so later specs see the keys as they were (no note, no citation). */
  const notesMade = new Set<string>();

  after(async () => {
    await closeAllEditors();
    for (const note of notesMade) await removeIfPresent(vscode.Uri.parse(note));
    await removeIfPresent(workspaceFile(folder.name));
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await closeAllEditors();
  });

  it('Create Literature Note, then Cite: the citation goes to paper.md, never into the note just opened', async () => {
    const end = paperText.indexOf('grows?') + 'grows'.length;
    const draft = await folder.openDraft('paper.md', `${paperText.slice(0, end)}|${paperText.slice(end)}`);
    const created = await vscode.commands.executeCommand<CreateNoteResult>('digestNotes.createNote', transcoders.key);
    if (created.created) notesMade.add(created.uri.toString());
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), created.uri.toString(), 'the note is open, cursor at 1:1');
    const noteBefore = textOf(created.uri);

    const result = await cite(lib.key); // what the preview's Cite button runs

    assert.equal(result.draft, draft.document.uri.toString(), `cited in ${result.draft}`);
    assert.ok(textOf(draft.document.uri).includes(`Which of these decompositions stay faithful when the model grows [@${lib.key}]?`));
    assert.equal(textOf(created.uri), noteBefore, 'the note is untouched, its YAML intact');
  });

  it('a note becomes the draft once the writer puts the cursor in its body', async function () {
    if (!canType()) this.skip(); // the cursor moved by hand needs the browser's keyboard
    await folder.openDraft('elsewhere.md', 'Elsewhere|\n');
    const created = await vscode.commands.executeCommand<CreateNoteResult>('digestNotes.createNote', transcoders.key);
    const note = vscode.window.activeTextEditor!;
    assert.equal(note.document.uri.toString(), created.uri.toString());
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await press('Control+End'); // the writer goes to the note's last line, in its body
    await waitFor(() => note.selection.active.line > 3, { message: 'the cursor in the note body' });

    const result = await cite(lib.key);

    assert.equal(result.draft, created.uri.toString());
    assert.ok(textOf(created.uri).includes(`[@${lib.key}]`));
    assert.equal(textOf(folder.file('elsewhere.md')), 'Elsewhere\n');
    await vscode.commands.executeCommand('undo'); // leaves the note as the other specs expect it
  });

  it('with the cursor on the author line, nothing goes into the front matter; the alternative is the first paragraph', async () => {
    const at = paperText.indexOf('author: ') + 'author: A. Wri'.length;
    const draft = await folder.openDraft('front.md', `${paperText.slice(0, at)}|${paperText.slice(at)}`);

    const result = await cite(lib.key);

    assert.equal(textOf(draft.document.uri), paperText, 'the draft is unchanged');
    assert.ok(result.refused, 'the command says why');
    assert.match(result.refused.reason, /front matter/);
    assert.equal(result.bibliography, undefined, 'nothing added to the bibliography either');
    const paragraphEnd = draft.document.positionAt(paperText.indexOf(`[@${attention.key}].`) + `[@${attention.key}].`.length);
    assert.deepEqual(result.refused.alternative, paragraphEnd, "the end of the body's first paragraph");

    // What the notification's "Cite There" runs: the citation joins the paragraph's last cluster.
    await cite({ keys: [lib.key], at: { line: paragraphEnd.line, character: paragraphEnd.character } });
    assert.equal(textOf(draft.document.uri), paperText.replace(`[@${attention.key}].`, `[@${attention.key}; @${lib.key}].`));
    assert.ok(textOf(draft.document.uri).startsWith('---\ntitle: "Reading circuits'), 'the front matter as it was');
  });

  it('with the cursor inside a word, Insert Citation writes after the word', async () => {
    const draft = await folder.openDraft('word.md', '---\ntitle: W\n---\n\nInterpret|ability research needs faithful circuits.\n');
    const result = await cite(transcoders.key);
    assert.equal(result.movedOutOf, 'word');
    assert.equal(
      textOf(draft.document.uri),
      `---\ntitle: W\n---\n\nInterpretability [@${transcoders.key}] research needs faithful circuits.\n`,
    );
  });

  it('Suggest Citations lists cited papers last, cites at the sentence end (not inside a word)', async function () {
    const sentence = 'Interpretability research reads transcoders and feature circuits from sparse MLP replacements';
    const first = await folder.openDraft('suggest.md', `---\ntitle: S\n---\n\n${sentence}|.\n`);
    const plain = await vscode.commands.executeCommand<{ items: Array<{ key: string }> }>('digestNotes.suggestCitations');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.ok(plain.items.length >= 2, 'suggestions for the paragraph');
    const top = plain.items[0].key;
    await first.edit(b => b.insert(first.document.positionAt(first.document.getText().indexOf('.\n')), ` [@${top}]`));

    const at = first.document.getText().indexOf('Interpretability') + 'Interpret'.length;
    first.selection = new vscode.Selection(first.document.positionAt(at), first.document.positionAt(at));
    const suggested = vscode.commands.executeCommand<{ items: Array<{ key: string }>; alreadyCited?: number }>(
      'digestNotes.suggestCitations',
    );
    if (!canType()) {
      const items = (await suggested).items;
      assert.equal(items[items.length - 1].key, top, 'the cited paper is last');
      this.skip();
    }
    await quickInputFocused();
    const { items, alreadyCited } = await suggested;
    assert.equal(alreadyCited, 1, `top ${top}; items ${items.map(i => i.key).join(', ')}; text ${first.document.getText()}`);
    assert.notEqual(items[0].key, top, 'the highlighted first row is not the paper already cited');
    assert.equal(items[items.length - 1].key, top, 'the cited paper is last');
    const firstTitle = (await (await extensionApi()).workspace.paper(items[0].key))!.title;
    await firstRowShows(firstTitle.slice(0, 30));
    await press('Enter');

    await waitFor(() => textOf(first.document.uri).includes(`@${items[0].key}`), { message: 'the suggestion cited' });
    assert.equal(
      textOf(first.document.uri),
      `---\ntitle: S\n---\n\n${sentence} [@${top}; @${items[0].key}].\n`,
      'joined to the cluster that ends the sentence, not inside the word',
    );
  });

  it('a note for the key under the cursor; its link goes after the cluster, as an unprinted comment', async () => {
    const at = paperText.indexOf(`[@${transcoders.key}]`) + '[@trans'.length;
    const draft = await folder.openDraft('noted.md', `${paperText.slice(0, at)}|${paperText.slice(at)}`);

    const created = await vscode.commands.executeCommand<CreateNoteResult>('digestNotes.createNote'); // no argument: no picker
    if (created?.created) notesMade.add(created.uri.toString());
    assert.ok(created?.uri.path.endsWith(`/notes/${transcoders.key}.md`), `the note of the key under the cursor: ${created?.uri.path}`);

    // The notification's button: Insert Note Link for that paper, into the draft the writer came from.
    const linked = await vscode.commands.executeCommand<InsertNoteLinkResult>(
      'digestNotes.insertNoteLink',
      transcoders.key,
      draft.document.uri,
    );
    const comment = `<!-- note: [[${transcoders.key}]] ../notes/${transcoders.key}.md -->`;
    assert.equal(linked?.inserted, ` ${comment}`);
    assert.equal(textOf(draft.document.uri), paperText.replace(`[@${transcoders.key}].`, `[@${transcoders.key}] ${comment}.`));

    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', draft.document.uri);
    assert.ok(
      links.some(l => l.target?.path === created.uri.path),
      `the comment links to the note: ${links.map(l => l.target?.toString()).join(', ')}`,
    );
    const api = await extensionApi();
    await waitFor(
      async () =>
        (await api.citedIn.locations(transcoders.key)).some(l => l.kind === 'note' && l.uri.toString() === draft.document.uri.toString()),
      { message: 'Cited In counting the comment as a note link' },
    );
  });

  it("the quick fix for an unknown key searches the key's words and replaces the key with the paper picked", async function () {
    if (!canType()) this.skip(); // picking needs the browser's keyboard
    const draft = await folder.openDraft('fix.md', '---\ntitle: F\n---\n\nSparse replacements work [@smith2023sparse].\n');
    const range = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(draft.document.uri).find(d => draft.document.getText(d.range) === 'smith2023sparse');
        return found?.range;
      },
      { message: 'the unknown-key diagnostic', timeout: 20_000 },
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      draft.document.uri,
      range,
    );
    const find = actions.find(a => a.title.startsWith('Find the paper for'));
    assert.ok(find?.command, `actions: ${actions.map(a => a.title).join(' | ')}`);

    const expected = (await (await (await extensionApi()).workspace.index()).search('smith 2023 sparse', { limit: 1 }))[0];
    assert.ok(expected, "the key's words find a paper");
    const replacing = vscode.commands.executeCommand<ReplaceKeyResult>(find.command.command, ...(find.command.arguments ?? []));
    await quickInputFocused();
    await firstRowShows(expected.title.slice(0, 30)); // the answer to the key's words has come
    await press('Enter');
    const result = await replacing;

    assert.equal(result.query, 'smith 2023 sparse');
    assert.ok(result.replaced, 'a paper was picked');
    const text = textOf(draft.document.uri);
    assert.equal(result.replaced, expected.key);
    assert.equal(text, `---\ntitle: F\n---\n\nSparse replacements work [@${result.replaced}].\n`, 'replaced, not joined');
  });
});
