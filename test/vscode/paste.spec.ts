import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ReplayServer, SEPARATING_TITLE } from '../integration/metadataReplay';
import { closeAllEditors, extensionApi, waitFor, workspaceFile } from './helpers';
import { canType, click, pasteText } from './keyboard';
import { specFolder } from './specFolder';

const METADATA_FILE = workspaceFile('.digest-notes/metadata.json');

const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const exists = (uri: vscode.Uri) =>
  vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );

describe('paste an identifier as a citation (issue 21)', function () {
  this.timeout(120_000);
  const folder = specFolder('paste-spec');
  const settings = () => vscode.workspace.getConfiguration('digestNotes');
  let server: ReplayServer;
  let hadMetadataFile = false;
  let key = '';

  before(async () => {
    hadMetadataFile = await exists(METADATA_FILE);
    server = await ReplayServer.start();
    await settings().update('metadata.endpoints', server.endpoints, vscode.ConfigurationTarget.Workspace);
    await settings().update('metadata.lookup', 'on', vscode.ConfigurationTarget.Global);
    // The seed paper's arXiv id becomes known (one request), as after any lookup: the paste then needs none.
    await vscode.commands.executeCommand('digestNotes.addPapersByIdentifier', 'arXiv:2402.11928');
    const api = await extensionApi();
    key = await waitFor(
      async () => {
        const paper = (await api.workspace.library()).byTitle(SEPARATING_TITLE);
        return paper?.metadata?.arxiv === '2402.11928' ? paper.key : undefined;
      },
      { message: 'the library knows the arXiv id' },
    );
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAllEditors();
    await server?.close();
    await settings().update('metadata.endpoints', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('metadata.lookup', undefined, vscode.ConfigurationTarget.Global);
    if (!hadMetadataFile) {
      await vscode.workspace.fs.delete(METADATA_FILE).then(undefined, () => undefined);
    } else if (await exists(METADATA_FILE)) {
      // Only the record this spec added goes: other entries are not ours.
      const file = JSON.parse(await read(METADATA_FILE)) as { papers?: { title?: string }[] };
      file.papers = (file.papers ?? []).filter(paper => paper.title !== SEPARATING_TITLE);
      await vscode.workspace.fs.writeFile(METADATA_FILE, new TextEncoder().encode(JSON.stringify(file, null, 2) + '\n'));
    }
    await vscode.workspace.fs.delete(folder.file(''), { recursive: true }).then(undefined, () => undefined);
    const api = await extensionApi();
    await waitFor(async () => (await api.workspace.library()).byTitle(SEPARATING_TITLE)?.metadata?.arxiv === undefined, {
      timeout: 30_000,
      message: 'the seed paper loses the recorded arXiv id with its record',
    });
  });

  /** Pastes as the browser does on Ctrl+V, into the focused editor: the paste providers run, the default edit applies. */
  async function pasteIntoEditor(text: string): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await pasteText(text);
  }

  it('pastes as text by default; "Insert as citation" in the paste widget cites after the word, with its entry', async function () {
    if (!canType()) this.skip(); // the desktop host has no browser to paste with; code-server (npm run test:vscode) has
    const editor = await folder.openDraft('paper.md', '---\nbibliography: refs.bib\n---\nContrastive ana|lysis helps here.\n');
    const requests = server.requests.length;
    await pasteIntoEditor('https://arxiv.org/abs/2402.11928v2');
    await waitFor(() => editor.document.getText().includes('Contrastive anahttps://arxiv.org/abs/2402.11928v2lysis'), {
      message: 'the plain paste, the default',
      explain: () => editor.document.getText(),
    });
    // The writer changes the paste's kind in the widget that follows it (Ctrl+. / the widget's button).
    await vscode.commands.executeCommand('editor.changePasteType');
    await click('.context-view .action-label, .action-widget .monaco-list-row', 'Insert as citation');
    // The placement rule: never inside a word, so after "analysis"; the link itself is gone.
    await waitFor(() => editor.document.getText().includes(`Contrastive analysis [@${key}] helps here.`), {
      message: `the draft to cite @${key} after the word`,
      explain: () => editor.document.getText(),
    });
    assert.ok(!editor.document.getText().includes('arxiv.org'), 'the link itself is not left in the draft');
    const bib = await waitFor(async () => ((await exists(folder.file('refs.bib'))) ? read(folder.file('refs.bib')) : undefined), {
      message: 'the bibliography is written',
    });
    assert.ok(bib.includes(`{${key},`) && bib.includes('2402.11928'), bib);
    assert.equal(server.requests.length, requests, 'a known identifier is cited without a request');
    await editor.document.save();
  });

  it('offers no citation for a sentence that mentions an id: a plain paste only', async function () {
    if (!canType()) this.skip(); // as above
    const editor = await folder.openDraft('plain.md', 'See | for the method.\n');
    await pasteIntoEditor('arXiv:2402.11928 and its code');
    await waitFor(() => editor.document.getText() === 'See arXiv:2402.11928 and its code for the method.\n', {
      message: 'the text pasted as written',
      explain: () => editor.document.getText(),
    });
    await editor.document.save();
  });
});
