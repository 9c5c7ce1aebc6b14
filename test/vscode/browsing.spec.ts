import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Library } from '../../src/core/library/library';
import { SEED_DIGEST, closeAllEditors, extensionApi, openFile, waitFor, workspaceFile } from './helpers';

const SEP_CLR = 'https://github.com/neurospin-projects/2024_rlouiset_sep_clr';
const SHOPPING_LIST = 'Mar 14\n\nEggs\n\nMilk, bread and a few apples.\n\nCall the plumber\n';

/** Every file this spec writes lives in its own folder, so other specs never see it. */
const root = `browsing-spec-${Date.now().toString(36)}`;
const file = (name: string) => workspaceFile(`${root}/${name}`);
const written: vscode.Uri[] = [];

async function write(name: string, text: string): Promise<vscode.Uri> {
  await vscode.workspace.fs.writeFile(file(name), new TextEncoder().encode(text));
  written.push(file(name));
  return file(name);
}

/**
 * Deletes the files one by one (a folder's deletion is not reported per file) and waits until the
 * workspace model has dropped them, so later specs see the seed digest alone.
 */
async function removeWritten(): Promise<void> {
  const api = await extensionApi();
  for (const uri of written.splice(0)) {
    await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    await waitFor(() => !api.workspace.digest(uri), { message: `${uri.path} to leave the workspace model` });
  }
  await vscode.workspace.fs.delete(workspaceFile(root), { recursive: true }).then(undefined, () => undefined);
}

async function seedText(): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(SEED_DIGEST)));
}

function documentSymbols(uri: vscode.Uri): Thenable<vscode.DocumentSymbol[]> {
  return vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
}

describe('a digest in the editor', function () {
  this.timeout(45_000);
  const seed = workspaceFile(SEED_DIGEST);
  let document: vscode.TextDocument;
  let library: Library;

  before(async () => {
    document = (await openFile(SEED_DIGEST)).document;
    library = await (await extensionApi()).workspace.library();
  });
  after(async () => {
    await closeAllEditors();
    await removeWritten();
  });

  it('opens the seed digest as a paper digest', () => {
    assert.equal(document.languageId, 'paper-digest');
  });

  it('outlines the day `Mar 14` with its 61 papers under it, titles as names', async () => {
    const symbols = await waitFor(
      async () => {
        const found = await documentSymbols(seed);
        return found?.length ? found : undefined;
      },
      { message: 'document symbols' },
    );

    assert.deepEqual(
      symbols.map(s => s.name),
      ['Mar 14'],
    );
    const day = symbols[0];
    assert.equal(day.selectionRange.start.line, lineOf(document, 'Mar 14'));
    assert.equal(day.children.length, 61);
    for (const paper of day.children) {
      assert.equal(document.lineAt(paper.selectionRange.start.line).text.trim(), paper.name);
      assert.ok(library.byTitle(paper.name), `"${paper.name}" is a paper of the library`);
      assert.ok(day.range.contains(paper.range));
    }
  });

  it("folds each paper's abstract under its title, and the day under its line", async () => {
    const papers = (await documentSymbols(seed))[0].children;
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', seed);

    for (const paper of papers) {
      const titleLine = paper.selectionRange.start.line;
      const fold = ranges.find(r => r.start === titleLine);
      assert.ok(fold, `a fold starts at the title "${paper.name}"`);
      assert.equal(fold.end, paper.range.end.line, `the fold of "${paper.name}" ends with its abstract`);
      assert.ok(fold.end > titleLine);
    }
    const dayLine = lineOf(document, 'Mar 14');
    assert.ok(
      ranges.some(r => r.start === dayLine && r.end >= papers[60].range.end.line),
      'the day folds',
    );
  });

  it("makes the links of abstracts clickable, without the sentence's final dot", async () => {
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', seed);
    const texts = links.map(link => document.getText(link.range));

    assert.equal(links.length, 18);
    const sepClr = links[texts.indexOf(SEP_CLR)];
    assert.ok(sepClr, `a link covers ${SEP_CLR}`);
    assert.equal(sepClr.target?.toString(true), SEP_CLR);
    assert.equal(document.lineAt(sepClr.range.end.line).text[sepClr.range.end.character], '.', 'the dot after it is not linked');
    for (const [i, link] of links.entries()) {
      assert.ok(!texts[i].endsWith('.'), `${texts[i]} ends without a dot`);
      assert.equal(link.target?.toString(true), vscode.Uri.parse(texts[i]).toString(true));
    }
  });

  it("puts Cite, Note and Preview above every title, each with the paper's key", async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', seed);
    const byLine = new Map<number, vscode.CodeLens[]>();
    for (const lens of lenses) {
      byLine.set(lens.range.start.line, [...(byLine.get(lens.range.start.line) ?? []), lens]);
    }

    assert.equal(byLine.size, 61);
    for (const [line, onLine] of byLine) {
      const paper = library.byTitle(document.lineAt(line).text);
      assert.ok(paper, `line ${line} is a title`);
      assert.deepEqual(
        onLine.map(l => l.command?.title),
        ['Cite', 'Note', 'Preview'],
      );
      assert.deepEqual(
        onLine.map(l => l.command?.command),
        ['digestNotes.insertCitation', 'digestNotes.createNote', 'digestNotes.previewPaper'],
      );
      for (const lens of onLine) {
        assert.deepEqual(lens.command?.arguments, [paper.key]);
      }
    }
  });
});

describe('.txt files that look like digests', function () {
  this.timeout(45_000);
  after(async () => {
    await vscode.workspace.getConfiguration('digestNotes').update('detectTxtDigests', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
    await removeWritten();
  });

  it('opens a .txt copy of the seed as a paper digest, and a plain .txt note as plain text', async () => {
    await extensionApi();
    const note = await write('shopping.txt', SHOPPING_LIST);
    const copy = await write('saved-page.txt', await seedText());

    const noteDocument = (await openFile(note)).document;
    await openFile(copy);

    // The note was opened first: once the copy has switched, the note's turn has passed.
    await waitFor(() => vscode.workspace.textDocuments.find(d => d.uri.toString() === copy.toString())?.languageId === 'paper-digest', {
      message: 'the copy to switch to paper-digest',
    });
    assert.equal(noteDocument.languageId, 'plaintext');
    assert.equal(vscode.workspace.textDocuments.find(d => d.uri.toString() === note.toString())?.languageId, 'plaintext');
  });

  it('leaves .txt digests as plain text when digestNotes.detectTxtDigests is off', async () => {
    const config = vscode.workspace.getConfiguration('digestNotes');
    await config.update('detectTxtDigests', false, vscode.ConfigurationTarget.Workspace);
    const ignored = await write('ignored-copy.txt', await seedText());
    const ignoredDocument = (await openFile(ignored)).document;

    await config.update('detectTxtDigests', undefined, vscode.ConfigurationTarget.Workspace);
    const detected = await write('detected-copy.txt', await seedText());
    await openFile(detected);

    await waitFor(() => vscode.workspace.textDocuments.find(d => d.uri.toString() === detected.toString())?.languageId === 'paper-digest', {
      message: 'the copy opened with the setting on to switch',
    });
    assert.equal(vscode.workspace.textDocuments.find(d => d.uri.toString() === ignored.toString())?.languageId, 'plaintext');
    assert.equal(ignoredDocument.languageId, 'plaintext');
  });
});

function lineOf(document: vscode.TextDocument, text: string): number {
  for (let line = 0; line < document.lineCount; line++) {
    if (document.lineAt(line).text.trim() === text) {
      return line;
    }
  }
  return assert.fail(`no line "${text}"`);
}
