import assert from 'node:assert/strict';
import { isValidKey } from '../../../src/core/library/keys';
import { buildLibrary } from '../../../src/core/library/library';
import type { DigestEntry, ParsedDigest } from '../../../src/core/model';
import { parseDigest } from '../../../src/core/digest/parser';
import { handDigest } from '../helpers/handDigest';
import { SEED_TEXT } from '../helpers/seed';

const code = (url: string) => ({ url, kind: 'code' as const });

/** Every permutation of a small list. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map(rest => [item, ...rest]));
}

describe('buildLibrary', () => {
  describe('merging', () => {
    const mar14 = handDigest('/ws/a.digest', [
      {
        title: 'Transcoders Find Interpretable LLM Feature Circuits',
        date: '2024-03-14',
        abstract: '',
        links: [code('https://github.com/a/b')],
      },
      { title: 'SINC: Spatial Composition', date: '2024-03-14', abstract: 'First SINC abstract.' },
    ]);
    const mar15 = handDigest('/ws/b.digest', [
      {
        title: '  transcoders find   interpretable llm feature circuits ',
        date: '2024-03-15',
        abstract: 'Later abstract.',
        links: [code('https://github.com/a/b'), code('https://github.com/c/d')],
        doi: '10.1/x',
      },
    ]);

    it('makes one paper per title across digests, first occurrence first', () => {
      const library = buildLibrary([mar15, mar14]);
      assert.equal(library.papers.length, 2);
      const paper = library.byKey('transcodersfindinterpretable2024')!;
      assert.equal(paper.title, 'Transcoders Find Interpretable LLM Feature Circuits');
      assert.deepEqual(
        paper.occurrences.map(o => [o.path, o.date]),
        [
          ['/ws/a.digest', '2024-03-14'],
          ['/ws/b.digest', '2024-03-15'],
        ],
      );
      assert.equal(paper.day, '03-14');
      assert.equal(paper.date, '2024-03-14');
    });

    it('takes the abstract from the first occurrence that has one, and the union of links', () => {
      const paper = buildLibrary([mar14, mar15]).byTitle('TRANSCODERS find interpretable LLM feature circuits')!;
      assert.equal(paper.abstract, 'Later abstract.');
      assert.deepEqual(
        paper.links.map(l => l.url),
        ['https://github.com/a/b', 'https://github.com/c/d'],
      );
      assert.equal(paper.doi, '10.1/x');
    });

    it('counts a digest passed twice once', () => {
      const library = buildLibrary([mar14, mar14, mar15]);
      assert.equal(library.papers.length, 2);
      assert.equal(library.byKey('sinc2024')!.occurrences.length, 1);
    });
  });

  describe('keys', () => {
    const older = handDigest('/ws/2024-03-14.digest', [{ title: 'SINC: Old Paper', date: '2024-03-14' }]);
    const newer = handDigest('/ws/2024-03-15.digest', [
      { title: 'SINC: New Paper', date: '2024-03-15' },
      { title: 'SINC: Newer Paper', date: '2024-03-15' },
    ]);
    const undated = handDigest('/ws/undated.digest', [{ title: 'SINC: Undated', year: 2024 }]);

    it('gives the bare key to the oldest paper and suffixes a, b to newer ones, whatever the input order', () => {
      for (const order of permutations([older, newer, undated])) {
        const library = buildLibrary(order);
        const keys = Object.fromEntries(library.papers.map(p => [p.title, p.key]));
        assert.deepEqual(keys, {
          'SINC: Old Paper': 'sinc2024',
          'SINC: New Paper': 'sinc2024a',
          'SINC: Newer Paper': 'sinc2024b',
          'SINC: Undated': 'sinc2024c',
        });
        assert.deepEqual(
          library.papers.map(p => p.title),
          ['SINC: Old Paper', 'SINC: New Paper', 'SINC: Newer Paper', 'SINC: Undated'],
          'papers are sorted by date (unknown last), path, line',
        );
      }
    });

    it('never lets a suffixed key take another paper’s bare key', () => {
      const library = buildLibrary([
        handDigest('/ws/a.digest', [
          { title: 'Foo', date: null },
          { title: 'Foo!', date: null },
          { title: 'Fooa', date: null },
        ]),
      ]);
      assert.deepEqual(
        library.papers.map(p => p.key),
        ['foo', 'foob', 'fooa'],
      );
    });

    it('keeps the key of a bibliography entry with the same title', () => {
      const library = buildLibrary([older, newer], {
        existing: [{ key: 'Smith:2024_sinc', title: 'sinc: {NEW} paper' }],
      });
      assert.equal(library.byTitle('SINC: New Paper')!.key, 'Smith:2024_sinc');
      assert.equal(library.byKey('smith:2024_SINC')!.title, 'SINC: New Paper');
      assert.equal(library.byTitle('SINC: Newer Paper')!.key, 'sinc2024a');
    });

    it("never takes another work's key of the bibliography, compared case-insensitively", () => {
      const library = buildLibrary([older, newer], {
        existing: [
          { key: 'SINC2024', title: 'Another work' },
          { key: 'sinc2024b', title: 'Something else' },
        ],
      });
      assert.deepEqual(
        library.papers.map(p => p.key),
        ['sinc2024a', 'sinc2024c', 'sinc2024d'],
      );
    });

    it('gives a paper the key of an entry with its derived key and no title (that entry is the paper, never duplicated)', () => {
      const library = buildLibrary([older, newer], { existing: [{ key: 'SINC2024' }, { key: 'sinc2024b', title: 'Something else' }] });
      assert.deepEqual(
        library.papers.map(p => p.key),
        ['SINC2024', 'sinc2024a', 'sinc2024c'],
        'the oldest paper takes the untitled entry, the others suffixes that no entry holds',
      );
    });

    it('looks papers up by exact key before a case-insensitive match', () => {
      const library = buildLibrary([older], { existing: [{ key: 'Ab1', title: 'SINC: Old Paper' }] });
      assert.equal(library.byKey('Ab1')?.title, 'SINC: Old Paper');
      assert.equal(library.byKey('ab1')?.title, 'SINC: Old Paper');
      assert.equal(library.byKey('nothing'), undefined);
      assert.equal(library.byTitle('Nothing'), undefined);
    });
  });

  describe('on the seed digest', () => {
    const seed = parseDigest(SEED_TEXT, '/ws/hf-daily-papers-mar14.digest.txt', { defaultYear: 2024 });

    it('has 61 papers with unique, valid keys ending in the year', () => {
      const library = buildLibrary([seed]);
      assert.equal(library.papers.length, 61);
      const keys = library.papers.map(p => p.key);
      assert.equal(new Set(keys.map(k => k.toLowerCase())).size, 61);
      for (const key of keys) {
        assert.ok(isValidKey(key), key);
        assert.ok(key.endsWith('2024'), key);
      }
      assert.equal(library.byTitle('Causalainer: Causal Explainer for Automatic Video Summarization')?.key, 'causalainer2024');
      for (const paper of library.papers) assert.equal(library.byKey(paper.key), paper);
    });

    it('merges a second digest of the same papers on a later day, keeping keys and order', () => {
      const later = parseDigest(SEED_TEXT.replace('\nMar 14\n', '\nMar 15\n'), '/ws/a-later.digest.txt', { defaultYear: 2024 });
      assert.equal(later.entries[0].date, '2024-03-15');
      const alone = buildLibrary([seed]);
      for (const order of [
        [seed, later],
        [later, seed],
      ]) {
        const library = buildLibrary(order);
        assert.equal(library.papers.length, 61);
        assert.deepEqual(
          library.papers.map(p => p.key),
          alone.papers.map(p => p.key),
        );
        for (const paper of library.papers) {
          assert.deepEqual(
            paper.occurrences.map(o => o.date),
            ['2024-03-14', '2024-03-15'],
          );
        }
      }
    });
  });

  it('gives 100k papers 100k distinct keys (speed: npm run bench)', function () {
    // The budget below is what is tested; mocha's timeout only has to outlast a loaded machine.
    this.timeout(180_000);
    const entries: DigestEntry[] = [];
    for (let i = 0; i < 100_000; i++) {
      // 5000 titles share each base key (`paper...`), so suffixes are exercised too.
      entries.push({
        title: `Paper ${i % 5000} on Sparse Things number ${i}`,
        abstract: 'An abstract.',
        day: 'Mar 14',
        date: `2024-03-${String(1 + (i % 28)).padStart(2, '0')}`,
        year: 2024,
        links: [],
        doi: null,
        titleLine: i * 3,
        range: { start: i * 3, end: i * 3 + 1 },
      });
    }
    const digests: ParsedDigest[] = [0, 1, 2, 3].map(d => ({
      path: `/ws/big-${d}.digest`,
      days: [],
      entries: entries.slice(d * 25_000, (d + 1) * 25_000),
      diagnostics: [],
      lineCount: 75_000,
    }));
    const library = buildLibrary(digests);
    assert.equal(library.papers.length, 100_000);
    assert.equal(new Set(library.papers.map(p => p.key)).size, 100_000);
    // Its speed is measured by `npm run bench`, not asserted here (timed tests flake on a busy box).
  });
});
