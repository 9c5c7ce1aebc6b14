import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { formatBibliography, readBibliography, type BibFormat } from '../../../src/core/bib';
import { planMetadataUpdates, type EntryUpdate } from '../../../src/core/metadata/bibUpdate';
import type { Paper } from '../../../src/core/model';
import { handPaper } from '../helpers/handDigest';

const before = handPaper({
  key: 'transcodersfindinterpretable2024',
  title: 'Transcoders Find Interpretable LLM Feature Circuits',
  links: [{ url: 'https://github.com/jacobdunefsky/transcoder_circuits', kind: 'code' }],
});
const after: Paper = {
  ...before,
  metadata: {
    authors: [
      { literal: 'Jacob Dunefsky', family: 'Dunefsky', given: 'Jacob' },
      { literal: 'Neel Nanda', family: 'Nanda', given: 'Neel' },
    ],
    arxiv: '2406.11944',
    published: '2024-06-17',
  },
};
const untouched = handPaper({ key: 'other2024', title: 'Another Paper' });

function apply(text: string, updates: readonly EntryUpdate[]): string {
  let out = text;
  for (const u of [...updates].sort((a, b) => b.start - a.start)) out = out.slice(0, u.start) + u.text + out.slice(u.end);
  return out;
}

describe('updating existing entries from metadata', () => {
  for (const format of ['bibtex', 'csl-json', 'csl-yaml'] as BibFormat[]) {
    it(`replaces only the entry that gained metadata, key kept (${format})`, () => {
      const text = formatBibliography([before, untouched], format);
      const plan = planMetadataUpdates(text, format, [after, untouched]);
      assert.deepEqual(
        plan.updates.map(u => u.key),
        ['transcodersfindinterpretable2024'],
      );
      const updated = apply(text, plan.updates);
      assert.equal(updated, formatBibliography([after, untouched], format), 'the same as writing the completed entries anew');
      assert.deepEqual(
        readBibliography(updated, format).entries.map(e => e.key),
        ['transcodersfindinterpretable2024', 'other2024'],
      );
      assert.deepEqual(planMetadataUpdates(updated, format, [after, untouched]).updates, [], 'a second plan changes nothing');
    });
  }

  it("BibTeX: skips an entry with fields of the writer's own, saying which", () => {
    const text = '@misc{transcodersfindinterpretable2024,\n  title = {Transcoders},\n  keywords = {sae, circuits},\n  file = {x.pdf}\n}\n';
    const plan = planMetadataUpdates(text, 'bibtex', [after]);
    assert.deepEqual(plan.updates, []);
    assert.deepEqual(plan.skipped, [{ key: 'transcodersfindinterpretable2024', reason: 'has fields of its own (keywords, file)' }]);
  });

  it('CSL-JSON: keeps the item fields of its own, drops the printed digest note of an earlier version', () => {
    const item = {
      id: 'TranscodersFindInterpretable2024',
      type: 'article',
      title: 'Mine',
      keyword: 'sae',
      note: 'Digest 2024-03-14.digest.txt, Mar 14',
    };
    const text = JSON.stringify([item], null, 2) + '\n';
    const [update] = planMetadataUpdates(text, 'csl-json', [after]).updates;
    const merged = JSON.parse(apply(text, [update]))[0];
    assert.equal(merged.id, 'TranscodersFindInterpretable2024');
    assert.equal(merged.title, 'Mine');
    assert.equal(merged.keyword, 'sae');
    assert.equal('note' in merged, false);
    assert.deepEqual(merged.author, [
      { family: 'Dunefsky', given: 'Jacob' },
      { family: 'Nanda', given: 'Neel' },
    ]);
    assert.equal(merged.DOI, '10.48550/arXiv.2406.11944');
  });

  it('CSL-YAML: keeps fields of its own, and the other entries byte for byte', () => {
    const mine = '- id: transcodersfindinterpretable2024\n  title: Mine\n  keyword: sae\n';
    const text = 'references:\n- id: other2024\n  title: Another Paper   # mine\n' + mine;
    const plan = planMetadataUpdates(text, 'csl-yaml', [after]);
    const updated = apply(text, plan.updates);
    assert.ok(
      updated.startsWith('references:\n- id: other2024\n  title: Another Paper   # mine\n- id: transcodersfindinterpretable2024\n'),
    );
    const [, merged] = parseYaml(updated).references;
    assert.equal(merged.keyword, 'sae');
    assert.equal(merged.title, 'Mine');
    assert.equal(merged.number, 'arXiv:2406.11944');
  });
});
