import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ReplayServer, SEPARATING_TITLE } from '../integration/metadataReplay';
import { closeAllEditors, extensionApi, waitFor, workspaceFile } from './helpers';
import { canType, click, pasteText } from './keyboard';
import { specFolder } from './specFolder';

const METADATA_FOLDER = workspaceFile('.digest-notes');
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
  let hadMetadataFolder = false;
  let key = '';

  before(async () => {
    hadMetadataFile = await exists(METADATA_FILE);
    hadMetadataFolder = await exists(METADATA_FOLDER);
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
      const left = await vscode.workspace.fs.readDirectory(METADATA_FOLDER).then(undefined, () => []);
      if (!hadMetadataFolder && left.length === 0) await vscode.workspace.fs.delete(METADATA_FOLDER).then(undefined, () => undefined);
    } else if (await exists(METADATA_FILE)) {
      // Only the record this spec added goes: other entries are not ours.
      const file = JSON.parse(await read(METADATA_FILE)) as { papers?: { title?: string }[] };
      file.papers = (file.papers ?? []).filter(paper => paper.title !== SEPARATING_TITLE);
      await vscode.workspace.fs.writeFile(METADATA_FILE, new TextEncoder().encode(JSON.stringify(file, null, 2) + '\n'));
    }
    await vscode.workspace.fs.delete(workspaceFile(folder.name), { recursive: true }).then(undefined, () => undefined);
    const api = await extensionApi();
    await waitFor(async () => !(await api.citedIn.locations(key)).some(place => place.uri.path.includes(`/${folder.name}/`)), {
      timeout: 30_000,
      message: "Cited In to drop this spec's drafts",
    });
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

  describe('with "Insert as citation" as the preferred paste (editor.pasteAs.preferences)', () => {
    const editorSettings = () => vscode.workspace.getConfiguration('editor');
    before(() => editorSettings().update('pasteAs.preferences', ['citation.digestNotes'], vscode.ConfigurationTarget.Workspace));
    after(() => editorSettings().update('pasteAs.preferences', undefined, vscode.ConfigurationTarget.Workspace));

    it('cites in LaTeX with \\cite, after the word, the entry in the \\bibliography file', async function () {
      if (!canType()) this.skip(); // as above
      const text = '\\documentclass{article}\n\\begin{document}\nContras|tive analysis.\n\\bibliography{latex}\n\\end{document}\n';
      const editor = await folder.openDraft('paper.tex', text);
      await pasteIntoEditor('https://huggingface.co/papers/2402.11928');
      await waitFor(() => editor.document.getText().includes(`Contrastive~\\cite{${key}} analysis.`), {
        message: `a \\cite{${key}} after "Contrastive"`,
        explain: () => editor.document.getText(),
      });
      assert.ok(!editor.document.getText().includes('huggingface'), 'the link itself is not pasted');
      const bib = await waitFor(async () => ((await exists(folder.file('latex.bib'))) ? read(folder.file('latex.bib')) : undefined), {
        message: 'latex.bib is written',
      });
      assert.ok(bib.includes(`{${key},`), bib);
      await editor.document.save();
    });

    it('cites in Typst (@key) and Quarto ([@key]), the files no extension gives a language here', async function () {
      if (!canType()) this.skip(); // as above
      const typst = await folder.openDraft('paper.typ', 'Contrastive analysis| helps.\n\n#bibliography("typst.bib")\n');
      await pasteIntoEditor('arXiv:2402.11928');
      await waitFor(() => typst.document.getText().startsWith(`Contrastive analysis @${key} helps.`), {
        message: `@${key} in the Typst draft`,
        explain: () => typst.document.getText(),
      });
      await typst.document.save();
      const quarto = await folder.openDraft('paper.qmd', '---\nbibliography: quarto.bib\n---\nContrastive analysis| helps.\n');
      await pasteIntoEditor('https://arxiv.org/pdf/2402.11928');
      await waitFor(() => quarto.document.getText().endsWith(`Contrastive analysis [@${key}] helps.\n`), {
        message: `[@${key}] in the Quarto draft`,
        explain: () => quarto.document.getText(),
      });
      assert.ok((await read(folder.file('quarto.bib'))).includes(`{${key},`));
      await quarto.document.save();
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

    it('offers no citation in front matter: the id is pasted there as text', async function () {
      if (!canType()) this.skip(); // as above
      const editor = await folder.openDraft('front.md', '---\ntitle: On |contrast\n---\nBody.\n');
      await pasteIntoEditor('2402.11928 ');
      await waitFor(() => editor.document.getText() === '---\ntitle: On 2402.11928 contrast\n---\nBody.\n', {
        message: 'the id pasted as written in the front matter',
        explain: () => editor.document.getText(),
      });
      await editor.document.save();
    });

    it('offline: a known id among unknown ones is cited with no request; unknown ones alone paste as text', async function () {
      if (!canType()) this.skip(); // as above
      await settings().update('metadata.lookup', 'off', vscode.ConfigurationTarget.Global);
      try {
        const requests = server.requests.length;
        const mixed = await folder.openDraft('offline.md', '---\nbibliography: offline.bib\n---\nAs shown in |.\n');
        await pasteIntoEditor('2402.11928 doi:10.9999/unknown.paper');
        await waitFor(() => mixed.document.getText().endsWith(`As shown in [@${key}].\n`), {
          message: 'the known paper cited',
          explain: () => mixed.document.getText(),
        });
        await mixed.document.save();
        // The same preferred edit with nothing it can cite: the text as copied.
        const unknown = await folder.openDraft('unknown.md', 'As shown in | earlier.\n');
        await pasteIntoEditor('doi:10.9999/unknown.paper');
        await waitFor(() => unknown.document.getText() === 'As shown in doi:10.9999/unknown.paper earlier.\n', {
          message: 'the DOI pasted as written',
          explain: () => unknown.document.getText(),
        });
        assert.equal(server.requests.length, requests, 'no request while lookups are off');
        await unknown.document.save();
      } finally {
        await settings().update('metadata.lookup', 'on', vscode.ConfigurationTarget.Global);
      }
    });
  });
});
