import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Library } from '../../src/core/library/library';
import { closeAllEditors, extensionApi, waitFor, workspaceFile } from './helpers';
import { canType, elementShows, press, suggestionShows, typeText } from './keyboard';
import { specFolder } from './specFolder';

/**
 * Citation-key completion as a writer types a key letter by letter (issue 18, point 8): every
 * prefix answers, keys first, then title and author words; `[@` alone starts with the draft's own.
 */

const folder = specFolder('completion-spec');
const LOCAL = 'localinteractionbasis';

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Our completion list at the `|` of `text` in a new draft `name`: items in the order VS Code shows them. */
async function completionsIn(
  name: string,
  text: string,
  trigger?: string,
): Promise<{ items: vscode.CompletionItem[]; incomplete: boolean }> {
  const offset = text.indexOf('|');
  const uri = await folder.write(name, text.replace('|', ''));
  const document = await vscode.workspace.openTextDocument(uri);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    uri,
    document.positionAt(offset),
    trigger,
  );
  const items = list.items
    .filter(item => item.kind === vscode.CompletionItemKind.Reference)
    .sort((a, b) => (a.sortText ?? labelOf(a)).localeCompare(b.sortText ?? labelOf(b)));
  return { items, incomplete: list.isIncomplete === true };
}

/** Whether a paper's title or authors have a word starting with `prefix`. */
function hasWordStarting(library: Library, key: string, prefix: string): boolean {
  const paper = library.byKey(key);
  const words = `${paper?.title ?? ''} ${(paper?.metadata?.authors ?? []).map(a => a.literal).join(' ')}`.toLowerCase().split(/[^a-z0-9]+/);
  return words.some(word => word.startsWith(prefix));
}

describe('citation-key completion while typing', function () {
  this.timeout(60_000);
  // Its drafts cite seed papers: later specs (references, the rendered paper) expect those keys unused.
  after(() => vscode.workspace.fs.delete(workspaceFile(folder.name), { recursive: true }).then(undefined, () => undefined));
  let library: Library;

  before(async () => {
    const api = await extensionApi();
    library = await api.workspace.library();
    await api.workspace.index();
    await vscode.workspace.fs.createDirectory(folder.file(''));
  });

  afterEach(closeAllEditors);

  it('answers [@s: every key starting with s first, then papers with a title word starting with s; incomplete', async () => {
    const { items, incomplete } = await completionsIn('s.md', '# Draft\n\nAs shown [@s|\n');
    assert.ok(incomplete, 'marked incomplete, so VS Code asks again as the writer types');
    const labels = items.map(labelOf);
    const sKeys = library.papers.map(p => p.key).filter(key => key.startsWith('s'));
    assert.ok(sKeys.length >= 3, 'the seed has keys starting with s');
    assert.deepEqual(new Set(labels.slice(0, sKeys.length)), new Set(sKeys), 'keys starting with s lead');
    const rest = labels.slice(sKeys.length);
    assert.ok(rest.length > 0, 'then papers by title words');
    for (const key of rest) {
      assert.ok(hasWordStarting(library, key, 's'), `${key} has a title or author word starting with s`);
    }
  });

  it("answers [@sp with the draft bibliography's own sp… key first, then every paper with a title word starting with sp", async () => {
    await folder.write('sp.bib', '@article{spence2020,\n  title = {Signals and Noise},\n  year = 2020\n}\n');
    const { items } = await completionsIn('sp.md', '---\nbibliography: sp.bib\n---\n\nAs shown [@sp|\n');
    const labels = items.map(labelOf);
    assert.equal(labels[0], 'spence2020');
    const spTitles = library.papers.filter(p => /\bsp/i.test(p.title)).map(p => p.key);
    assert.ok(spTitles.length >= 5);
    assert.deepEqual(new Set(labels.slice(1, 1 + spTitles.length)), new Set(spTitles));
  });

  it(`answers every prefix of [@localint, from one letter, with ${LOCAL} among the first and first from "loc"`, async () => {
    for (let n = 1; n <= 'localint'.length; n++) {
      const prefix = 'localint'.slice(0, n);
      const { items, incomplete } = await completionsIn(`local-${n}.md`, `# Draft\n\nBases [@${prefix}|]\n`);
      const labels = items.map(labelOf);
      assert.ok(incomplete);
      assert.ok(labels.includes(LOCAL), `[@${prefix} offers ${LOCAL}: ${labels.slice(0, 5).join(', ')}`);
      if (n >= 3) {
        assert.equal(labels[0], LOCAL, `[@${prefix}`);
      }
      const firstOther = labels.findIndex(label => !label.startsWith(prefix));
      assert.ok(
        labels.slice(firstOther === -1 ? labels.length : firstOther).every(label => !label.startsWith(prefix)),
        'keys first',
      );
    }
  });

  it('starts [@ alone with papers cited nearby and the bibliography, then papers related to the paragraph', async () => {
    const eeg = library.papers.find(p => /covariance matrix/i.test(p.title))!;
    assert.ok(eeg, 'the seed has the EEG covariance paper');
    await folder.write('near.bib', '@article{spence2020,\n  title = {Signals and Noise},\n  year = 2020\n}\n');
    const text =
      '---\nbibliography: near.bib\n---\n\nTranscoders are read off the weights [@transcodersfindinterpretable].\n\n' +
      'Motor imagery classification from EEG signals uses the augmented covariance matrix of an autoregressive model [@|].\n';
    const { items } = await completionsIn('near.md', text, '@');
    const labels = items.map(labelOf);
    assert.deepEqual(labels.slice(0, 2), ['transcodersfindinterpretable', 'spence2020'], 'the draft’s own first');
    assert.ok(labels.slice(2, 5).includes(eeg.key), `the paper about the paragraph follows: ${labels.slice(0, 6).join(', ')}`);
    assert.notDeepEqual(
      labels.slice(2, 7),
      library.papers.slice(0, 5).map(p => p.key),
      'not the library in file order',
    );
  });

  it('answers \\cite{s in LaTeX and @s in Typst the same way', async () => {
    const sKeys = new Set(library.papers.map(p => p.key).filter(key => key.startsWith('s')));
    const latex = await completionsIn('s.tex', '\\documentclass{article}\n\\begin{document}\nSee \\cite{s|}\n\\end{document}\n');
    assert.ok(sKeys.has(labelOf(latex.items[0])), labelOf(latex.items[0]));
    assert.ok(latex.incomplete);
    const typst = await completionsIn('s.typ', '= Draft\nSee @s|\n');
    assert.ok(sKeys.has(labelOf(typst.items[0])), labelOf(typst.items[0]));
  });

  describe('in the editor (typed in the browser)', () => {
    before(function () {
      if (!canType()) this.skip(); // the desktop host has no browser to type with
    });

    it(`keeps the suggestions open from [@ to [@localint, and Enter inserts ${LOCAL}`, async () => {
      await folder.write('typed.bib', '');
      const editor = await folder.openDraft('typed.md', '---\nbibliography: typed.bib\n---\n\nBases |\n');
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
      await elementShows('.monaco-editor.focused');
      await typeText('[@');
      await waitFor(() => editor.document.getText().includes('Bases [@'), { message: 'the typed [@ in the draft' });
      await suggestionShows('');
      for (const letter of 'localint') {
        await typeText(letter);
        await suggestionShows(letter === 'l' ? '' : LOCAL); // the widget stays open at every letter
      }
      await suggestionShows(LOCAL);
      await press('Enter');
      const text = await waitFor(() => editor.document.getText().includes(`[@${LOCAL}`) && editor.document.getText(), {
        message: 'the key inserted',
      });
      assert.match(text, new RegExp(`Bases \\[@${LOCAL}\\]?\\n`));
      await editor.document.save();
    });
  });
});
