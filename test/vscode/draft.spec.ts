import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readBibliography } from '../../src/core/bib';
import type { Library } from '../../src/core/library/library';
import type { Paper } from '../../src/core/model';
import { closeAllEditors, extensionApi, waitFor, workspaceFile } from './helpers';

const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';

/** Every file this spec writes lives under its own folder, so other specs never see them. */
const root = `draft-spec-${Date.now().toString(36)}`;
const file = (name: string) => workspaceFile(`${root}/${name}`);

/** Writes `name` and opens its document; returns the document and the offset of the `|` (removed from the text). */
async function openDraft(name: string, marked: string): Promise<{ document: vscode.TextDocument; position: vscode.Position }> {
  const offset = marked.indexOf('|');
  const text = offset === -1 ? marked : marked.slice(0, offset) + marked.slice(offset + 1);
  await vscode.workspace.fs.writeFile(file(name), new TextEncoder().encode(text));
  // Providers and diagnostics need the document open, not shown: no editor to render keeps it quick.
  const document = await vscode.workspace.openTextDocument(file(name));
  return { document, position: document.positionAt(Math.max(offset, 0)) };
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Our completion items at `position`, in the order VS Code shows them (by sortText). */
async function ourCompletions(
  document: vscode.TextDocument,
  position: vscode.Position,
  library: Library,
  trigger?: string,
): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    document.uri,
    position,
    trigger,
  );
  return list.items
    .filter(item => item.kind === vscode.CompletionItemKind.Reference && library.byKey(labelOf(item)) !== undefined)
    .sort((a, b) => (a.sortText ?? labelOf(a)).localeCompare(b.sortText ?? labelOf(b)));
}

function ourDiagnostics(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'digest-notes' && d.code === code);
}

function codeActions(document: vscode.TextDocument, range: vscode.Range): Thenable<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range);
}

describe('citation keys in drafts', function () {
  this.timeout(60_000);
  let library: Library;
  let transcoders: Paper;

  before(async () => {
    const api = await extensionApi();
    library = await api.workspace.library();
    transcoders = library.byTitle(TRANSCODERS)!;
    assert.ok(transcoders, 'the seed digest has the transcoders paper');
    await api.workspace.index(); // built once here, so each test measures its own feature
    await vscode.workspace.fs.createDirectory(workspaceFile(root));
  });

  afterEach(closeAllEditors);

  describe('completion', () => {
    it('offers the transcoders paper first after [@transc, replacing the typed part, adding it to the bibliography', async () => {
      const { document, position } = await openDraft('complete.md', '# Draft\n\nCircuits [@transc|\n');
      const items = await ourCompletions(document, position, library);
      assert.ok(items.length > 0, 'no completion from Digest Notes');
      const first = items[0];
      assert.equal(labelOf(first), transcoders.key);
      assert.equal(first.detail, TRANSCODERS);
      assert.equal(first.insertText, transcoders.key);
      const range = first.range as { inserting: vscode.Range; replacing: vscode.Range };
      assert.equal(document.getText(range.replacing), 'transc');
      assert.equal(first.command?.command, 'digestNotes.addToBibliography');
      assert.deepEqual(first.command?.arguments?.[0], [transcoders.key]);
      assert.equal(String(first.command?.arguments?.[1]), document.uri.toString());
    });

    it('offers nothing after an e-mail address', async () => {
      const { document, position } = await openDraft('mail.md', '# Draft\n\nWrite to me@transc|\n');
      assert.deepEqual((await ourCompletions(document, position, library)).map(labelOf), []);
    });

    it('offers the paper after \\cite{ in LaTeX and after @ in Typst', async () => {
      const latex = await openDraft(
        'complete.tex',
        '\\documentclass{article}\n\\begin{document}\nCircuits \\cite{transc|\n\\end{document}\n',
      );
      assert.equal(labelOf((await ourCompletions(latex.document, latex.position, library))[0]), transcoders.key);
      const typst = await openDraft('complete.typ', '= Draft\nCircuits @transc|\n');
      assert.equal(labelOf((await ourCompletions(typst.document, typst.position, library))[0]), transcoders.key);
    });
  });

  describe('a bibliography that holds a paper under its own key', () => {
    const own = (title: string) => `@article{dunefsky2024,\n  title = {${title}},\n  year = 2024\n}\n`;

    it('is what completion inserts, and a draft citing the digest key is offered that key', async () => {
      await vscode.workspace.fs.writeFile(file('own.bib'), new TextEncoder().encode(own(TRANSCODERS)));
      const header = '---\nbibliography: own.bib\n---\n\n';
      const completing = await openDraft('own-complete.md', `${header}Circuits [@transc|\n`);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        completing.document.uri,
        completing.position,
      );
      const first = list.items
        .filter(i => i.kind === vscode.CompletionItemKind.Reference)
        .sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))[0];
      assert.equal(labelOf(first), 'dunefsky2024');
      assert.equal(first.detail, TRANSCODERS);

      const { document } = await openDraft('own-cited.md', `${header}Circuits [@${transcoders.key}].\n`);
      const [info] = await waitFor(
        () => ourDiagnostics(document.uri, 'bibliography-key').length > 0 && ourDiagnostics(document.uri, 'bibliography-key'),
        { message: 'the bibliography-key diagnostic' },
      );
      const fix = (await codeActions(document, info.range)).find(a => a.title.startsWith('Replace with dunefsky2024'));
      assert.ok(fix?.edit, "no fix to cite the bibliography's key");
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(document.getText(), `${header}Circuits [@dunefsky2024].\n`);
      await waitFor(() => vscode.languages.getDiagnostics(document.uri).filter(d => d.source === 'digest-notes').length === 0, {
        message: "no diagnostic once the key is the bibliography's",
      });
    });
  });

  describe('hover and definition', () => {
    it('shows the title, the day and the command links on a cited key', async () => {
      const text = `See [@${transcoders.key}].\n`;
      const { document } = await openDraft('hover.md', text);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        document.positionAt(text.indexOf(transcoders.key) + 3),
      );
      const shown = hovers
        .flatMap(h => h.contents)
        .map(c => (typeof c === 'string' ? c : c.value))
        .join('\n');
      assert.ok(shown.includes(TRANSCODERS.replace(/[!-/:-@[-`{-~]/g, '\\$&')), shown);
      assert.ok(shown.includes(transcoders.day), shown);
      assert.ok(shown.includes('command:digestNotes.previewPaper?') && shown.includes('command:digestNotes.createNote?'), shown);
    });

    // Go to definition: definition.spec.ts.
  });

  describe('unknown keys', () => {
    it('warns about a typo of a real key, and the quick fix replaces it with the real key', async () => {
      const typo = transcoders.key.slice(0, -1);
      const { document } = await openDraft('typo.md', `# Draft\n\nCircuits [@${typo}].\n`);
      const [warning] = await waitFor(
        () => ourDiagnostics(document.uri, 'unknown-key').length > 0 && ourDiagnostics(document.uri, 'unknown-key'),
        { message: 'the unknown-key warning' },
      );
      assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(document.getText(warning.range), typo);

      const actions = await codeActions(document, warning.range);
      const replace = actions.find(a => a.title.startsWith(`Replace with ${transcoders.key} (`));
      assert.ok(replace?.edit, `no replace fix among: ${actions.map(a => a.title).join(' | ')}`);
      assert.equal(replace.isPreferred, true);
      assert.ok(await vscode.workspace.applyEdit(replace.edit));
      assert.equal(document.getText(), `# Draft\n\nCircuits [@${transcoders.key}].\n`);
      await waitFor(() => ourDiagnostics(document.uri, 'unknown-key').length === 0, { message: 'the warning to go' });
    });

    it('warns about a key no digest knows, with no replace fix', async () => {
      const { document } = await openDraft('unknown.md', '# Draft\n\nSee [@nosuchpaper2099].\n');
      const [warning] = await waitFor(
        () => ourDiagnostics(document.uri, 'unknown-key').length > 0 && ourDiagnostics(document.uri, 'unknown-key'),
        { message: 'the unknown-key warning' },
      );
      assert.equal(document.getText(warning.range), 'nosuchpaper2099');
      const actions = await codeActions(document, warning.range);
      assert.deepEqual(
        actions.filter(a => a.title.startsWith('Replace with')).map(a => a.title),
        [],
      );
    });

    it('does not warn about keys in the bibliography, and offers to add a digest key the bibliography lacks', async () => {
      const handWritten = '@article{doe2020,\n  title = {A Hand-Written Entry},\n  year = 2020\n}\n';
      await vscode.workspace.fs.writeFile(file('refs.bib'), new TextEncoder().encode(handWritten));
      const { document } = await openDraft('missing.md', `---\nbibliography: refs.bib\n---\n\nSee [@doe2020; @${transcoders.key}].\n`);
      const [info] = await waitFor(
        () => ourDiagnostics(document.uri, 'not-in-bibliography').length > 0 && ourDiagnostics(document.uri, 'not-in-bibliography'),
        { message: 'the not-in-bibliography diagnostic' },
      );
      assert.equal(info.severity, vscode.DiagnosticSeverity.Information);
      assert.equal(document.getText(info.range), transcoders.key);
      assert.deepEqual(ourDiagnostics(document.uri, 'unknown-key'), []);

      const add = (await codeActions(document, info.range)).find(a => a.title === `Add ${transcoders.key} to bibliography`);
      assert.ok(add?.command, 'no "Add to bibliography" fix');
      await vscode.commands.executeCommand(add.command.command, ...(add.command.arguments ?? []));
      const bib = new TextDecoder().decode(await vscode.workspace.fs.readFile(file('refs.bib')));
      assert.ok(bib.startsWith(handWritten), 'the hand-written entry is unchanged');
      assert.deepEqual(
        readBibliography(bib, 'bibtex').entries.map(e => e.key),
        ['doe2020', transcoders.key],
      );
      await waitFor(() => vscode.languages.getDiagnostics(document.uri).filter(d => d.source === 'digest-notes').length === 0, {
        message: 'the diagnostic to go once the entry is added',
      });
    });
  });
});
