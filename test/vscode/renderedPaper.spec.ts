import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { RemoveUnusedResult } from '../../src/vscode/bibliography/removeUnused';
import type { InsertCitationResult } from '../../src/vscode/cite';
import type { CompleteMetadataResult } from '../../src/vscode/metadata';
import type { SetDigestYearResult } from '../../src/vscode/metadata/years';
import { ReplayServer } from '../integration/metadataReplay';
import { closeAllEditors, extensionApi, waitFor, workspaceFile, removeDigestNotesFolder, removeIfPresent } from './helpers';
import { canType, press, quickInputFocused, typeText } from './keyboard';
import { specFolder } from './specFolder';

/**
 * The rendered paper is right (issue 18, points 10-12 and 14), in the real host: citing a text
 * digest's paper without authors or year says what it will print and offers the fixes; the year
 * the writer gives a digest is kept in the metadata file and dates the tree, new keys and entries;
 * pandoc prints no code URL; unused entries Digest Notes added are removed through the refactor
 * preview, never the writer's. The digests here have titles of their own, so the seed's keys
 * (which other specs read) never change.
 */

const folder = specFolder('rendered-paper');
const QUIET = 'Quiet Lattices Explain Sparse Feature Circuits';
const LOUD = 'Loud Lattices Break Dense Feature Circuits';
const THIRD = 'Third Lattices Compare Feature Circuits Again';
const DIGEST = `new\n\nMar 14\n\n${QUIET}\n\nWe study quiet lattices. Code: https://github.com/quiet/lattices.\n\n${LOUD}\n\nLoud ones too, see https://loud.github.io/lattices and the data at https://dx.doi.org/10.21227/40s8-xf63.\n\n${THIRD}\n\nA third study.\n`;
const OTHER = `Mar 15\n\nUndated Lattices Meet Hugging Face Days\n\nAn abstract about undated lattices.\n`;

function pandoc(cwd: string, draft: string): string | undefined {
  if (spawnSync('pandoc', ['--version']).status !== 0) return undefined;
  const out = spawnSync('pandoc', [draft, '--citeproc', '--wrap=none', '-t', 'plain'], { cwd, encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return out.stdout;
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

describe('the rendered paper: n.d. said, digest years kept, no code URL, unused entries removed', function () {
  this.timeout(120_000);
  const settings = () => vscode.workspace.getConfiguration('digestNotes');
  let digest: vscode.Uri;

  before(async () => {
    await vscode.workspace.fs.createDirectory(folder.file(''));
    digest = await folder.write('lattices.digest.txt', DIGEST);
    const api = await extensionApi();
    await waitFor(async () => (await api.workspace.library()).byTitle(QUIET), { timeout: 20_000, message: 'the digest in the library' });
  });

  after(async () => {
    await closeAllEditors();
    await removeDigestNotesFolder();
    await removeIfPresent(folder.file(''));
    await settings().update('metadata.endpoints', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('metadata.lookup', undefined, vscode.ConfigurationTarget.Global);
    const api = await extensionApi();
    await waitFor(async () => !(await api.workspace.library()).byTitle(QUIET), {
      timeout: 20_000,
      message: 'the library without these digests',
    });
  });

  it('citing a paper without authors or year says it prints "n.d." and the title, and offers the fixes; the hover too (11)', async () => {
    const api = await extensionApi();
    const quiet = (await api.workspace.library()).byTitle(QUIET)!;
    assert.equal(quiet.year, null);
    const editor = await folder.openDraft('paper.md', '---\nbibliography: refs.bib\n---\n\nQuiet lattices matter|.\n');
    const result = await vscode.commands.executeCommand<InsertCitationResult>('digestNotes.insertCitation', [quiet.key]);
    assert.equal(result.error, undefined);
    assert.ok(result.gaps, 'the cite report names the gap');
    assert.deepEqual(result.gaps.keys, [quiet.key]);
    assert.ok(result.gaps.message.includes(`no authors and no year: it prints as (\u201c${QUIET},\u201d n.d.)`), result.gaps.message);
    const titles = result.gaps.fixes.map(f => f.title);
    assert.deepEqual(titles.slice(0, 2), ['Complete Metadata', 'Set the Digest\u2019s Year']);
    const editRegistered = (await vscode.commands.getCommands(true)).includes('digestNotes.editPaperMetadata');
    assert.equal(titles.includes('Edit Paper Metadata'), editRegistered, 'entering it by hand is offered only when that command exists');
    assert.deepEqual(result.gaps.fixes[1].arguments, [digest.toString()]);

    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    const text = editor.document.getText();
    const at = editor.document.positionAt(text.indexOf(quiet.key) + 2);
    const hover = await hoverText(editor.document.uri, at);
    assert.match(hover, /n\\?\.d\\?\./, hover);
    assert.ok(hover.includes('command:digestNotes.setDigestYear?'), hover);
    assert.ok(hover.includes('command:digestNotes.completeMetadata?'), hover);

    // The rendered reference: the title for the author, n.d., and no code URL.
    const bib = await folder.read('refs.bib');
    assert.doesNotMatch(bib, /^\s*url\s*=/m, bib);
    assert.match(bib, /annotation = \{Digest lattices\.digest\.txt, Mar 14; code https:\/\/github\.com\/quiet\/lattices\}/);
    const plain = pandoc(folder.file('').fsPath, 'paper.md');
    if (plain !== undefined) {
      assert.ok(plain.includes(`(\u201c${QUIET},\u201d n.d.)`), plain);
      assert.doesNotMatch(plain, /github\.com|https?:\/\//, plain);
    }
  });

  it('keeps a digest’s year in the metadata file: the tree, new keys and entries take it; a written key stays (12)', async () => {
    const api = await extensionApi();
    const before = await api.workspace.library();
    const quietKey = before.byTitle(QUIET)!.key;
    const loudKey = before.byTitle(LOUD)!.key;
    assert.ok(!/2024$/.test(loudKey));
    const set = await vscode.commands.executeCommand<SetDigestYearResult>('digestNotes.setDigestYear', digest, 2024);
    assert.deepEqual(set, { digest: digest.toString(), path: `${folder.name}/lattices.digest.txt`, year: 2024 });
    const file = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('.digest-notes/metadata.json'))));
    assert.deepEqual(file.digests, [{ path: `${folder.name}/lattices.digest.txt`, year: 2024 }]);

    const library = await waitFor(
      async () => {
        const lib = await api.workspace.library();
        return lib.byTitle(LOUD)?.year === 2024 ? lib : undefined;
      },
      { message: 'the library dated with the year' },
    );
    assert.equal(library.byTitle(QUIET)!.key, quietKey, 'a key already cited never changes');
    assert.equal(library.byTitle(LOUD)!.key, `${loudKey}2024`, 'a paper not keyed yet gets the year');
    assert.equal(library.byTitle(LOUD)!.date, '2024-03-14');

    const digestNode = await waitFor(
      async () => (await api.papersTree.getChildren()).find(n => n.kind === 'digest' && n.uri.toString() === digest.toString()),
      {
        message: 'the digest in the tree',
      },
    );
    const tooltip = await waitFor(
      async () => {
        const [day] = await api.papersTree.getChildren(digestNode);
        const item = await api.papersTree.getTreeItem(day);
        return item.tooltip === '2024-03-14' ? item.tooltip : undefined;
      },
      { message: 'the day dated in the tree (not "year unknown")' },
    );
    assert.equal(tooltip, '2024-03-14');

    const cited = await vscode.commands.executeCommand<InsertCitationResult>('digestNotes.insertCitation', [`${loudKey}2024`]);
    assert.equal(cited.error, undefined);
    assert.deepEqual(
      cited.gaps?.fixes.map(f => f.title).slice(0, 1),
      ['Complete Metadata'],
      'only authors are missing now: no year to set',
    );
    assert.ok(!cited.gaps?.fixes.some(f => f.command === 'digestNotes.setDigestYear'));
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    const bib = await folder.read('refs.bib');
    const entry = bib.split('\n\n').find(e => e.includes(LOUD.split(' ')[0]))!;
    assert.match(entry, /year = \{2024\},\n {2}month = mar,/);
    assert.doesNotMatch(entry, /doi\s*=/, 'the DOI the abstract quotes is a data set’s, not this paper’s');
    assert.doesNotMatch(entry, /^\s*url\s*=/m);
  });

  it('Complete Metadata, once allowed, asks the year and keeps the answer as the digest’s year (12)', async function () {
    if (!canType()) this.skip();
    const other = await folder.write('undated.digest.txt', OTHER);
    const api = await extensionApi();
    await waitFor(async () => (await api.workspace.library()).byTitle('Undated Lattices Meet Hugging Face Days'), {
      message: 'the digest',
    });
    const server = await ReplayServer.start();
    try {
      await settings().update('metadata.endpoints', server.endpoints, vscode.ConfigurationTarget.Workspace);
      await settings().update('metadata.lookup', 'on', vscode.ConfigurationTarget.Global);
      const running = vscode.commands.executeCommand<CompleteMetadataResult>('digestNotes.completeMetadata', other);
      await quickInputFocused();
      await typeText('2023');
      await press('Enter');
      const result = await running;
      assert.ok(result.allowed);
      assert.equal(server.count('huggingface'), 1, 'Hugging Face asked for the day, dated with the answer');
      assert.equal(server.requests.find(r => r.service === 'huggingface')?.query.get('date'), '2023-03-15');
      const file = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('.digest-notes/metadata.json'))));
      assert.ok(
        file.digests.some((d: { path: string; year: number }) => d.path === `${folder.name}/undated.digest.txt` && d.year === 2023),
      );
      await waitFor(async () => (await api.workspace.library()).byTitle('Undated Lattices Meet Hugging Face Days')?.year === 2023, {
        message: 'the paper dated 2023',
      });
    } finally {
      await server.close();
      await settings().update('metadata.lookup', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('removes unused entries Digest Notes added, through the refactor preview, never the writer’s (14)', async function () {
    if (!canType()) this.skip();
    const api = await extensionApi();
    const library = await api.workspace.library();
    const third = library.byTitle(THIRD)!;
    const editor = await folder.openDraft('second.md', '---\nbibliography: refs.bib\n---\n\nMore lattices|.\n');
    const cited = await vscode.commands.executeCommand<InsertCitationResult>('digestNotes.insertCitation', [third.key]);
    assert.deepEqual(cited.bibliography?.added, [third.key], JSON.stringify(cited));
    await editor.document.save();
    const mine = '@article{mine2020,\n  title = {My Own Uncited Paper},\n  author = {Me, A.}\n}\n';
    const bibUri = folder.file('refs.bib');
    // The writer adds an entry of their own, in the editor, and saves.
    const bibDocument = await vscode.workspace.openTextDocument(bibUri);
    const writersEdit = new vscode.WorkspaceEdit();
    writersEdit.insert(bibUri, bibDocument.positionAt(bibDocument.getText().length), '\n' + mine);
    assert.ok(await vscode.workspace.applyEdit(writersEdit));
    await bibDocument.save();
    const withMine = bibDocument.getText();
    assert.equal(await folder.read('refs.bib'), withMine);
    // The writer undoes the citation: the entry stays behind, cited nowhere.
    const citation = editor.document.getText().indexOf(` [@${third.key}]`);
    assert.ok(citation > 0);
    const span = new vscode.Range(editor.document.positionAt(citation), editor.document.positionAt(citation + third.key.length + 5));
    await editor.edit(builder => builder.delete(span));
    await editor.document.save();
    await waitFor(async () => (await api.citedIn.citationCount(third.key)) === 0, { message: 'the citation gone from the index' });

    const proposed = vscode.commands.executeCommand<RemoveUnusedResult>('digestNotes.removeUnusedEntries', bibUri);
    await new Promise(resolve => setTimeout(resolve, 1500)); // the refactor preview is showing the change
    assert.equal(await folder.read('refs.bib'), withMine, 'nothing is removed before the writer applies it');
    // Changes that need confirmation start unchecked: the writer checks the file's row (all its
    // changes) with Space in the preview, then applies.
    await press('Home');
    await press('Space');
    await new Promise(resolve => setTimeout(resolve, 500));
    await vscode.commands.executeCommand('refactorPreview.apply');
    const result = await proposed;
    assert.deepEqual(result.proposed, [third.key]);
    assert.equal(result.writers, 1, "the writer's own entry is never proposed");
    assert.equal(result.applied, true);
    // The bibliography is open: the edit lands in its document; saved, the file is the same text
    // (reading the file while the workbench writes it could catch it half written).
    await waitFor(() => !bibDocument.getText().includes(third.key), { message: 'the unused entry gone from the bibliography' });
    if (bibDocument.isDirty) assert.ok(await bibDocument.save());
    const after = await folder.read('refs.bib');
    assert.equal(after, bibDocument.getText(), 'the file holds what the editor shows');
    assert.ok(!after.includes(third.key), after);
    assert.ok(after.includes(mine), 'the writer’s entry is kept byte for byte');
    const quiet = (await api.workspace.library()).byTitle(QUIET)!;
    assert.ok(after.includes(`@misc{${quiet.key},`), 'a cited entry is kept');
  });
});
