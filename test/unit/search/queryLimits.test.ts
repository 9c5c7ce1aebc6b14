import { strict as assert } from 'node:assert';
import type { Paper } from '../../../src/core/model';
import { limitQuery, MAX_FUZZY_TERM_LENGTH, MAX_QUERY_LENGTH, PaperIndex } from '../../../src/core/search';
import { parseDigest } from '../../../src/core/digest/parser';
import { buildLibrary } from '../../../src/core/library/library';
import { SEED_TEXT } from '../helpers/seed';

function paper(key: string, title: string, abstract = ''): Paper {
  return { key, title, abstract, day: 'Mar 14', date: null, year: null, links: [], doi: null, occurrences: [] };
}

/** Heap plus array buffers (MiniSearch's fuzzy table is a typed array, outside the JS heap). */
function memoryNow(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

describe('search: bounded queries (issue 11)', () => {
  const seed = PaperIndex.build(buildLibrary([parseDigest(SEED_TEXT, '/ws/seed.digest.txt')]).papers);

  it('answers a 100,000-character one-word query quickly and in bounded memory', () => {
    for (const query of ['q'.repeat(100_000), 'transcoderz'.repeat(9_000), `circuits ${'x'.repeat(40_000)}`]) {
      global.gc?.();
      const before = memoryNow();
      let peak = before;
      const started = performance.now();
      const hits = seed.search(query);
      peak = Math.max(peak, memoryNow());
      const ms = performance.now() - started;
      assert.ok(Array.isArray(hits));
      assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
      // Before the cap a 40,000-character word took about 1.6 GB; now it costs next to nothing.
      assert.ok(peak - before < 64 * 2 ** 20, `grew by ${((peak - before) / 2 ** 20).toFixed(0)} MB`);
    }
  });

  it('still finds papers by the words at the start of a query that is cut', () => {
    const hits = seed.search(`transcoders circuits ${'zzz '.repeat(10_000)}`);
    assert.equal(hits[0]?.title, 'Transcoders Find Interpretable LLM Feature Circuits');
  });

  it('cuts a query to MAX_QUERY_LENGTH and says so, never inside a surrogate pair', () => {
    assert.deepEqual(limitQuery('sparse circuits'), { query: 'sparse circuits', cut: false, originalLength: 15 });
    const long = limitQuery('a'.repeat(MAX_QUERY_LENGTH + 5));
    assert.equal(long.cut, true);
    assert.equal(long.query.length, MAX_QUERY_LENGTH);
    assert.equal(long.originalLength, MAX_QUERY_LENGTH + 5);
    const astral = limitQuery('a'.repeat(MAX_QUERY_LENGTH - 1) + '🧪🧪');
    assert.equal(astral.query, 'a'.repeat(MAX_QUERY_LENGTH - 1), 'the emoji is dropped whole');
    assert.equal(limitQuery('abcdef', 3).query, 'abc');
  });

  it('forgives typos in ordinary long words but never in terms above MAX_FUZZY_TERM_LENGTH', () => {
    const word = (n: number) => Array.from({ length: n }, (_, i) => 'abcdefghij'[i % 10]).join('');
    const short = word(MAX_FUZZY_TERM_LENGTH - 4);
    const long = word(MAX_FUZZY_TERM_LENGTH + 6);
    const index = PaperIndex.build([paper('shortword', `The ${short} effect`), paper('longword', `The ${long} effect`)]);
    const typo = (w: string) => w.slice(0, 20) + 'z' + w.slice(21);
    assert.deepEqual(
      index.search(`${typo(short)} effect`).map(h => h.key),
      ['shortword'],
      'fuzzy below the cap',
    );
    assert.deepEqual(
      index.search(typo(long)).map(h => h.key),
      [],
      'no fuzzy above it',
    );
    assert.deepEqual(
      index.search(long).map(h => h.key),
      ['longword'],
      'exact long terms still match',
    );
  });
});
