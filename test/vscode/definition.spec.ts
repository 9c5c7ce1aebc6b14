import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Paper } from '../../src/core/model';
import { SEED_DIGEST, closeAllEditors, extensionApi, workspaceFile } from './helpers';
import { canType, elementShows } from './keyboard';
import { specFolder } from './specFolder';

/** Go to Definition on a cited key: the note, the bibliography entry and the digest line, all that exist (issue 18). */

const folder = specFolder('definition-spec');
const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';

interface Target {
  readonly uri: string;
  readonly line: number;
}

/** The places offered, sorted: VS Code orders them itself (by file) whatever order the provider gives. */
async function definitionsAt(uri: vscode.Uri, position: vscode.Position): Promise<Target[]> {
  const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
    'vscode.executeDefinitionProvider',
    uri,
    position,
  );
  return found
    .map(location =>
      'targetUri' in location
        ? { uri: location.targetUri.toString(), line: (location.targetSelectionRange ?? location.targetRange).start.line }
        : { uri: location.uri.toString(), line: location.range.start.line },
    )
    .sort(byPlace);
}

function byPlace(a: Target, b: Target): number {
  return a.uri.localeCompare(b.uri) || a.line - b.line;
}

describe('go to definition on a cited key', function () {
  this.timeout(60_000);
  // Its drafts cite seed papers: later specs (references, the rendered paper) expect those keys unused.
  after(() => vscode.workspace.fs.delete(workspaceFile(folder.name), { recursive: true }).then(undefined, () => undefined));
  let paper: Paper;
  let transcoders: Paper;

  before(async () => {
    const library = await (await extensionApi()).workspace.library();
    paper = library.papers.filter(p => p.occurrences[0].path.endsWith(`/${SEED_DIGEST}`)).at(-1)!;
    transcoders = library.byTitle(TRANSCODERS)!;
    assert.ok(paper && transcoders);
    await vscode.workspace.fs.createDirectory(folder.file(''));
  });

  afterEach(closeAllEditors);

  it('offers the bibliography entry and the digest title line, and the note once it exists', async () => {
    const bib = await folder.write(
      'def.bib',
      `@misc{other,\n  title = {Other}\n}\n\n@article{${paper.key},\n  title = {${paper.title}}\n}\n`,
    );
    const text = `---\nbibliography: def.bib\n---\n\nSee [@${paper.key}].\n`;
    const draft = await folder.write('def.md', text);
    const document = await vscode.workspace.openTextDocument(draft);
    const at = document.positionAt(text.indexOf(paper.key) + 2);
    const digest = { uri: workspaceFile(SEED_DIGEST).toString(), line: paper.occurrences[0].titleLine };
    const entry = { uri: bib.toString(), line: 4 };

    assert.deepEqual(await definitionsAt(draft, at), [entry, digest].sort(byPlace));
    const digestLine = (await vscode.workspace.openTextDocument(workspaceFile(SEED_DIGEST))).lineAt(digest.line).text;
    assert.equal(digestLine.trim(), paper.title);

    const note = workspaceFile(`notes/${paper.key}.md`);
    try {
      await vscode.workspace.fs.writeFile(note, new TextEncoder().encode(`# ${paper.title}\n`));
      assert.deepEqual(await definitionsAt(draft, at), [{ uri: note.toString(), line: 0 }, entry, digest].sort(byPlace));
    } finally {
      await vscode.workspace.fs.delete(note).then(undefined, () => undefined);
    }
  });

  it("leads from the bibliography's own key for a paper to its entry and its digest line", async () => {
    const bib = await folder.write('own.bib', `@article{dunefsky2024,\n  title = {${TRANSCODERS}},\n  year = 2024\n}\n`);
    const text = `\\documentclass{article}\n\\addbibresource{own.bib}\n\\begin{document}\n\\cite{dunefsky2024}\n\\end{document}\n`;
    const draft = await folder.write('own.tex', text);
    const document = await vscode.workspace.openTextDocument(draft);
    const targets = await definitionsAt(draft, document.positionAt(text.indexOf('dunefsky2024}') + 3));
    assert.deepEqual(
      targets,
      [
        { uri: bib.toString(), line: 0 },
        { uri: workspaceFile(SEED_DIGEST).toString(), line: transcoders.occurrences[0].titleLine },
      ].sort(byPlace),
    );
  });

  it('shows a peek when Go to Definition has several places', async function () {
    if (!canType()) this.skip(); // the peek is seen in the browser
    await folder.write('peek.bib', `@article{${paper.key},\n  title = {${paper.title}}\n}\n`);
    const editor = await folder.openDraft(
      'peek.md',
      `---\nbibliography: peek.bib\n---\n\nSee [@${paper.key.slice(0, 3)}|${paper.key.slice(3)}].\n`,
    );
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await elementShows('.monaco-editor.focused');
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    await elementShows('.peekview-widget', 'peek.bib');
    await elementShows('.peekview-widget', SEED_DIGEST);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'a peek, not a jump');
    await vscode.commands.executeCommand('closeReferenceSearch');
  });
});
