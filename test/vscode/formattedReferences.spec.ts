import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Paper } from '../../src/core/model';
import { closeAllEditors, extensionApi, workspaceFile } from './helpers';

const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';
const root = `formatted-spec-${Date.now().toString(36)}`;

async function openDraft(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = workspaceFile(`${root}/${name}`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return vscode.workspace.openTextDocument(uri);
}

/** Undoes the hover's Markdown escapes, to compare with plain text. */
const unescape = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** The hover's text at the key, asked again until the formatted reference is in it (a style's first engine takes a while). */
async function hoverText(document: vscode.TextDocument, key: string, expect: RegExp): Promise<string> {
  let shown = '';
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      document.positionAt(document.getText().indexOf(key) + 2),
    );
    shown = hovers
      .flatMap(h => h.contents)
      .map(c => (typeof c === 'string' ? c : c.value))
      .join('\n');
    if (expect.test(unescape(shown))) return shown;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  assert.fail(`the hover never showed ${expect}:\n${shown}`);
}

describe('formatted references (issue 21)', function () {
  this.timeout(120_000);
  let transcoders: Paper;

  before(async () => {
    const api = await extensionApi();
    transcoders = (await api.workspace.library()).byTitle(TRANSCODERS)!;
  });

  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(workspaceFile(root), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it("shows the reference and the in-text citation in the hover, in pandoc's default style", async () => {
    const document = await openDraft('default.md', `See [@${transcoders.key}].\n`);
    const shown = unescape(await hoverText(document, transcoders.key, /In text:/));
    assert.match(shown, /Chicago Manual of Style 17th edition \(author-date\)/);
    // The workspace's seed is a text digest with no year: no authors, so the title leads, and n.d. (as pandoc prints it).
    assert.ok(shown.includes(`“${TRANSCODERS}.” n.d.`), shown);
    assert.ok(shown.includes(`In text: (“${TRANSCODERS},” n.d.)`), shown);
    assert.ok(shown.includes('command:digestNotes.copyFormattedReference?'), shown);
    // Entering what the digest lacks by hand is one click away, from any cited key's hover.
    assert.ok(shown.includes(`command:digestNotes.editPaperMetadata?${encodeURIComponent(JSON.stringify([transcoders.key]))}`), shown);
  });

  it("follows the draft's csl: front matter (a shipped style, then a .csl file of the workspace)", async () => {
    const apa = await openDraft('apa.md', `---\ncsl: apa\n---\nSee [@${transcoders.key}].\n`);
    const shownApa = unescape(await hoverText(apa, transcoders.key, /APA Style 7th edition/));
    assert.ok(shownApa.includes(`${TRANSCODERS}. (n.d.).`), shownApa);
    // A .csl file beside the draft: the workspace's own copy of IEEE (the runner names the repository).
    const ieee = readFileSync(join(process.env.DIGEST_NOTES_REPO ?? '', 'src', 'core', 'csl', 'styles', 'ieee.csl'));
    await vscode.workspace.fs.writeFile(workspaceFile(`${root}/styles/my-ieee.csl`), ieee);
    const own = await openDraft('own.md', `---\ncsl: styles/my-ieee.csl\n---\nSee [@${transcoders.key}].\n`);
    const shownOwn = unescape(await hoverText(own, transcoders.key, /my-ieee\.csl/));
    assert.match(shownOwn, /In text: \[1\]/);
  });

  it('copies the formatted reference as text and as HTML', async () => {
    const text = await vscode.commands.executeCommand<string>('digestNotes.copyFormattedReference', transcoders.key);
    assert.ok(text?.startsWith(`“${TRANSCODERS}.” n.d.`), text);
    assert.equal(await vscode.env.clipboard.readText(), text);
    const html = await vscode.commands.executeCommand<string>('digestNotes.copyFormattedReferenceHtml', transcoders.key);
    assert.match(html ?? '', /^<div class="csl-entry">“Transcoders Find Interpretable LLM Feature Circuits\.” n\.d\..*<\/div>$/);
  });
});
