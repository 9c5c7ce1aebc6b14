import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readBibliography } from '../../src/core/bib';
import type { Paper } from '../../src/core/model';
import type { InsertCitationResult } from '../../src/vscode/cite';
import type { CreateNoteResult } from '../../src/vscode/notes';
import { DIGEST_TOKEN_LEGEND } from '../../src/vscode/editor/semanticTokens';
import { SEED_DIGEST, closeAllEditors, extensionApi, waitFor, workspaceFile } from './helpers';
import { canType, firstRowShows, press, quickInputFocused, typeText } from './keyboard';
import { specFolder } from './specFolder';

/** A writer's first day: the keyboard in the pickers, where citations go, and what gets edited. */

const folder = specFolder('first-day-spec');
const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';

function textOf(uri: vscode.Uri): string {
  return vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString())!.getText();
}

describe("a writer's first day", function () {
  this.timeout(90_000);
  let transcoders: Paper;

  before(async () => {
    transcoders = (await (await extensionApi()).workspace.library()).byTitle(TRANSCODERS)!;
    assert.ok(transcoders);
    await vscode.workspace.fs.createDirectory(folder.file(''));
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await closeAllEditors();
  });

  describe('the keyboard in the pickers (typed in the browser)', () => {
    before(function () {
      if (!canType()) this.skip(); // the desktop host has no browser to type with
    });

    it('Search Papers: Enter cites the first result into the draft, with a space before it', async () => {
      const draft = await folder.openDraft('search.md', '---\nbibliography: search.bib\n---\nWe train transcoders|\n');
      // Resolves once the query's results are shown, the first one highlighted.
      const shown = await vscode.commands.executeCommand<Array<{ key: string }>>('digestNotes.searchPapers', {
        query: 'transcoders circuits',
      });
      assert.equal(shown[0]?.key, transcoders.key, 'the transcoder paper ranks first');
      await quickInputFocused();
      await press('Enter');
      const text = await waitFor(() => textOf(draft.document.uri).includes('[@') && textOf(draft.document.uri), {
        message: 'the citation',
      });
      assert.equal(text, `---\nbibliography: search.bib\n---\nWe train transcoders [@${transcoders.key}]\n`);
      const entries = await waitFor(
        async () => {
          const bib = await folder.read('search.bib').catch(() => '');
          const read = readBibliography(bib, 'bibtex').entries;
          return read.length > 0 && read;
        },
        { message: 'the entry in search.bib' },
      );
      assert.deepEqual(
        entries.map(e => e.key),
        [transcoders.key],
      );
    });

    it('Insert Citation from the palette: typing a query and Enter cites the highlighted paper', async () => {
      const draft = await folder.openDraft('palette.md', '---\nbibliography: palette.bib\n---\nFeature circuits are found.|\n');
      const result = vscode.commands.executeCommand<InsertCitationResult>('digestNotes.insertCitation');
      await quickInputFocused(); // the picker opens and takes the focus
      await typeText('transcoders find interpretable');
      await firstRowShows(TRANSCODERS);
      await press('Enter');
      const cited = await result;
      assert.deepEqual(cited?.keys, [transcoders.key]);
      assert.equal(
        textOf(draft.document.uri),
        `---\nbibliography: palette.bib\n---\nFeature circuits are found [@${transcoders.key}].\n`,
        "before the sentence's period, with its space",
      );
    });

    it('Create Literature Note leaves the draft as it was; Insert Note Link from the palette adds one link', async () => {
      const draft = await folder.openDraft('noted.md', 'Transcoders matter|\n');
      const created = vscode.commands.executeCommand<CreateNoteResult>('digestNotes.createNote');
      await quickInputFocused();
      await typeText('transcoders find interpretable');
      await firstRowShows(TRANSCODERS);
      await press('Enter');
      const note = await created;
      assert.ok(note?.uri.path.endsWith(`/${transcoders.key}.md`));
      assert.equal(textOf(draft.document.uri), 'Transcoders matter\n', 'the draft is unchanged');
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), note.uri.toString(), 'the note is open');

      // From the note, the palette's Insert Note Link links it from the draft the writer came from.
      for (let i = 0; i < 2; i++) {
        await vscode.commands.executeCommand('digestNotes.insertNoteLink');
      }
      assert.equal(textOf(draft.document.uri), `Transcoders matter [[${transcoders.key}]]\n`, 'one link, not two');
    });
  });

  it('cites into the draft the writer was last in, even behind another tab, and says which', async () => {
    const draft = await folder.openDraft('background.md', '---\nbibliography: background.bib\n---\nBackground work|\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile(SEED_DIGEST)), { preview: false });
    assert.ok(!vscode.window.visibleTextEditors.some(e => e.document === draft.document), 'the draft is behind the digest');
    const result = await vscode.commands.executeCommand<InsertCitationResult>('digestNotes.insertCitation', [transcoders.key]);
    assert.equal(result.error, undefined);
    assert.equal(result.draft, draft.document.uri.toString());
    assert.equal(textOf(draft.document.uri), `---\nbibliography: background.bib\n---\nBackground work [@${transcoders.key}]\n`);
    assert.deepEqual(result.bibliography?.added, [transcoders.key]);
  });

  it('treats a .typ file as Typst by its extension: @key with its space, #bibliography() as the target', async () => {
    await folder.write('refs.bib', '');
    const editor = await folder.openDraft('paper.typ', '#bibliography("refs.bib")\n\nTranscoders work|\n');
    assert.notEqual(editor.document.languageId, 'typst', 'no Typst extension here: the file is plain text to VS Code');
    const result = await vscode.commands.executeCommand<InsertCitationResult>('digestNotes.insertCitation', [transcoders.key]);
    assert.equal(textOf(editor.document.uri), `#bibliography("refs.bib")\n\nTranscoders work @${transcoders.key}\n`);
    assert.equal(result.bibliography?.target, folder.file('refs.bib').toString(), 'the declared bibliography, not references.bib');
    assert.deepEqual(
      readBibliography(await folder.read('refs.bib'), 'bibtex').entries.map(e => e.key),
      [transcoders.key],
    );
  });

  it('colours from the parser: after a title without abstract, the next title is a title and its abstract an abstract', async () => {
    const abstract = 'Its abstract is a long sentence that explains what the paper does, in enough detail to read as one.';
    const text = `Mar 14\n\nA Title With No Abstract\n\nSecond Paper Title Here\n\n${abstract}\n`;
    const uri = await folder.write('colours.digest', text);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const tokens = await waitFor(
      async () => vscode.commands.executeCommand<vscode.SemanticTokens | undefined>('vscode.provideDocumentSemanticTokens', uri),
      { message: 'semantic tokens' },
    );
    const byLine = new Map<number, string>();
    let line = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      line += tokens.data[i];
      byLine.set(line, DIGEST_TOKEN_LEGEND.tokenTypes[tokens.data[i + 3]]);
    }
    assert.deepEqual(
      [...byLine],
      [
        [0, 'paperDay'],
        [2, 'paperTitle'],
        [4, 'paperTitle'],
        [6, 'paperAbstract'],
      ],
    );
  });
});
