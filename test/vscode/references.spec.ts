import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { readBibliography } from '../../src/core/bib';
import type { InsertCitationResult } from '../../src/vscode/cite';
import type { CompleteMetadataResult } from '../../src/vscode/metadata';
import { ReplayServer } from '../integration/metadataReplay';
import { requirePandoc } from '../integration/requireTool';
import { SEED_DIGEST, closeAllEditors, extensionApi, waitFor, workspaceFile, removeDigestNotesFolder, removeIfPresent } from './helpers';
import { specFolder } from './specFolder';

/**
 * Real references: metadata looked up (from a replay server on 127.0.0.1, never a real service)
 * and read from sources (Hugging Face JSON, arXiv e-mail) makes entries pandoc cites author-date.
 */

const folder = specFolder('references-spec');
const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';
const ITRANSFORMER = 'iTransformer: Inverted Transformers Are Effective for Time Series Forecasting';
const REPO = process.env.DIGEST_NOTES_REPO ?? '';

function pandoc(this: Mocha.Context, cwd: string, draft: string): string {
  requirePandoc(this);
  const out = spawnSync('pandoc', [draft, '--citeproc', '--wrap=none', '-t', 'plain'], { cwd, encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return out.stdout.replace(/\s+/g, ' ');
}

describe('real references', function () {
  this.timeout(120_000);
  let server: ReplayServer;
  const settings = () => vscode.workspace.getConfiguration('digestNotes');

  before(async () => {
    server = await ReplayServer.start();
    await settings().update('metadata.endpoints', server.endpoints, vscode.ConfigurationTarget.Workspace);
    // Allowed in the user's settings: from a workspace's own settings `on` would still ask.
    await settings().update('metadata.lookup', 'on', vscode.ConfigurationTarget.Global);
    // The seed's day line has no year: Hugging Face is asked by date.
    await settings().update('defaultYear', 2024, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.createDirectory(folder.file(''));
  });

  after(async () => {
    await closeAllEditors();
    await server?.close();
    await settings().update('metadata.endpoints', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('metadata.lookup', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('defaultYear', undefined, vscode.ConfigurationTarget.Workspace);
    // Other specs expect the title rule's keys and none of these digests: the files go (one by one,
    // so each watcher sees its own deletion), then the folders, and the library is rebuilt without
    // them before the next spec reads it.
    for (const name of ['daily.json', 'cs-listing.txt']) await removeIfPresent(folder.file(name));
    await removeDigestNotesFolder();
    await removeIfPresent(folder.file(''));
    const api = await extensionApi();
    await waitFor(
      async () =>
        !api.workspace.digestUris().some(uri => uri.includes(folder.name)) &&
        (await api.workspace.library()).byTitle(TRANSCODERS)?.key !== 'dunefsky2024transcoders',
      { timeout: 20_000, message: "the library back on the title rule, without this spec's digests" },
    );
  });

  it("completes the seed digest's metadata, then cites two papers with authors, year and DOI; pandoc cites author-date", async function () {
    const api = await extensionApi();
    // The key rule: a key already cited or noted somewhere never changes; any other key follows the authors.
    const titleKey = (await api.workspace.library()).byTitle(TRANSCODERS)!.key;
    await api.notes.load();
    const inUse = (await api.citedIn.citationCount(titleKey)) > 0 || api.notes.has(titleKey);
    const result = await vscode.commands.executeCommand<CompleteMetadataResult>('digestNotes.completeMetadata', workspaceFile(SEED_DIGEST));
    assert.ok(result.allowed && result.found >= 3, JSON.stringify(result));
    assert.equal(server.count('huggingface'), 1, "one request for the digest's day");
    const library = await waitFor(
      async () => {
        const lib = await api.workspace.library();
        return lib.byTitle(TRANSCODERS)?.metadata?.authors?.length ? lib : undefined;
      },
      { message: 'the library with the answers' },
    );
    const transcoders = library.byTitle(TRANSCODERS)!;
    const itransformer = library.byTitle(ITRANSFORMER)!;
    assert.equal(transcoders.metadata?.arxiv, '2406.11944');
    assert.equal(transcoders.key, inUse ? titleKey : 'dunefsky2024transcoders', `the key rule (${titleKey} in use: ${inUse})`);

    await folder.openDraft('draft.md', '---\nbibliography: refs.bib\n---\nTranscoders find circuits|.\n');
    const cited = await vscode.commands.executeCommand<InsertCitationResult>('digestNotes.insertCitation', [
      transcoders.key,
      itransformer.key,
    ]);
    assert.equal(cited.error, undefined);
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    const bib = await folder.read('refs.bib');
    assert.match(bib, /author\s*=\s*\{Dunefsky, Jacob and Chlenski, Philippe and Nanda, Neel\}/);
    assert.match(bib, /year\s*=\s*\{?2024/);
    assert.match(bib, /doi\s*=\s*\{10\.48550\/arXiv\.2406\.11944\}/);
    assert.match(bib, /eprint\s*=\s*\{2406\.11944\}/);
    const plain = pandoc.call(this, folder.file('').fsPath, 'draft.md');
    assert.match(plain, /\(Dunefsky, Chlenski, and Nanda 2024; Liu et al\. 2023\)/, plain);
    assert.ok(!/Digest /.test(plain), 'where the paper came from is not printed');

    const before = server.requests.length;
    const again = await vscode.commands.executeCommand<CompleteMetadataResult>('digestNotes.completeMetadata', workspaceFile(SEED_DIGEST));
    assert.equal(server.requests.length, before, 'a second run sends no request');
    assert.equal(again.requests, 0);
  });

  it('proposes metadata for an older entry in the refactor preview, and writes nothing until it is applied', async () => {
    const api = await extensionApi();
    const transcoders = (await api.workspace.library()).byTitle(TRANSCODERS)!;
    assert.ok(transcoders.metadata?.authors?.length, 'the first test completed the metadata');
    const older = `@misc{${transcoders.key},\n  title = {{${TRANSCODERS}}}\n}\n`;
    const bib = await folder.write('older.bib', older);
    const proposed = vscode.commands.executeCommand<{ proposed: string[]; applied: boolean }>(
      'digestNotes.updateBibliographyFromMetadata',
      bib,
    );
    await new Promise(resolve => setTimeout(resolve, 1500)); // the refactor preview is showing the change
    assert.equal(await folder.read('older.bib'), older, 'nothing is written before the writer confirms');
    await vscode.commands.executeCommand('refactorPreview.discard');
    const result = await proposed;
    assert.deepEqual(result.proposed, [transcoders.key]);
    assert.equal(result.applied, false);
    assert.equal(await folder.read('older.bib'), older, 'discarded: the entry is as it was');
  });

  it('reads a Hugging Face JSON and an arXiv e-mail as digests: days in the tree, authors, complete entries', async function () {
    await copyFile(join(REPO, 'test/fixtures/sources/hf-daily-papers.json'), folder.file('daily.json').fsPath);
    await copyFile(join(REPO, 'test/fixtures/sources/arxiv-listing-email.txt'), folder.file('cs-listing.txt').fsPath);
    const api = await extensionApi();
    const json = folder.file('daily.json').toString();
    const mail = folder.file('cs-listing.txt').toString();
    await waitFor(() => api.workspace.digest(json) && api.workspace.digest(mail), {
      timeout: 20_000,
      message: 'both sources in the model',
    });
    const digestNodes = await api.papersTree.getChildren();
    const hfNode = digestNodes.find(n => n.kind === 'digest' && n.uri.toString() === json);
    assert.ok(hfNode, 'the JSON file is a digest in the tree');
    const days = await api.papersTree.getChildren(hfNode);
    assert.deepEqual(
      days.map(d => (d.kind === 'day' ? d.label : '')),
      ['2026-06-12'],
    );
    const papers = await api.papersTree.getChildren(days[0]);
    const item = await api.papersTree.getTreeItem(papers[0]);
    const tooltip = (item.tooltip as vscode.MarkdownString | undefined)?.value ?? '';
    assert.match(tooltip, /\*.+ · 2026\*/, 'the tooltip names the authors and the year');

    const library = await api.workspace.library();
    const fromMail = library.papers.find(p => p.occurrences.some(o => o.path === mail) && (p.metadata?.authors?.length ?? 0) > 2)!;
    const fromJson = library.papers.find(p => p.occurrences.some(o => o.path === json))!;
    await folder.openDraft('sources.md', '---\nbibliography: sources.bib\n---\nBoth sources|.\n');
    await vscode.commands.executeCommand<InsertCitationResult>('digestNotes.insertCitation', [fromJson.key, fromMail.key]);
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    const entries = readBibliography(await folder.read('sources.bib'), 'bibtex').entries;
    assert.equal(entries.length, 2);
    const bib = await folder.read('sources.bib');
    assert.equal((bib.match(/eprint\s*=/g) ?? []).length, 2, bib);
    assert.equal((bib.match(/author\s*=/g) ?? []).length, 2, bib);
    const family = fromMail.metadata!.authors![0].family!;
    const plain = pandoc.call(this, folder.file('').fsPath, 'sources.md');
    assert.ok(plain.includes(`${family} et al.`), plain);
  });
});
