import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CitedInNode } from '../../src/vscode/citedIn';
import { closeAllEditors, extensionApi, waitFor } from './helpers';
import { specFolder } from './specFolder';

/** Cited In's places: a snippet centred on the key, and whether it is a citation or a note link (issue 18). */

const folder = specFolder('cited-in-spec');
const SAE_TITLE = 'Interpreting Attention Layer Outputs with Sparse Autoencoders';

type Place = Extract<CitedInNode, { kind: 'place' }>;

function labelOf(item: vscode.TreeItem): vscode.TreeItemLabel {
  return typeof item.label === 'object' ? item.label : { label: String(item.label) };
}

describe('Cited In places', function () {
  this.timeout(60_000);

  after(closeAllEditors);

  it('tells a citation and a note link on one long line apart, each snippet centred on its key', async () => {
    const api = await extensionApi();
    const key = (await api.workspace.library()).byTitle(SAE_TITLE)!.key;
    const long =
      'Sparse dictionaries have become the main tool for reading the features a transformer computes, and applied to ' +
      `attention layer outputs they give sparse decompositions [@${key}]; my reading notes are in [[${key}]].`;
    const draft = await folder.write('long.md', `# Draft\n\n${long}\n`);
    const provider = api.citedInView;
    const places = await waitFor(
      async () => {
        const file = (await provider.getChildren(undefined, key)).find(n => n.kind === 'file' && n.uri.toString() === draft.toString());
        const children = file ? ((await provider.getChildren(file)) as Place[]) : [];
        return children.length === 2 && children;
      },
      { message: 'the two places of the long line' },
    );
    const [citation, note] = places.map(place => provider.getTreeItem(place));
    assert.equal(citation.description, 'line 3 · citation');
    assert.equal(note.description, 'line 3 · note link');
    const [citationLabel, noteLabel] = [labelOf(citation), labelOf(note)];
    assert.notEqual(citationLabel.label, noteLabel.label, 'they look different');
    for (const [label, before] of [
      [citationLabel, '[@'],
      [noteLabel, '[['],
    ] as const) {
      const [start, end] = label.highlights?.[0] ?? [0, 0];
      assert.equal(label.label.slice(start, end), key, 'the key is highlighted');
      assert.equal(label.label.slice(start - 2, start), before, label.label);
      assert.ok(label.label.length <= 64, `a snippet, not the line: ${label.label}`);
    }
    assert.ok(citationLabel.label.startsWith('…'), 'the line start is cut off, not the key');
  });
});
