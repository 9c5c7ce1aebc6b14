import * as assert from 'node:assert/strict';
import { rename } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { DayNode, DigestNode, PaperNode, PapersNode } from '../../src/vscode/tree/nodes';
import type { PapersTreeProvider } from '../../src/vscode/tree/papersTreeProvider';
import { SEED_DIGEST, closeAllEditors, extensionApi, openFile, waitFor, workspaceFile } from './helpers';

const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';
const ABSTRACT =
  'We describe a method in plain words. It is tested on three tasks and works well on all of them. ' +
  'Code is at https://github.com/example/tree-spec.';

/** Files this spec writes live in their own folder, so other specs never see them. */
const root = `tree-spec-${Date.now().toString(36)}`;

interface Handles {
  tree: PapersTreeProvider;
  view: vscode.TreeView<PapersNode>;
}

async function handles(): Promise<Handles> {
  const api = await extensionApi();
  assert.ok(api.papersTree, 'activate() exposes api.papersTree');
  assert.ok(api.papersView, 'activate() exposes api.papersView');
  return { tree: api.papersTree, view: api.papersView };
}

async function digestNode(tree: PapersTreeProvider, uri: vscode.Uri): Promise<DigestNode | undefined> {
  const roots = await tree.digestNodes();
  return roots.find(node => node.uri.toString() === uri.toString());
}

async function papersOf(tree: PapersTreeProvider, node: DigestNode): Promise<PaperNode[]> {
  const days = (await tree.getChildren(node)) as DayNode[];
  const papers = await Promise.all(days.map(day => tree.getChildren(day)));
  return papers.flat() as PaperNode[];
}

function digestText(titles: readonly string[]): string {
  return ['Mar 15', '', ...titles.flatMap(title => [title, '', ABSTRACT, ''])].join('\n');
}

describe('Papers view', function () {
  this.timeout(45_000);
  const seed = workspaceFile(SEED_DIGEST);
  let tree: PapersTreeProvider;
  let view: vscode.TreeView<PapersNode>;

  before(async () => {
    ({ tree, view } = await handles());
    await openFile(SEED_DIGEST);
  });
  afterEach(() => vscode.commands.executeCommand('digestNotes.clearFilter'));
  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(workspaceFile(root), { recursive: true }).then(undefined, () => undefined);
  });

  it('lists the seed digest with its 61 papers under `Mar 14`, in file order', async () => {
    const api = await extensionApi();
    const node = await waitFor(() => digestNode(tree, seed), { message: 'the seed digest in the view' });
    const days = (await tree.getChildren(node)) as DayNode[];

    assert.deepEqual(
      days.map(day => day.label),
      ['Mar 14'],
    );
    const papers = (await tree.getChildren(days[0])) as PaperNode[];
    assert.equal(papers.length, 61);
    assert.deepEqual(
      papers.map(p => p.title),
      api.workspace.digest(seed)?.entries.map(e => e.title),
    );
    assert.equal(tree.getParent(papers[0]), days[0]);
    assert.equal(tree.getParent(days[0]), node);
    assert.equal(tree.getTreeItem(node).contextValue, 'digest');
  });

  it('shows each paper with its key (authors and year when known), a tooltip, and Preview on click', async () => {
    const library = await (await extensionApi()).workspace.library();
    const papers = await papersOf(tree, (await digestNode(tree, seed))!);
    const transcoders = papers.find(p => p.title === TRANSCODERS);
    assert.ok(transcoders);
    const item = tree.getTreeItem(transcoders);
    const key = library.byTitle(TRANSCODERS)?.key;

    assert.equal(item.label, TRANSCODERS);
    // A text digest names no authors, and "Mar 14" no year: the key first (the day is the row's parent),
    // then the badges other specs may have earned it (cited, noted).
    assert.match(String(item.description), new RegExp(`^${key}( · (cited|noted|★))*$`));
    assert.match(String(item.contextValue), /^paper.*linked/);
    assert.deepEqual(item.command?.arguments, [key]);
    assert.equal(item.command?.command, 'digestNotes.previewPaper');
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.ok(tooltip.includes('(https://github.com/jacobdunefsky/transcoder_circuits)'), tooltip);
    assert.ok(tooltip.includes('A key goal in mechanistic interpretability is circuit analysis'), "the abstract's start");
    assert.ok(tooltip.length < 1000, "only the abstract's start");
    const unlinked = papers.find(p => p.links.length === 0);
    assert.ok(unlinked);
    assert.doesNotMatch(String(tree.getTreeItem(unlinked).contextValue), /linked/);
  });

  it('filters by text, shows the filter in its description, and clears it', async () => {
    await vscode.commands.executeCommand('digestNotes.filterPapers', 'transcoders');

    const filtered = await papersOf(tree, (await digestNode(tree, seed))!);
    assert.ok(filtered.some(p => p.title === TRANSCODERS));
    assert.ok(filtered.length < 61);
    for (const paper of filtered) {
      assert.match(`${paper.title} ${paper.key} ${paper.abstract}`.toLowerCase(), /transcoders/);
    }
    assert.match(String(view.description), /transcoders/);

    await vscode.commands.executeCommand('digestNotes.filterPapers', 'transcoders nosuchwordanywhere');
    assert.deepEqual(await tree.getChildren(), []);
    assert.match(String(view.message), /No papers match/);

    await vscode.commands.executeCommand('digestNotes.clearFilter');
    assert.equal((await papersOf(tree, (await digestNode(tree, seed))!)).length, 61);
    assert.equal(view.description, undefined);
    assert.equal(view.message, undefined);
  });

  it('selects the paper under the cursor as it moves through the digest', async () => {
    const selectedKey = () => (view.selection.length === 1 && view.selection[0].kind === 'paper' ? view.selection[0].key : undefined);
    await vscode.commands.executeCommand('digestNotes.papers.focus');
    await waitFor(() => view.visible, { message: 'the Papers view to show' });
    const editor = await openFile(SEED_DIGEST);
    const papers = await papersOf(tree, (await digestNode(tree, seed))!);
    const [tenth, eleventh] = [papers[9], papers[10]];
    assert.equal(editor.document.lineAt(tenth.titleLine).text, tenth.title);

    const explain = async () =>
      `view visible ${view.visible}, selection [${view.selection.map(n => n.id).join(', ')}], ` +
      `active editor ${vscode.window.activeTextEditor?.document.uri.path} ` +
      `at line ${vscode.window.activeTextEditor?.selection.active.line}, ` +
      `paper there ${(await tree.paperAt(editor.document.uri, editor.selection.active.line))?.id}`;
    editor.selection = new vscode.Selection(tenth.titleLine, 3, tenth.titleLine, 3);
    await waitFor(() => selectedKey() === tenth.key, { message: `the 10th paper (${tenth.key}) to be selected`, explain });

    editor.selection = new vscode.Selection(eleventh.endLine, 5, eleventh.endLine, 5);
    await waitFor(() => selectedKey() === eleventh.key, { message: 'the 11th paper to be selected from its abstract', explain });
    assert.ok(eleventh.endLine > eleventh.titleLine);
  });

  it("opens a paper's digest with its title line selected (Reveal in Digest)", async () => {
    const node = (await papersOf(tree, (await digestNode(tree, seed))!))[20];
    const revealed = async (arg: unknown) => {
      await closeAllEditors();
      await vscode.commands.executeCommand('digestNotes.revealInDigest', arg);
      return waitFor(() => vscode.window.activeTextEditor, { message: 'an editor' });
    };

    const fromNode = await revealed(node);
    assert.equal(fromNode.document.uri.toString(), seed.toString());
    assert.equal(fromNode.document.getText(fromNode.selection), node.title);
    assert.equal(fromNode.selection.start.line, node.titleLine);

    // A key names the paper's first occurrence, wherever that is.
    const first = (await (await extensionApi()).workspace.paper(node.key))!.occurrences[0];
    const fromKey = await revealed(node.key);
    assert.equal(fromKey.document.uri.toString(), first.path);
    assert.equal(fromKey.selection.start.line, first.titleLine);
    assert.equal(fromKey.document.getText(fromKey.selection), node.title);
  });

  it("copies a paper's key", async () => {
    const paper = (await papersOf(tree, (await digestNode(tree, seed))!))[5];

    const copied = await vscode.commands.executeCommand<string>('digestNotes.copyKey', paper);

    assert.equal(copied, paper.key);
    assert.equal(await vscode.env.clipboard.readText(), paper.key);
  });

  it("shows a note icon once the paper's note exists, and not after it is deleted", async () => {
    const papers = await papersOf(tree, (await digestNode(tree, seed))!);
    const folder = workspaceFile('notes');
    const exists = (uri: vscode.Uri) =>
      vscode.workspace.fs.stat(uri).then(
        () => true,
        () => false,
      );
    let paper: PaperNode | undefined;
    for (const candidate of [...papers].reverse()) {
      if (!(await exists(vscode.Uri.joinPath(folder, `${candidate.key}.md`)))) {
        paper = candidate;
        break;
      }
    }
    assert.ok(paper, 'a paper without a note');
    const key = paper.key;
    const icon = async () => {
      const node = (await papersOf(tree, (await digestNode(tree, seed))!)).find(p => p.key === key)!;
      return (tree.getTreeItem(node).iconPath as vscode.ThemeIcon).id;
    };
    // Without a note, an unread paper shows the unread dot (a read one a book).
    const withoutNote = 'circle-filled';
    assert.equal(await icon(), withoutNote);
    const note = vscode.Uri.joinPath(folder, `${key}.md`);

    await vscode.workspace.fs.writeFile(note, new TextEncoder().encode(`# ${paper.title}\n`));
    await waitFor(async () => (await icon()) === 'note', { message: 'the note icon' });

    // The whole notes folder moved away and back by a shell `mv`: the watcher on its notes sees
    // neither move, only the folder's own events do.
    const away = workspaceFile(`notes-away-${Date.now().toString(36)}`);
    await rename(folder.fsPath, away.fsPath);
    try {
      await waitFor(async () => (await icon()) === withoutNote, { timeout: 20_000, message: 'the icon once the notes folder is gone' });
    } finally {
      await rename(away.fsPath, folder.fsPath);
    }
    await waitFor(async () => (await icon()) === 'note', { timeout: 20_000, message: 'the note icon once the notes folder is back' });

    await vscode.workspace.fs.delete(note);
    await waitFor(async () => (await icon()) === withoutNote, { message: 'the icon without a note' });
  });

  it('follows digests as they are created, changed and deleted, re-parsing only those', async () => {
    const api = await extensionApi();
    const seedParsed = api.workspace.digest(seed);
    assert.ok(seedParsed);
    const uri = workspaceFile(`${root}/fresh.digest.txt`);
    const titles = [
      'Tree Spec Alpha: Watching Digests Appear',
      'Tree Spec Beta: Watching Digests Change',
      'Tree Spec Gamma: A Third Paper',
    ];

    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(digestText(titles.slice(0, 2))));
    const created = await waitFor(() => digestNode(tree, uri), {
      timeout: 20_000,
      message: `the new digest in the view (in the workspace model: ${Boolean(api.workspace.digest(uri))})`,
    });
    assert.deepEqual(
      (await papersOf(tree, created)).map(p => p.title),
      titles.slice(0, 2),
    );

    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(digestText(titles)));
    await waitFor(
      async () => {
        const node = await digestNode(tree, uri);
        return node && (await papersOf(tree, node)).length === 3;
      },
      { message: 'the changed digest to show three papers' },
    );

    await vscode.workspace.fs.delete(uri);
    await waitFor(async () => !(await digestNode(tree, uri)), { message: 'the deleted digest to leave the view' });
    assert.equal(api.workspace.digest(seed), seedParsed, 'the seed digest was not parsed again');
  });

  it('follows the files digestNotes.digestGlob names, and none in excluded folders', async () => {
    const settings = vscode.workspace.getConfiguration('digestNotes');
    const custom = workspaceFile(`${root}/custom/weekly.papers`);
    const excluded = workspaceFile(`${root}/out/built.papers`);
    await settings.update('digestGlob', '**/*.{digest,digest.txt,papers}', vscode.ConfigurationTarget.Workspace);
    try {
      // Written after the settings change took hold, so only the watchers can find them.
      await (await extensionApi()).workspace.library();
      await vscode.workspace.fs.createDirectory(workspaceFile(`${root}/custom`));
      await vscode.workspace.fs.createDirectory(workspaceFile(`${root}/out`));
      // The new folders are searched for digests 200 ms after they appear (FolderEvents); the
      // files come after that, so only the file watchers can find them.
      await new Promise(resolve => setTimeout(resolve, 500));
      await vscode.workspace.fs.writeFile(excluded, new TextEncoder().encode(digestText(['Tree Spec Delta: Built Output'])));
      await vscode.workspace.fs.writeFile(custom, new TextEncoder().encode(digestText(['Tree Spec Epsilon: A Weekly File'])));
      const node = await waitFor(() => digestNode(tree, custom), { timeout: 20_000, message: 'the .papers digest in the view' });
      assert.deepEqual(
        (await papersOf(tree, node)).map(p => p.title),
        ['Tree Spec Epsilon: A Weekly File'],
      );
      await vscode.workspace.fs.writeFile(
        custom,
        new TextEncoder().encode(digestText(['Tree Spec Epsilon: A Weekly File', 'Tree Spec Zeta: Its Second Paper'])),
      );
      await waitFor(async () => (await papersOf(tree, (await digestNode(tree, custom))!)).length === 2, {
        message: 'the .papers digest changed',
      });
      assert.equal(await digestNode(tree, excluded), undefined, 'a digest under out/ (digestNotes.exclude) is left out');
    } finally {
      await settings.update('digestGlob', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(async () => !(await digestNode(tree, custom)), { message: 'the .papers digest gone with the setting' });
  });
});
