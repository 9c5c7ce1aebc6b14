import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DayNode, PaperNode } from '../../src/vscode/tree/nodes';
import type { PapersTreeProvider } from '../../src/vscode/tree/papersTreeProvider';
import { closeAllEditors, extensionApi, waitFor, workspaceFile } from './helpers';
import { canType, press } from './keyboard';
import { specFolder } from './specFolder';

const ABSTRACT = 'We describe a method in plain words. It is tested on three tasks and works well on all of them.';
const DAYS: Record<string, string[]> = {
  '2026-12-05': ['Sparse Circuits in Old Models', 'A Survey of Probing Methods'],
  '2026-12-06': ['Transcoder Features Revisited', 'Weather Forecasting With Diffusion'],
  '2026-12-07': ['Sparse Autoencoders for Circuits Today', 'Protein Folding at Scale', 'Robot Grasping From Video'],
};

/** Oldest day first in the file, as a digest appended to day by day is written. */
function threeDays(): string {
  return Object.entries(DAYS)
    .flatMap(([day, titles]) => [day, '', ...titles.flatMap(title => [title, '', ABSTRACT, ''])])
    .join('\n');
}

describe('Reading state and newest first', function () {
  this.timeout(60_000);
  const folder = specFolder('reading-spec');
  let tree: PapersTreeProvider;
  let digest: vscode.Uri;
  const readingFile = workspaceFile('.digest-notes/reading.json');

  const node = async () =>
    waitFor(async () => (await tree.digestNodes()).find(n => n.uri.toString() === digest.toString()), {
      message: 'the three-day digest in the Papers view',
    });
  const paper = async (title: string) =>
    waitFor(async () => (await tree.paperNodes()).find(p => p.title === title && p.digestUri.toString() === digest.toString()), {
      message: `"${title}" in the view`,
      explain: async () =>
        `shown: ${(await tree.paperNodes())
          .filter(p => p.digestUri.toString() === digest.toString())
          .map(p => p.title)
          .join(', ')}; show ${tree.shown}; its status ${(await extensionApi()).reading.status({ title })}; ` +
        `in the library: ${Boolean((await (await extensionApi()).workspace.library()).byTitle(title))}; ` +
        `reading.json: ${await vscode.workspace.fs.readFile(readingFile).then(
          b => new TextDecoder().decode(b),
          () => 'missing',
        )}`,
    });
  const keyOf = async (title: string) => (await paper(title)).key;

  before(async () => {
    tree = (await extensionApi()).papersTree;
    await vscode.workspace.fs.delete(readingFile).then(undefined, () => undefined);
    digest = await folder.write('three-days.digest.txt', threeDays());
  });
  after(async () => {
    await vscode.commands.executeCommand('digestNotes.showPapers', 'all');
    await closeAllEditors();
    await vscode.workspace.fs.delete(workspaceFile(folder.name), { recursive: true }).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(readingFile).then(undefined, () => undefined);
  });

  it('lists the dated digest before the undated seed, its newest day first and open, the others folded', async () => {
    const digestNode = await node();
    const roots = await tree.digestNodes();
    assert.equal(roots[0].uri.toString(), digest.toString(), `first: ${roots.map(r => r.label).join(', ')}`);
    const days = (await tree.getChildren(digestNode)) as DayNode[];
    assert.deepEqual(
      days.map(d => d.label),
      ['2026-12-07', '2026-12-06', '2026-12-05'],
    );
    assert.equal(tree.getTreeItem(days[0]).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.equal(tree.getTreeItem(days[1]).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.equal(tree.getTreeItem(digestNode).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.match(String(tree.getTreeItem(days[0]).description), /^3 papers · 3 unread$/);
  });

  it('stars, dismisses and marks read; writes the state to reading.json, never to a note or bibliography', async () => {
    const sparse = await keyOf('Sparse Autoencoders for Circuits Today');
    const transcoder = await keyOf('Transcoder Features Revisited');
    const robot = await keyOf('Robot Grasping From Video');
    assert.equal(await vscode.commands.executeCommand('digestNotes.toggleStar', sparse), 'starred');
    assert.equal(await vscode.commands.executeCommand('digestNotes.toggleStar', transcoder), 'starred');
    assert.equal(await vscode.commands.executeCommand('digestNotes.dismiss', robot), 'dismissed');
    assert.equal(await vscode.commands.executeCommand('digestNotes.markRead', await keyOf('Protein Folding at Scale')), 'read');

    const saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(readingFile)));
    assert.equal(saved.format, 'digest-notes/reading');
    assert.equal(saved.papers['title:sparse autoencoders for circuits today'].status, 'starred');
    assert.equal(saved.papers['title:robot grasping from video'].status, 'dismissed');

    const starredItem = tree.getTreeItem(await paper('Sparse Autoencoders for Circuits Today'));
    assert.equal((starredItem.iconPath as vscode.ThemeIcon).id, 'star-full');
    assert.match(String(starredItem.description), /★/);
    assert.match(String(starredItem.contextValue), /\.starred/);
    // The dismissed paper is hidden; the day counts what is shown and unread.
    await waitFor(async () => !(await tree.paperNodes()).some(p => p.title === 'Robot Grasping From Video'), {
      message: 'the dismissed paper hidden',
    });
    const today = ((await tree.getChildren(await node())) as DayNode[])[0];
    assert.equal(tree.getTreeItem(today).description, '2 papers');
    // Unstarring leaves it read.
    assert.equal(await vscode.commands.executeCommand('digestNotes.toggleStar', transcoder), 'read');
    assert.equal(await vscode.commands.executeCommand('digestNotes.toggleStar', transcoder), 'starred');
  });

  it('shows only the unread, only the starred, or the dismissed too', async () => {
    const titles = async () => (await tree.paperNodes()).filter(p => p.digestUri.toString() === digest.toString()).map(p => p.title);
    await vscode.commands.executeCommand('digestNotes.showPapers', 'starred');
    assert.deepEqual((await titles()).sort(), ['Sparse Autoencoders for Circuits Today', 'Transcoder Features Revisited']);
    await vscode.commands.executeCommand('digestNotes.showPapers', 'unread');
    const unread = await titles();
    assert.ok(unread.includes('Weather Forecasting With Diffusion'));
    assert.ok(!unread.includes('Protein Folding at Scale') && !unread.includes('Sparse Autoencoders for Circuits Today'));
    await vscode.commands.executeCommand('digestNotes.showPapers', 'all');
    assert.ok(!(await titles()).includes('Robot Grasping From Video'));
  });

  it('marks a day read, and follows an edit of reading.json on disk', async () => {
    const days = (await tree.getChildren(await node())) as DayNode[];
    const older = days.find(d => d.label === '2026-12-05')!;
    assert.equal(await vscode.commands.executeCommand('digestNotes.markDayRead', older), 2);
    const probe = await paper('Sparse Circuits in Old Models');
    assert.equal(tree.status(probe), 'read');

    // Another window (or a git pull) rewrites the file: the view follows, nothing of ours is lost.
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(readingFile));
    const file = JSON.parse(text);
    file.papers['title:weather forecasting with diffusion'] = { status: 'starred', at: new Date(Date.now() + 1000).toISOString() };
    await vscode.workspace.fs.writeFile(readingFile, new TextEncoder().encode(JSON.stringify(file, null, 2)));
    await waitFor(async () => tree.status(await paper('Weather Forecasting With Diffusion')) === 'starred', {
      message: 'the starred paper written on disk shown',
    });
    assert.equal(await vscode.commands.executeCommand('digestNotes.markRead', await keyOf('A Survey of Probing Methods')), 'read');
    const after = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(readingFile)));
    assert.equal(after.papers['title:weather forecasting with diffusion'].status, 'starred', 'the disk edit survived our write');
    assert.equal(after.papers['title:sparse autoencoders for circuits today'].status, 'starred');
  });

  it('refuses to write over a damaged reading.json, and says so', async () => {
    const damaged = '{ "format": "digest-notes/reading", "papers": {';
    await vscode.workspace.fs.writeFile(readingFile, new TextEncoder().encode(damaged));
    const written = await vscode.commands.executeCommand('digestNotes.markRead', await keyOf('Protein Folding at Scale'));
    assert.equal(written, undefined);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(readingFile)), damaged);
  });

  it('triages by keyboard in the preview: j moves to the next paper, s stars it, d dismisses it', async () => {
    assert.ok(canType(), 'keyboard specs run in the code-server host (npm run test:vscode)');
    await vscode.workspace.fs.delete(readingFile).then(undefined, () => undefined);
    await waitFor(async () => tree.status(await paper('Protein Folding at Scale')) === 'unread', { message: 'the state cleared' });
    const protein = await keyOf('Protein Folding at Scale'); // read before the paper is dismissed (and hidden)
    const probe = (await extensionApi()).preview;
    const rendered = probe.waitFor('rendered', m => m.source === digest.toString(), { fresh: true, timeoutMs: 30_000 });
    await vscode.commands.executeCommand('digestNotes.openPreview', digest);
    const first = await rendered;
    // Newest day first: the first two cards are today's.
    assert.deepEqual(first.titles.slice(0, 2), ['Sparse Autoencoders for Circuits Today', 'Protein Folding at Scale']);
    const starred = probe.waitFor('action', m => m.source === digest.toString() && m.action === 'star', { fresh: true, timeoutMs: 20_000 });
    await press('j');
    await press('j');
    await press('s');
    assert.equal((await starred).key, protein);
    await waitFor(async () => tree.status(await paper('Protein Folding at Scale')) === 'starred', { message: 'starred by the s key' });
    const dismissed = probe.waitFor('action', m => m.source === digest.toString() && m.action === 'dismiss', {
      fresh: true,
      timeoutMs: 20_000,
    });
    await press('d');
    assert.equal((await dismissed).key, protein);
    await waitFor(async () => !(await tree.paperNodes()).some(p => p.key === protein), { message: 'dismissed by the d key, and hidden' });
  });

  it('offers Open on arXiv only for papers with an arXiv id', async () => {
    const item = tree.getTreeItem((await paper('Weather Forecasting With Diffusion')) as PaperNode);
    assert.doesNotMatch(String(item.contextValue), /\.arxiv/);
  });
});
