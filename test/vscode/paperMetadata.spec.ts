import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InsertCitationResult } from '../../src/vscode/cite';
import type { EditPaperMetadataResult } from '../../src/vscode/paperMetadata';
import { closeAllEditors, extensionApi, waitFor, workspaceFile, removeDigestNotesFolder, removeIfPresent } from './helpers';
import { specFolder } from './specFolder';

/**
 * Edit Paper Metadata and Insert Citation with Locator (issue 21), in the real host: a text
 * digest's paper (no authors, no year) is given both by hand, then cited: its entry has them and
 * no "n.d." gap is reported; its key never changes. A locator is written as the draft's syntax
 * wants it. Titles of their own, so the seed's keys (which other specs read) never change.
 */

const folder = specFolder('paper-metadata');
const HANDMADE = 'Handmade Records Describe Analytical Engines';
const OTHER = 'Other Engines Remain Without Authors';
const DIGEST = `Mar 14\n\n${HANDMADE}\n\nWe describe engines by hand.\n\n${OTHER}\n\nThese stay undescribed.\n`;

describe('Edit Paper Metadata and Insert Citation with Locator (issue 21)', function () {
  this.timeout(120_000);

  before(async () => {
    await vscode.workspace.fs.createDirectory(folder.file(''));
    await folder.write('engines.digest.txt', DIGEST);
    const api = await extensionApi();
    await waitFor(async () => (await api.workspace.library()).byTitle(HANDMADE), { timeout: 20_000, message: 'the digest in the library' });
  });

  after(async () => {
    await closeAllEditors();
    await removeDigestNotesFolder();
    await removeIfPresent(folder.file(''));
    const api = await extensionApi();
    await waitFor(async () => !(await api.workspace.library()).byTitle(HANDMADE), {
      timeout: 20_000,
      message: 'the library without these digests',
    });
  });

  it('offers Edit Paper Metadata for a paper without authors or year; then its entry has them, no n.d., the same key', async () => {
    const api = await extensionApi();
    const other = (await api.workspace.library()).byTitle(OTHER)!;
    const paper = (await api.workspace.library()).byTitle(HANDMADE)!;
    assert.equal(paper.year, null);
    assert.equal(paper.metadata?.authors, undefined);

    await folder.openDraft('gap.md', '---\nbibliography: gap.bib\n---\n\nUndescribed engines|.\n');
    const gap = await vscode.commands.executeCommand<InsertCitationResult>('digestNotes.insertCitation', [other.key]);
    assert.ok(gap.gaps, 'the paper without authors or year is reported');
    const edit = gap.gaps.fixes.find(fix => fix.title === 'Edit Paper Metadata');
    assert.ok(edit, `Edit Paper Metadata offered among ${gap.gaps.fixes.map(f => f.title).join(', ')}`);
    assert.equal(edit.command, 'digestNotes.editPaperMetadata');
    assert.deepEqual(edit.arguments, [other.key]);

    const result = await vscode.commands.executeCommand<EditPaperMetadataResult>('digestNotes.editPaperMetadata', paper.key, {
      authors: 'Lovelace, Ada; Babbage, Charles',
      year: '1843',
      venue: 'Scientific Memoirs',
      doi: 'https://doi.org/10.5555/engines.1843',
      arxiv: '',
    });
    assert.equal(result.error, undefined);
    assert.equal(result.recordedKey, paper.key, 'the key once written is kept');
    const file = JSON.parse(
      await new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('.digest-notes/metadata.json'))),
    );
    const record = (file.papers as { title: string; source?: string; key?: string; published?: string }[]).find(p => p.title === HANDMADE);
    assert.equal(record?.source, 'manual');
    assert.equal(record?.key, paper.key);
    assert.equal(record?.published, '1843');

    const described = await waitFor(
      async () => {
        const found = (await api.workspace.library()).byTitle(HANDMADE);
        return found?.metadata?.authors?.length === 2 ? found : undefined;
      },
      { timeout: 20_000, message: 'the library with the authors written by hand' },
    );
    assert.equal(described.key, paper.key, 'the key does not change');
    assert.equal(described.metadata?.authors?.[0].family, 'Lovelace');

    await folder.openDraft('paper.md', '---\nbibliography: refs.bib\n---\n\nEngines compute|.\n');
    const cited = await vscode.commands.executeCommand<InsertCitationResult>('digestNotes.insertCitation', [paper.key]);
    assert.equal(cited.error, undefined);
    assert.equal(cited.gaps, undefined, 'no "n.d." gap reported');
    const bib = await folder.read('refs.bib');
    assert.match(bib, /Lovelace.*Babbage/, bib);
    assert.match(bib, /1843/, bib);
    assert.match(bib, /journal = \{Scientific Memoirs\}/, bib);
    assert.match(bib, /10\.5555\/engines\.1843/, bib);

    // A bad answer records nothing and says which field.
    const bad = await vscode.commands.executeCommand<EditPaperMetadataResult>('digestNotes.editPaperMetadata', paper.key, { year: '43' });
    assert.equal(bad.error?.startsWith('year:'), true, bad.error);
  });

  it('Insert Citation with Locator writes [@key, p. 12] at the cursor', async () => {
    const api = await extensionApi();
    const paper = (await api.workspace.library()).byTitle(HANDMADE)!;
    const editor = await folder.openDraft('locator.md', '---\nbibliography: refs.bib\n---\n\nAs the notes say|.\n');
    const result = await vscode.commands.executeCommand<InsertCitationResult>('digestNotes.insertCitationWithLocator', {
      keys: [paper.key],
      locator: { label: 'page', value: '12' },
    });
    assert.equal(result.error, undefined);
    await waitFor(() => editor.document.getText().includes(`As the notes say [@${paper.key}, p. 12].`), {
      message: `the draft cites [@${paper.key}, p. 12]: ${editor.document.getText()}`,
    });
  });
});
