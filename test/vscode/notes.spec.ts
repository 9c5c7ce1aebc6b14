import * as assert from 'node:assert/strict';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import type { Paper } from '../../src/core/model';
import type { CitedInNode, CitedInProvider } from '../../src/vscode/citedIn';
import type { CitedInIndex } from '../../src/vscode/workspace/citedInIndex';
import type { CreateNoteResult } from '../../src/vscode/notes';
import type { InsertNoteLinkResult } from '../../src/vscode/notes/noteLink';
import type { RankedPaper } from '../../src/vscode/search/related';
import { SAMPLE_DRAFT, closeAllEditors, extensionApi, waitFor, workspaceFile, workspaceFolder } from './helpers';

const SAE_TITLE = 'Interpreting Attention Layer Outputs with Sparse Autoencoders';
const NOTED_TITLE = 'Separating common from salient patterns with Contrastive Representation Learning';
const CITED_TITLE = 'Partial Correlations in Compositional Data Analysis';
const TRAVERSAL_TITLE = '../../etc/passwd: A Path Traversal Study';
const RESERVED_TITLE = 'CON: Reserved Names';
const QUOTED_TITLE = `"Quoted" Titles: colons: here, 'apostrophes' and Ünïcode naïveté — Straße`;

/** This spec's own files live under one folder (the notes go to `notes/`, as the setting says). */
const root = `notes-spec-${Date.now().toString(36)}`;
const file = (name: string) => workspaceFile(`${root}/${name}`);

async function write(uri: vscode.Uri, text: string): Promise<vscode.Uri> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function bytes(uri: vscode.Uri): Promise<Uint8Array> {
  return vscode.workspace.fs.readFile(uri);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

/** Opens a file with the cursor at the end of line `line` (0-based). */
async function openAt(uri: vscode.Uri, line: number): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const end = editor.document.lineAt(line).range.end;
  editor.selection = new vscode.Selection(end, end);
  return editor;
}

function createNote(key: string): Thenable<CreateNoteResult | undefined> {
  return vscode.commands.executeCommand<CreateNoteResult | undefined>('digestNotes.createNote', key);
}

/** What the notification's button runs: a link to the note in the draft the writer was last in. */
function insertNoteLink(key: string, draft?: vscode.Uri): Thenable<InsertNoteLinkResult | undefined> {
  return vscode.commands.executeCommand<InsertNoteLinkResult | undefined>('digestNotes.insertNoteLink', key, draft);
}

function textOf(uri: vscode.Uri): string {
  return vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString())!.getText();
}

/** The YAML between the note's opening `---` lines, parsed. */
function frontMatter(text: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  assert.ok(match, `the note has no front matter:\n${text}`);
  return parseYaml(match[1]) as Record<string, unknown>;
}

/** What Windows refuses in a file name (Win32 naming rules). */
function windowsAccepts(name: string): boolean {
  return !/[<>:"/\\|?*\x00-\x1f]/.test(name) && !/[. ]$/.test(name) && !/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i.test(name);
}

const notesFolder = () => workspaceFile('notes');

/** The digest a note names: the paper's first occurrence (another spec may have copied the seed). */
async function firstDigest(key: string): Promise<string> {
  const paper = await (await extensionApi()).workspace.paper(key);
  assert.ok(paper, key);
  return vscode.workspace.asRelativePath(vscode.Uri.parse(paper.occurrences[0].path), false);
}

describe('literature notes', function () {
  this.timeout(60_000);
  let noted: Paper;

  before(async () => {
    const api = await extensionApi();
    noted = (await api.workspace.library()).byTitle(NOTED_TITLE)!;
    assert.ok(noted, 'the seed digest has the paper');
    await vscode.workspace.fs.createDirectory(workspaceFile(root));
    // Another spec may have made this note already; this one is about creating it.
    await vscode.workspace.fs.delete(workspaceFile(`notes/${noted.key}.md`)).then(undefined, () => undefined);
    // The first Markdown editor activates the Markdown extensions: that wait belongs here.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile(SAMPLE_DRAFT)));
    await closeAllEditors();
  });

  after(closeAllEditors);

  it('creates notes/<key>.md from a Markdown draft, with front matter that parses back, leaving the draft as it was', async () => {
    const draft = await write(file('draft.md'), '# Draft\n\nContrastive analysis matters here\n');
    await openAt(draft, 2);

    const result = await createNote(noted.key);

    const note = workspaceFile(`notes/${noted.key}.md`);
    assert.equal(result?.uri.toString(), note.toString());
    assert.equal(result?.created, true);
    const text = new TextDecoder().decode(await bytes(note));
    const data = frontMatter(text);
    assert.equal(data.title, noted.title);
    assert.equal(data.key, noted.key);
    assert.deepEqual(
      data.links,
      noted.links.map(l => l.url),
    );
    assert.deepEqual(data.tags, ['paper']);
    assert.equal(data.digest, await firstDigest(noted.key));
    assert.ok(text.includes(`\n# ${noted.title}\n`), 'the title heading');
    assert.ok(text.includes(`\n> ${noted.abstract.slice(0, 60)}`), 'the abstract as a quote');
    for (const section of ['## Summary', '## Key ideas', '## Questions', '## Related']) {
      assert.ok(text.includes(section), section);
    }
    assert.equal(textOf(draft), '# Draft\n\nContrastive analysis matters here\n', 'creating a note never edits a draft');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), note.toString(), 'the note is opened');

    // Insert Note Link (the notification's button names the draft the writer was in) links it, once.
    const linked = await insertNoteLink(noted.key, draft);
    assert.equal(linked?.draft, draft.toString());
    assert.equal(textOf(draft), `# Draft\n\nContrastive analysis matters here [[${noted.key}]]\n`);
    const again = await insertNoteLink(noted.key, draft);
    assert.equal(again?.inserted, undefined, 'a link already at the cursor is not doubled');
    assert.equal(textOf(draft), `# Draft\n\nContrastive analysis matters here [[${noted.key}]]\n`);
  });

  it('opens an existing note as it is: an edited note keeps its bytes when the command runs again', async () => {
    const note = workspaceFile(`notes/${noted.key}.md`);
    await closeAllEditors();
    // The writer's edits, saved (written straight to disk: an editor save is flaky on a loaded host).
    const edited = `${new TextDecoder().decode(await bytes(note))}My own thoughts, not to be lost.\n`;
    await write(note, edited);
    const saved = await bytes(note);

    const result = await createNote(noted.key);

    assert.equal(result?.created, false);
    assert.equal(result?.uri.toString(), note.toString());
    assert.deepEqual(await bytes(note), saved);
    assert.ok(new TextDecoder().decode(saved).includes('My own thoughts'));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), note.toString());
  });

  it('links with a relative Markdown link from a draft in a subfolder when the setting says so', async () => {
    const settings = vscode.workspace.getConfiguration('digestNotes');
    await settings.update('noteLinkStyle', 'markdown', vscode.ConfigurationTarget.Workspace);
    try {
      const draft = await write(file('chapters/one.md'), 'See \n');
      await openAt(draft, 0);
      const result = await insertNoteLink(noted.key, draft);
      assert.equal(result?.inserted, `[${noted.title}](../../notes/${noted.key}.md)`);
      assert.equal(textOf(draft), `See [${noted.title}](../../notes/${noted.key}.md)\n`);
    } finally {
      await settings.update('noteLinkStyle', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('inserts nothing into a LaTeX draft unless digestNotes.latexNoteLink is on', async () => {
    const tex = await write(file('main.tex'), '\\section{Intro}\nText.\n');
    await openAt(tex, 1);
    const plain = await insertNoteLink(noted.key, tex);
    assert.equal(plain, undefined);
    const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === tex.toString())!;
    assert.equal(document.getText(), '\\section{Intro}\nText.\n');

    const settings = vscode.workspace.getConfiguration('digestNotes');
    await settings.update('latexNoteLink', true, vscode.ConfigurationTarget.Workspace);
    try {
      await openAt(tex, 1);
      await insertNoteLink(noted.key, tex);
      assert.equal(document.getText(), `\\section{Intro}\nText.\n% note: ../notes/${noted.key}.md\n`);
      await insertNoteLink(noted.key, tex);
      assert.equal(document.getText(), `\\section{Intro}\nText.\n% note: ../notes/${noted.key}.md\n`, 'not twice');
    } finally {
      await settings.update('latexNoteLink', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  describe('hostile titles', () => {
    const papers = new Map<string, Paper>();

    before(async () => {
      await closeAllEditors();
      const api = await extensionApi();
      const digest = [
        'Mar 14',
        '',
        TRAVERSAL_TITLE,
        '',
        'We escape folders.',
        '',
        RESERVED_TITLE,
        '',
        'Windows keeps some names.',
        '',
        QUOTED_TITLE,
        '',
        'Titles with quotes and colons.',
        '',
      ].join('\n');
      await write(file('hostile.digest.txt'), digest);
      for (const title of [TRAVERSAL_TITLE, RESERVED_TITLE, QUOTED_TITLE]) {
        papers.set(
          title,
          await waitFor(async () => (await api.workspace.library()).byTitle(title), { message: `"${title}" in the library` }),
        );
      }
    });

    async function noteOf(title: string): Promise<{ uri: vscode.Uri; text: string }> {
      const result = await createNote(papers.get(title)!.key);
      assert.ok(result, `a note for "${title}"`);
      assert.ok(await exists(result.uri));
      return { uri: result.uri, text: new TextDecoder().decode(await bytes(result.uri)) };
    }

    it('keeps a path-traversal title inside notes/', async () => {
      const { uri, text } = await noteOf(TRAVERSAL_TITLE);
      const notes = notesFolder().path;
      assert.ok(uri.path.startsWith(`${notes}/`), `${uri.path} is inside ${notes}`);
      assert.ok(!uri.path.slice(notes.length + 1).includes('/'));
      assert.ok(uri.path.startsWith(workspaceFolder().path));
      assert.equal(frontMatter(text).title, TRAVERSAL_TITLE);
    });

    it('gives a reserved-name title a file name Windows accepts', async () => {
      const { uri, text } = await noteOf(RESERVED_TITLE);
      const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
      assert.ok(windowsAccepts(name), name);
      assert.equal(uri.path, `${notesFolder().path}/${name}`);
      assert.equal(frontMatter(text).title, RESERVED_TITLE);
    });

    it('round-trips quotes, colons and non-ASCII letters through the front matter', async () => {
      const { uri, text } = await noteOf(QUOTED_TITLE);
      assert.match(uri.path.slice(uri.path.lastIndexOf('/') + 1), /^[A-Za-z0-9]+\.md$/);
      assert.equal(frontMatter(text).title, QUOTED_TITLE);
      assert.ok(text.includes(`\n# ${QUOTED_TITLE}\n`));
    });
  });

  describe('templates', () => {
    let paper: Paper;
    const settings = () => vscode.workspace.getConfiguration('digestNotes');

    before(async () => {
      await closeAllEditors();
      paper = (await (await extensionApi()).workspace.library()).byTitle(SAE_TITLE)!;
      await vscode.workspace.fs.delete(workspaceFile(`notes/${paper.key}.md`)).then(undefined, () => undefined);
    });

    afterEach(() => settings().update('noteTemplate', undefined, vscode.ConfigurationTarget.Workspace));

    it('refuses with a clear error, writing nothing, when the template file is missing', async () => {
      await settings().update('noteTemplate', `${root}/no-such-template.md`, vscode.ConfigurationTarget.Workspace);
      const result = await createNote(paper.key);
      assert.equal(result, undefined);
      assert.equal(await exists(workspaceFile(`notes/${paper.key}.md`)), false);
    });

    it('fills the template body and reports unknown placeholders', async () => {
      await write(file('template.md'), '# {{title}}\n\nKey {{key}}, {{day}}, from {{digest}}.\n\n{{links}}\n\n{{authors}}\n');
      await settings().update('noteTemplate', `${root}/template.md`, vscode.ConfigurationTarget.Workspace);
      const result = await createNote(paper.key);
      assert.equal(result?.created, true);
      assert.deepEqual(result?.unknownPlaceholders, ['{{authors}}']);
      const text = new TextDecoder().decode(await bytes(result!.uri));
      assert.equal(frontMatter(text).key, paper.key);
      assert.ok(
        text.endsWith(
          `# ${SAE_TITLE}\n\nKey ${paper.key}, Mar 14, from ${await firstDigest(paper.key)}.\n\n` +
            `${paper.links.map(l => `- <${l.url}>`).join('\n')}\n` +
            `\n{{authors}}\n`,
        ),
        text,
      );
    });
  });
});

describe('Cited In', function () {
  this.timeout(60_000);
  let citedIn: { provider: CitedInProvider; index: CitedInIndex };
  let cited: Paper;
  let sae: Paper;

  before(async () => {
    await closeAllEditors();
    const api = await extensionApi();
    citedIn = { provider: api.citedInView, index: api.citedIn };
    const library = await api.workspace.library();
    cited = library.byTitle(CITED_TITLE)!;
    sae = library.byTitle(SAE_TITLE)!;
  });

  after(closeAllEditors);

  /** key -> the lines listed under `uri` in the view (empty when the file is not listed). */
  async function linesListed(key: string, uri: vscode.Uri): Promise<number[]> {
    const files = await citedIn.provider.getChildren(undefined, key);
    const fileNode = files.find(n => n.kind === 'file' && n.uri.toString() === uri.toString());
    if (!fileNode) return [];
    const places = await citedIn.provider.getChildren(fileNode);
    return places.map(p => (p as Extract<CitedInNode, { kind: 'place' }>).location.line);
  }

  it('lists a draft that cites two papers and links one note, with the right lines', async () => {
    const draft = await write(
      file('cites.md'),
      [
        '# Citing draft', // 0
        '',
        `Compositional data needs care [@${cited.key}].`, // 2
        '',
        `Attention outputs decompose too [see @${sae.key}, p. 2].`, // 4
        '',
        `My notes: [[${sae.key}]].`, // 6
        '',
      ].join('\n'),
    );

    assert.deepEqual(
      await waitFor(
        async () => {
          const lines = await linesListed(cited.key, draft);
          return lines.length > 0 && lines;
        },
        { message: 'the draft under the first paper' },
      ),
      [2],
    );
    assert.deepEqual(await linesListed(sae.key, draft), [4, 6]);
    // The sample draft cites the SAE paper on its 11th line.
    assert.deepEqual(await linesListed(sae.key, workspaceFile(SAMPLE_DRAFT)), [10]);
    const count = await citedIn.index.citationCount(sae.key);
    assert.ok(count >= 2);
    // The Papers tree's tooltip says the same when the paper is hovered.
    const api = await extensionApi();
    const tree = api.papersTree;
    const node = (await tree.paperNodes()).find(n => n.key === sae.key)!;
    const item = await tree.resolveTreeItem(tree.getTreeItem(node), node);
    assert.match((item.tooltip as vscode.MarkdownString).value, new RegExp(`Cited in ${count} files`));
  });

  it('follows unsaved edits, and opens the place when an item is clicked', async () => {
    const draft = file('cites.md');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(draft));
    await editor.edit(b => b.insert(new vscode.Position(7, 0), `\nAgain \\cite{x} and [@${cited.key}].\n`));
    assert.deepEqual(
      await waitFor(
        async () => {
          const lines = await linesListed(cited.key, draft);
          return lines.length === 2 && lines;
        },
        { message: 'the edit to show' },
      ),
      [2, 8],
    );

    const fileNode = (await citedIn.provider.getChildren(undefined, cited.key)).find(
      n => n.kind === 'file' && n.uri.toString() === draft.toString(),
    )!;
    const place = (await citedIn.provider.getChildren(fileNode))[1];
    const item = citedIn.provider.getTreeItem(place);
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    await waitFor(() => vscode.window.activeTextEditor?.selection.active.line === 8, { message: 'the cursor on line 9' });
  });

  it('lists the drafts of a folder moved into the workspace, and drops them when the folder is deleted', async () => {
    // A shell `mv` of a chapters folder: the watcher reports the folder and none of the drafts in it.
    const outside = join(dirname(workspaceFolder().fsPath), `chapters-${Date.now().toString(36)}`);
    const moved = file(`moved-in-${Date.now().toString(36)}`);
    await mkdir(join(outside, 'part-1'), { recursive: true });
    await writeFile(join(outside, 'part-1', 'intro.md'), `# Intro\n\nAs shown before [@${cited.key}].\n`);
    try {
      await rename(outside, moved.fsPath);
      const intro = vscode.Uri.joinPath(moved, 'part-1', 'intro.md');
      assert.deepEqual(
        await waitFor(
          async () => {
            const lines = await linesListed(cited.key, intro);
            return lines.length > 0 && lines;
          },
          { timeout: 20_000, message: 'the moved-in draft under the paper' },
        ),
        [2],
      );

      await vscode.workspace.fs.delete(moved, { recursive: true });
      await waitFor(async () => (await linesListed(cited.key, intro)).length === 0, {
        timeout: 20_000,
        message: "the deleted folder's draft to leave the view",
      });
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('shows the paper named by digestNotes.showCitedIn', async () => {
    const result = await vscode.commands.executeCommand<{ key: string; locations: Array<{ uri: vscode.Uri; line: number }> }>(
      'digestNotes.showCitedIn',
      { key: sae.key },
    );
    assert.equal(result?.key, sae.key);
    assert.equal(citedIn.provider.currentKey, sae.key);
    assert.ok(result.locations.some(l => l.uri.toString() === file('cites.md').toString() && l.line === 4));
  });
});

describe('related papers and citation suggestions', function () {
  this.timeout(60_000);
  after(closeAllEditors);

  it('ranks the attention-SAE paper in the top three for a paragraph about sparse autoencoders in attention layers', async () => {
    const draft = await write(
      file('suggest.md'),
      [
        '# Method',
        '',
        'We train sparse autoencoders on the outputs of the attention layers of a transformer,',
        'so that each attention head can be read as a sum of sparse, interpretable features.',
        '',
        'An unrelated paragraph about compositional data and partial correlations.',
        '',
      ].join('\n'),
    );
    await openAt(draft, 3);

    const result = await vscode.commands.executeCommand<{ query: string; items: RankedPaper[] }>('digestNotes.suggestCitations');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen'); // the picker it showed

    assert.ok(result.query.startsWith('We train sparse autoencoders'));
    assert.ok(!result.query.includes('compositional'), 'only the paragraph around the cursor');
    const top3 = result.items.slice(0, 3).map(i => i.title);
    assert.ok(top3.includes(SAE_TITLE), `top three: ${top3.join(' | ')}`);
  });

  it('lists related papers of a paper without the paper itself', async () => {
    const sae = (await (await extensionApi()).workspace.library()).byTitle(SAE_TITLE)!;
    const result = await vscode.commands.executeCommand<{ key: string; items: RankedPaper[] }>('digestNotes.relatedPapers', sae.key);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.ok(result.items.length > 0);
    assert.ok(result.items.every(i => i.key !== sae.key));
  });
});
