import { strict as assert } from 'node:assert';
import { buildFeatureStore, fitTaste, NOTHING_IN_COMMON, rankByTaste, rankByText, rankingBasis } from '../../../src/core/rank';
import { decision, trainLinearSvm } from '../../../src/core/rank/svm';
import { doc } from './rankFixture';

// Liked: interpretability. Others: a mix of topics. Candidates: one of each kind.
const liked = [
  doc('l1', 'Sparse autoencoders find interpretable circuits in language models'),
  doc('l2', 'Transcoders find interpretable circuits in transformers'),
  doc('l3', 'Sparse autoencoders scale to large language models'),
  doc('l4', 'Attribution graphs reveal circuits in language models'),
  doc('l5', 'Sparse autoencoders and feature circuits for interpretability'),
];
const others = [
  doc('o1', 'Image segmentation with diffusion models'),
  doc('o2', 'Robot grasping from video demonstrations'),
  doc('o3', 'Diffusion models for video generation'),
  doc('o4', 'Speech recognition for low resource languages'),
  doc('o5', 'Graph neural networks for molecules'),
  doc('o6', 'Robot navigation with diffusion policies'),
  doc('o7', 'Protein folding with graph networks'),
];
const candidates = [
  doc('c1', 'Video diffusion for robot policies'),
  doc('c2', 'Sparse autoencoders reveal interpretable circuits'),
  doc('c3', 'Circuits of graph networks'),
  doc('c4', 'Speech models in low resource settings'),
];
const corpus = [...liked, ...others, ...candidates];
const options = { minDf: 1, maxDfShare: 1, signals: false } as const;
const likedKeys = new Set(liked.map(d => d.key));
const candidateKeys = candidates.map(d => d.key);

describe('rank solver and ranking', () => {
  it('separates a separable toy set and ranks by the decision function', () => {
    const store = buildFeatureStore([doc('p', 'alpha beta'), doc('q', 'alpha'), doc('n', 'gamma'), doc('m', 'gamma delta')], options);
    const examples = [
      { row: 0, label: 1 },
      { row: 1, label: 1 },
      { row: 2, label: -1 },
      { row: 3, label: -1 },
    ] as const;
    const model = trainLinearSvm(store.rows, store.columnNames.length, examples, { c: 10, maxEpochs: 1000, tolerance: 1e-9 });
    const scores = [0, 1, 2, 3].map(row => decision(model, store.rows, row));
    assert.ok(scores[0] > 0 && scores[1] > 0 && scores[2] < 0 && scores[3] < 0, scores.join(' '));
    // With a large C the squared hinge pushes the margins to about 1.
    for (const [i, score] of scores.entries()) assert.ok(Math.abs(Math.abs(score) - 1) < 0.15, `${i}: ${score}`);
  });

  it('ranks the fixture exactly: the paper like the liked ones first, with why', () => {
    const store = buildFeatureStore(corpus, options);
    const taste = fitTaste(store, { liked: likedKeys }, { unlabeled: new Set(candidateKeys) });
    assert.equal(taste.kind, 'model');
    const ranked = rankByTaste(store, taste, candidateKeys);
    assert.deepEqual(
      ranked.map(r => r.key),
      ['c2', 'c3', 'c4', 'c1'],
    );
    assert.deepEqual(ranked[0].why, [
      'because of: sparse autoencoders, interpretable circuits, reveal',
      'like: Sparse autoencoders find interpretable circuits in language models',
    ]);
    // The last shares nothing with the liked papers, and says so.
    assert.deepEqual(ranked[3].why, [NOTHING_IN_COMMON]);
  });

  it('lowers a paper like a dismissed one', () => {
    const store = buildFeatureStore([...corpus, doc('d1', 'Speech recognition in low resource settings')], options);
    const unlabeled = { unlabeled: new Set(candidateKeys) };
    const before = rankByTaste(store, fitTaste(store, { liked: likedKeys }, unlabeled), candidateKeys);
    const after = rankByTaste(store, fitTaste(store, { liked: likedKeys, dismissed: new Set(['d1']) }, unlabeled), candidateKeys);
    const score = (list: typeof before, key: string) => list.find(r => r.key === key)!.score;
    assert.ok(score(after, 'c4') < score(before, 'c4') - 0.02, `${score(before, 'c4')} -> ${score(after, 'c4')}`);
  });

  it('ranks by similarity with fewer than a handful of liked papers, and says so', () => {
    const store = buildFeatureStore(corpus, options);
    const taste = fitTaste(store, { liked: new Set(['l2']) });
    assert.equal(taste.kind, 'similarity');
    const ranked = rankByTaste(store, taste, candidateKeys);
    assert.equal(ranked[0].key, 'c2');
    assert.ok(ranked[0].why[0].startsWith('because of: '), 'only its reasons: the list says once how it ranks');
    assert.equal(rankingBasis(1), 'ranked by similarity to your 1 liked paper (a model needs 5)');
    assert.equal(rankingBasis(5), 'ranked by a model learned from your 5 liked papers');
    assert.ok(ranked[0].why.includes('like: Transcoders find interpretable circuits in transformers'));
  });

  it('ranks nothing without a liked paper', () => {
    const store = buildFeatureStore(corpus, options);
    assert.deepEqual(rankByTaste(store, fitTaste(store, { liked: new Set(['unknown']) }), candidateKeys), []);
  });

  it('ranks against a draft by the terms they share', () => {
    const store = buildFeatureStore(corpus, options);
    const ranked = rankByText(store, '# Draft\n\nWe study video diffusion for robot policies.\n', candidateKeys);
    assert.deepEqual(
      ranked.map(r => r.key),
      ['c1'],
    );
    assert.deepEqual(ranked[0].why, ['in this draft: diffusion robot, robot policies, video diffusion']);
  });
});
