import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SearchItemSummary } from '../../src/vscode/search';
import { closeAllEditors, extensionApi, waitFor, workspaceFile } from './helpers';
import { specFolder } from './specFolder';

// Formatted references on the preview's cards and in the picker's detail line (issue 21): what
// the draft's style prints, as the hover shows it (Chicago author-date unless the draft says).

const PLAIN = 'Reference Lines Under Digest Cards';
const HOSTILE = '<img src=x onerror="window.__pwned=3"> Referenced Attack on <b>Cards</b>';
const ABSTRACT = 'We study what a card shows under its title. The reference is text, and stays text.';

describe('formatted references on cards and in the picker (issue 21)', function () {
  this.timeout(120_000);
  const folder = specFolder('reference-lines-spec');
  let digest: vscode.Uri;

  before(async () => {
    digest = await folder.write('lines.digest.txt', ['Mar 14', '', PLAIN, '', ABSTRACT, '', HOSTILE, '', ABSTRACT, ''].join('\n'));
    const api = await extensionApi();
    await waitFor(async () => (await api.workspace.library()).byTitle(PLAIN) !== undefined, {
      timeout: 30_000,
      message: 'the library takes in the spec digest',
    });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await closeAllEditors();
    await vscode.workspace.fs.delete(workspaceFile(folder.name), { recursive: true }).then(undefined, () => undefined);
    const api = await extensionApi();
    await waitFor(async () => (await api.workspace.library()).byTitle(PLAIN) === undefined, {
      timeout: 30_000,
      message: 'the spec digest leaves the library',
    });
  });

  it("puts each card's reference under its title, as text: digest HTML is no element", async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('digestNotes.openPreview', digest);
    const shown = await api.preview.waitFor('referencesShown', m => m.source === digest.toString(), { timeoutMs: 60_000 });
    assert.equal(shown.references.length, 2);
    // The digest has no year and no authors: the title leads, and n.d., as pandoc prints it.
    assert.equal(shown.references[0], `“${PLAIN}.” n.d.`);
    assert.ok(shown.references[1].includes('Referenced Attack on'), shown.references[1]);
    // The style title-cases the words; the markup still shows as its characters.
    assert.match(shown.references[1], /<img src=x onerror="window\.__pwned=3">/i);
    assert.equal(shown.foreignElements, 0, 'no element came from the reference');
    const rendered = await api.preview.waitFor('rendered', m => m.source === digest.toString());
    assert.deepEqual(rendered.foreignGlobals, [], 'no script from digest text set a global');
  });

  it("shows the reference as a search result's detail line", async () => {
    const items = await vscode.commands.executeCommand<SearchItemSummary[]>('digestNotes.searchPapers', 'Reference Lines Under Digest');
    const item = items.find(candidate => candidate.label === PLAIN);
    assert.ok(item, `the paper is listed: ${items.map(i => i.label).join(' | ')}`);
    assert.equal(item.detail, `“${PLAIN}.” n.d.`);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });
});
