import * as assert from 'node:assert/strict';
import { lstat, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { readBibliography } from '../../src/core/bib';
import type { Paper } from '../../src/core/model';
import type { InsertCitationResult } from '../../src/vscode/cite';
import type { CreateNoteResult } from '../../src/vscode/notes';
import { closeAllEditors, extensionApi, workspaceFile } from './helpers';
import { specFolder } from './specFolder';

/** Nothing lost, nothing outside: the write path under races, symlinks and workspace settings. */

const folder = specFolder('safe-writes-spec');

function cite(keys: string[]): Thenable<InsertCitationResult> {
  return vscode.commands.executeCommand<InsertCitationResult>('digestNotes.insertCitation', keys);
}

async function createNote(key: string): Promise<CreateNoteResult | undefined> {
  return vscode.commands.executeCommand<CreateNoteResult | undefined>('digestNotes.createNote', key);
}

describe('safe writes', function () {
  this.timeout(90_000);
  let papers: readonly Paper[];
  /** A folder outside the workspace, for links that lead out of it. */
  let outside: string;

  before(async () => {
    papers = (await (await extensionApi()).workspace.library()).papers;
    assert.ok(papers.length >= 12, 'the seed digest has enough papers');
    await vscode.workspace.fs.createDirectory(folder.file(''));
    outside = await mkdtemp(join(tmpdir(), 'digest-notes-outside-'));
  });

  after(async () => {
    await closeAllEditors();
    await rm(outside, { recursive: true, force: true });
  });

  // The keys of this moment: a spec before this one may have changed the library just now.
  beforeEach(async () => {
    papers = (await (await extensionApi()).workspace.library()).papers;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await closeAllEditors();
  });

  it('gives ten entries for ten cites run at once into a closed bibliography', async () => {
    await folder.write('ten.bib', '');
    await folder.openDraft('ten.md', '---\nbibliography: ten.bib\n---\nCited here: |\n');
    const ten = papers.slice(0, 10);
    const results = await Promise.all(ten.map(paper => cite([paper.key])));
    assert.ok(
      results.every(r => !r.error),
      results.map(r => r.error).join('; '),
    );
    const entries = readBibliography(await folder.read('ten.bib'), 'bibtex').entries;
    assert.deepEqual(entries.map(e => e.key).sort(), results.map(r => r.keys[0]).sort(), 'one entry per cite, none lost');
    assert.equal(entries.length, 10);
  });

  it('writes through a symlinked bibliography inside the workspace, and the link stays a link', async () => {
    await vscode.workspace.fs.createDirectory(folder.file('shared'));
    await folder.write('shared/refs.bib', '');
    await symlink('shared/refs.bib', folder.file('linked.bib').fsPath);
    await folder.openDraft('linked.md', '---\nbibliography: linked.bib\n---\nText |\n');
    const result = await cite([papers[10].key]);
    assert.equal(result.error, undefined);
    assert.ok((await lstat(folder.file('linked.bib').fsPath)).isSymbolicLink(), 'still a link');
    const shared = readBibliography(await folder.read('shared/refs.bib'), 'bibtex').entries;
    assert.deepEqual(
      shared.map(e => e.key),
      [result.keys[0]],
      "the entry landed in the link's target",
    );
  });

  it('refuses a bibliography whose link leads outside the workspace, naming it, and writes nothing there', async () => {
    const target = join(outside, 'refs.bib');
    await writeFile(target, '');
    await symlink(target, folder.file('escape.bib').fsPath);
    const editor = await folder.openDraft('escape.md', '---\nbibliography: escape.bib\n---\nText |\n');
    const result = await cite([papers[11].key]);
    assert.match(result.error ?? '', /escape\.bib is a link .* outside the workspace/);
    assert.equal(await readFile(target, 'utf8'), '', 'nothing written outside');
    assert.equal(editor.document.getText(), '---\nbibliography: escape.bib\n---\nText \n', 'the draft is left as it was');
  });

  it('refuses to write a note into a notes folder that links outside the workspace', async () => {
    await symlink(outside, folder.file('linked-notes').fsPath);
    const settings = vscode.workspace.getConfiguration('digestNotes');
    await settings.update('notesFolder', `${folder.name}/linked-notes`, vscode.ConfigurationTarget.Workspace);
    try {
      const result = await createNote(papers[0].key);
      assert.equal(result, undefined, 'no note');
      assert.deepEqual(
        (await readdir(outside)).filter(name => name.endsWith('.md')),
        [],
        'nothing written outside',
      );
    } finally {
      await settings.update('notesFolder', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('honours a note template named by the workspace settings only inside the workspace', async () => {
    const secret = join(outside, 'secret.md');
    await writeFile(secret, 'SECRET {{title}}\n');
    await folder.write('template.md', 'Mine: {{title}}\n');
    const settings = vscode.workspace.getConfiguration('digestNotes');
    const note = workspaceFile(`notes-${folder.name}`);
    await settings.update('notesFolder', `notes-${folder.name}`, vscode.ConfigurationTarget.Workspace);
    try {
      for (const path of [secret, `${folder.name}/../../${join(outside, 'secret.md')}`]) {
        await settings.update('noteTemplate', path, vscode.ConfigurationTarget.Workspace);
        assert.equal(await createNote(papers[1].key), undefined, `${path} is refused`);
      }
      assert.deepEqual(
        await vscode.workspace.fs.readDirectory(note).then(
          e => e,
          () => [],
        ),
        [],
        'no note was written',
      );
      await settings.update('noteTemplate', `${folder.name}/template.md`, vscode.ConfigurationTarget.Workspace);
      const made = await createNote(papers[1].key);
      assert.ok(made?.created);
      assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(made.uri)), /Mine: /);
    } finally {
      await settings.update('noteTemplate', undefined, vscode.ConfigurationTarget.Workspace);
      await settings.update('notesFolder', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
