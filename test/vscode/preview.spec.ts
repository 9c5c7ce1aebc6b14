import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PREVIEW_VIEW_TYPE, type RenderedMessage } from '../../src/shared/protocol';
import type { PreviewProbe } from '../../src/vscode/testProbe';
import { SEED_DIGEST, closeAllEditors, extensionApi, openFile, waitFor, workspaceFile } from './helpers';

const HOSTILE_TITLES = [
  '<script>window.__pwned=1</script> Scripted Attack on Digest Previews',
  '<img src=x onerror="window.__pwned=2"> Imaged Attack on Digest Previews',
  `Quotes " and ' and </main><b>bold</b> & Entities &amp; in Titles`,
];

const ABSTRACT =
  'We study how previews show text. The method is simple and the results are clear. ' +
  'Everything here is plain text, and it stays plain text.';

function hostileDigest(): string {
  return ['Mar 14', '', ...HOSTILE_TITLES.flatMap(title => [title, '', ABSTRACT, ''])].join('\n');
}

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap(group => group.tabs)
    .filter(tab => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(PREVIEW_VIEW_TYPE));
}

async function previewManager(): Promise<PreviewProbe> {
  const api = await extensionApi();
  assert.ok(api.preview, 'activate() exposes api.preview');
  return api.preview;
}

describe('digest preview', function () {
  this.timeout(60_000); // the first test also waits for activation and the workspace scan
  const seed = workspaceFile(SEED_DIGEST);
  let manager: PreviewProbe;

  before(async () => {
    manager = await previewManager();
    await closeAllEditors(); // previews other specs left open would count as tabs
  });
  after(closeAllEditors);

  it('opens beside the seed digest as a webview tab whose script reports 61 cards', async () => {
    await openFile(SEED_DIGEST);
    await vscode.commands.executeCommand('digestNotes.openPreviewToSide');

    await waitFor(() => previewTabs().length === 1, { message: 'a preview tab' });
    const rendered = await manager.waitFor('rendered', m => m.source === seed.toString(), { timeoutMs: 45_000 });
    assert.equal(rendered.cardCount, 61);
    const digest = manager.previews().find(p => p.source === seed.toString());
    assert.ok(digest);
    assert.equal(digest.viewColumn, vscode.ViewColumn.Two);
    const api = await extensionApi();
    const titles = api.workspace.digest(seed)?.entries.map(e => e.title);
    assert.deepEqual(rendered.titles, titles);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), seed.toString(), 'focus stays in the editor');
  });

  it('highlights the paper under the editor cursor as it moves', async () => {
    const editor = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === seed.toString());
    assert.ok(editor);
    const api = await extensionApi();
    const library = await api.workspace.library();
    const entries = api.workspace.digest(seed)!.entries;
    for (const index of [9, 40]) {
      const entry = entries[index];
      const key = library.byTitle(entry.title)!.key;
      const focused = manager.waitFor('focused', m => m.source === seed.toString() && m.key === key, { fresh: true });
      const line = entry.abstractRange?.start ?? entry.titleLine; // inside the abstract, not on the title
      editor.selection = new vscode.Selection(line, 5, line, 5);
      const message = await focused;
      assert.equal(message.visible, true);
      assert.equal(manager.previews().find(p => p.source === seed.toString())?.focused?.key, key);
    }
  });

  it('previews a paper by key: its digest with the card focused', async () => {
    const api = await extensionApi();
    const paper = (await api.workspace.library()).papers.find(p => p.title.startsWith('Separating common'));
    assert.ok(paper);
    const focused = manager.waitFor('focused', m => m.key === paper.key, { fresh: true });
    await vscode.commands.executeCommand('digestNotes.previewPaper', paper.key);
    assert.equal((await focused).visible, true);
    assert.equal(previewTabs().length, 1, 'the digest keeps its one preview');
  });

  it('shows HTML in titles as text: escaped in the page, textContent in the webview, no script run', async () => {
    const uri = workspaceFile(`preview-hostile-${Date.now()}.digest.txt`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(hostileDigest()));
    await vscode.commands.executeCommand('digestNotes.openPreview', uri);

    const first = await manager.waitFor('rendered', m => m.source === uri.toString());
    assertShownAsText(first);
    const report = manager.previews().find(p => p.source === uri.toString());
    assert.ok(report);
    const html = report.html;
    assert.equal(html.match(/<script\b/gi)?.length, 1, 'the page has only the preview script');
    assert.doesNotMatch(html, /<img\b|<b>bold|window\.__pwned=1<\/script>|onerror="/i);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1].replace(/&#39;/g, "'");
    const nonce = /<script nonce="([^"]+)"/.exec(html)?.[1];
    assert.ok(csp && nonce);
    assert.match(csp, /^default-src 'none';/);
    assert.ok(csp.includes(`script-src 'nonce-${nonce}'`), csp);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);

    // An injected handler would run after an image failed to load: give it time, then ask again.
    await new Promise(resolve => setTimeout(resolve, 750));
    const [version] = await manager.refresh(uri);
    const second = await manager.waitFor('rendered', m => m.source === uri.toString() && m.version >= version);
    assertShownAsText(second);
    assert.deepEqual(
      manager.messages().filter(m => m.source === uri.toString() && m.type === 'action'),
      [],
    );
  });

  it('updates while the digest is edited, before it is saved', async () => {
    const uri = workspaceFile(`preview-live-${Date.now()}.digest.txt`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(hostileDigest()));
    const editor = await openFile(uri);
    await vscode.commands.executeCommand('digestNotes.openPreviewToSide');
    await manager.waitFor('rendered', m => m.source === uri.toString() && m.cardCount === 3);

    const added = 'A Freshly Typed Paper About Live Previews';
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const updated = manager.waitFor('rendered', m => m.source === uri.toString() && m.cardCount === 4, { fresh: true });
    await editor.edit(edit => edit.insert(end, `\n${added}\n\n${ABSTRACT}\n`));
    const rendered = await updated;
    assert.equal(rendered.titles[3], added);
    assert.equal(editor.document.isDirty, true);
  });

  it('restores a panel from the state its webview kept (the serializer)', async () => {
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, 'restored', vscode.ViewColumn.One);
    const rendered = manager.waitFor('rendered', m => m.source === seed.toString(), { fresh: true });
    await manager.deserializeWebviewPanel(panel, { source: seed.toString(), scroll: 0, filter: '' });
    assert.equal((await rendered).cardCount, 61);
    assert.equal(panel.title, `Preview ${SEED_DIGEST}`);
    panel.dispose();
  });
});

function assertShownAsText(rendered: RenderedMessage): void {
  assert.equal(rendered.cardCount, HOSTILE_TITLES.length);
  assert.deepEqual(rendered.titles, HOSTILE_TITLES, 'the page shows each title as its raw characters');
  assert.equal(rendered.foreignElements, 0, 'no element came from digest text');
  assert.deepEqual(rendered.foreignGlobals, [], 'no script from digest text set a global');
}
