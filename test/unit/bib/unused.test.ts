import assert from 'node:assert/strict';
import { formatBibliography, readBibliography, type BibFormat } from '../../../src/core/bib';
import { isDigestNotesProvenance, planUnusedRemoval, type EntryRemoval } from '../../../src/core/bib/unused';
import { handPaper } from '../helpers/handDigest';

const ours = ['a2024', 'b2024', 'c2024', 'd2024'].map(key =>
  handPaper({ key, title: `Title ${key}`, links: [{ url: `https://github.com/o/${key}`, kind: 'code' }] }),
);

/** The text with the removals applied (as the editor applies a WorkspaceEdit: all at once, on the old offsets). */
function apply(text: string, removals: readonly EntryRemoval[]): string {
  let out = text;
  for (const removal of [...removals].sort((x, y) => y.start - x.start)) out = out.slice(0, removal.start) + out.slice(removal.end);
  return out;
}

/** Every subset of the removals leaves a bibliography that reads without error (the writer may uncheck any). */
function assertEverySubsetReads(text: string, format: BibFormat, removals: readonly EntryRemoval[]): void {
  for (let mask = 0; mask < 1 << removals.length; mask++) {
    const chosen = removals.filter((_, i) => mask & (1 << i));
    const read = readBibliography(apply(text, chosen), format);
    assert.equal(read.error, undefined, `${format}, removals ${JSON.stringify(chosen)}: ${read.error?.message}`);
    const gone = new Set(chosen.flatMap(r => r.keys));
    for (const removal of removals)
      for (const key of removal.keys)
        assert.equal(
          read.entries.some(e => e.key === key),
          !gone.has(key),
        );
  }
}

const WRITERS: Record<BibFormat, string> = {
  bibtex: '@article{mine2020,\n  title = {My Own Paper},\n  author = {Me, A.},\n  note = {Digest of my thoughts}\n}\n\n',
  'csl-json': '',
  'csl-yaml': '',
};

describe('Remove Unused Entries Added by Digest Notes', () => {
  it("knows Digest Notes' provenance field, and nothing else, as its mark", () => {
    assert.ok(isDigestNotesProvenance('Digest hf-daily-papers-mar14.digest.txt, Mar 14'));
    assert.ok(isDigestNotesProvenance('Digest My Digest.digest; code https://github.com/o/r'));
    assert.ok(isDigestNotesProvenance('Digest daily.json'));
    assert.ok(isDigestNotesProvenance('Digest Notes: arXiv 2406.11944'));
    assert.equal(isDigestNotesProvenance('Digest of my thoughts'), false);
    assert.equal(isDigestNotesProvenance('Read in March'), false);
  });

  it('proposes BibTeX entries of ours that nothing cites, never the writer’s, each removable alone', () => {
    const text = WRITERS.bibtex + formatBibliography(ours, 'bibtex') + '\n% my comment\n@misc{tail, title = {Tail}}\n';
    const plan = planUnusedRemoval(text, 'bibtex', key => key === 'b2024' || key === 'mine2020');
    assert.deepEqual(
      plan.removals.map(r => r.keys),
      [['a2024'], ['c2024'], ['d2024']],
    );
    assert.deepEqual(plan.cited, ['b2024']);
    assert.equal(plan.writers, 2, 'the writer’s own entries (one with a note of its own) are counted, never proposed');
    assertEverySubsetReads(text, 'bibtex', plan.removals);
    const after = apply(text, plan.removals);
    assert.ok(after.startsWith(WRITERS.bibtex), 'the entry before is kept byte for byte');
    assert.ok(after.endsWith('\n% my comment\n@misc{tail, title = {Tail}}\n'), 'text after is kept');
    assert.doesNotMatch(after, /\n\n\n/, 'no blank lines pile up');
  });

  for (const format of ['csl-json', 'csl-yaml'] as const) {
    it(`proposes ${format} items by runs that each leave a valid file`, () => {
      const text = formatBibliography(ours, format);
      const plan = planUnusedRemoval(text, format, key => key === 'b2024');
      assert.deepEqual(
        plan.removals.flatMap(r => r.keys),
        ['a2024', 'c2024', 'd2024'],
      );
      assertEverySubsetReads(text, format, plan.removals);
      const all = planUnusedRemoval(text, format, () => false);
      assertEverySubsetReads(text, format, all.removals);
      assert.deepEqual(readBibliography(apply(text, all.removals), format).entries, []);
    });
  }

  it('leaves a CSL item without provenance alone (the writer’s), and one whose annote is the writer’s', () => {
    const text = JSON.stringify(
      [
        { id: 'mine', title: 'Mine', annote: 'Great paper' },
        { id: 'plain', title: 'Plain' },
      ],
      null,
      2,
    );
    const plan = planUnusedRemoval(text, 'csl-json', () => false);
    assert.deepEqual(plan.removals, []);
    assert.equal(plan.writers, 2);
  });

  it('reports a bibliography it cannot read instead of guessing', () => {
    assert.ok(planUnusedRemoval('@misc{x, title = {unclosed', 'bibtex', () => false).error);
  });
});
