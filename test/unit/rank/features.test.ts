import { strict as assert } from 'node:assert';
import { buildFeatureStore } from '../../../src/core/rank/features';
import { doc } from './rankFixture';

const corpus = [doc('a', 'alpha alpha beta'), doc('b', 'beta gamma'), doc('c', 'gamma delta')];

function vectorOf(store: ReturnType<typeof buildFeatureStore>, key: string): Map<string, number> {
  const row = store.rowOf.get(key)!;
  const out = new Map<string, number>();
  for (let k = store.rows.starts[row]; k < store.rows.starts[row + 1]; k++) {
    out.set(store.columnNames[store.rows.columns[k]], store.rows.values[k]);
  }
  return out;
}

describe('rank feature store (tf-idf)', () => {
  it('weighs sublinear tf by smoothed idf and normalises each paper', () => {
    const store = buildFeatureStore(corpus, { minDf: 1, maxDfShare: 1, signals: false });
    const rare = Math.log(4 / 2) + 1; // df 1 of 3 papers
    const common = Math.log(4 / 3) + 1; // df 2
    const alpha = (1 + Math.log(2)) * rare;
    const norm = Math.hypot(alpha, common, rare, rare);
    const a = vectorOf(store, 'a');
    assert.deepEqual([...a.keys()].sort(), ['alpha', 'alpha alpha', 'alpha beta', 'beta']);
    assert.ok(Math.abs(a.get('alpha')! - alpha / norm) < 1e-6);
    assert.ok(Math.abs(a.get('beta')! - common / norm) < 1e-6);
    assert.ok(Math.abs(a.get('alpha beta')! - rare / norm) < 1e-6);
  });

  it('keeps word pairs apart past 46,340 pairable words (pair codes beyond 2^31)', () => {
    // 1,000 papers of 50 words each, every word its own: 50,000 words, so a pair's code passes 2^31.
    const words = (d: number) => Array.from({ length: 50 }, (_, i) => `w${d}x${i}`);
    const many = Array.from({ length: 1000 }, (_, d) => doc(`p${d}`, words(d).join(' ')));
    const store = buildFeatureStore(many, { minDf: 1, maxDfShare: 1, maxTerms: 1_000_000, signals: false });
    for (const d of [0, 1, 499, 998, 999]) {
      const expected = [
        ...words(d),
        ...words(d)
          .slice(1)
          .map((word, i) => `${words(d)[i]} ${word}`),
      ];
      assert.deepEqual([...vectorOf(store, `p${d}`).keys()].sort(), expected.sort(), `paper ${d}`);
    }
    assert.equal(new Set(store.columnNames).size, store.columnNames.length, 'no two columns share a name');
    assert.equal(store.columnNames.length, 1000 * (50 + 49));
  });

  it('drops terms outside the document-frequency bounds', () => {
    const onlyCommon = buildFeatureStore(corpus, { minDf: 2, maxDfShare: 1, signals: false });
    assert.deepEqual([...onlyCommon.columnNames].sort(), ['beta', 'gamma']);
    const onlyRare = buildFeatureStore(corpus, { minDf: 1, maxDfShare: 0.5, signals: false });
    assert.ok(!onlyRare.columnNames.includes('beta') && onlyRare.columnNames.includes('alpha'));
  });

  it('keeps only the most frequent terms when asked', () => {
    const store = buildFeatureStore(corpus, { minDf: 1, maxDfShare: 1, maxTerms: 1, signals: false });
    // alpha occurs twice in the corpus and beta and gamma twice too: ties go to the earliest seen.
    assert.deepEqual(store.columnNames, ['alpha']);
  });

  it('never pairs words across fields', () => {
    const store = buildFeatureStore([doc('x', 'alpha', { abstract: 'beta', authors: ['Ada Lovelace'] })], {
      minDf: 1,
      maxDfShare: 1,
      signals: false,
    });
    assert.deepEqual([...store.columnNames].sort(), ['ada', 'ada lovelace', 'alpha', 'beta', 'lovelace']);
  });

  it('adds the signals a digest holds as columns of their own', () => {
    const store = buildFeatureStore(
      [
        doc('x', 'Transcoders: interpretable circuits', {
          authors: ['Jacob Dunefsky', 'Neel Nanda'],
          categories: ['cs.LG', 'cs.AI'],
          links: [{ url: 'https://github.com/x/y', kind: 'code' }],
        }),
      ],
      { minDf: 1, maxDfShare: 1 },
    );
    const signals = store.columnNames.slice(store.termColumns);
    assert.deepEqual(signals, [
      'author:Jacob Dunefsky',
      'author:Neel Nanda',
      'signal:authors:1',
      'signal:code',
      'signal:named',
      'primary:cs.LG',
      'category:cs.AI',
    ]);
    assert.deepEqual(store.signalLabels.slice(2, 5), ['1-2 authors', 'code released', 'named method in title']);
  });
});
