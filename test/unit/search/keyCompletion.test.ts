import assert from 'node:assert/strict';
import { rankKeyCompletions, type KeyCandidate } from '../../../src/core/search/keyCompletion';
import { buildLibrary } from '../../../src/core/library/library';
import { parseDigest } from '../../../src/core/digest/parser';
import { SEED_PATH, SEED_TEXT } from '../helpers/seed';

const paper = (key: string, title: string, authors?: string[]): KeyCandidate => ({
  key,
  title,
  metadata: authors && { authors: authors.map(literal => ({ literal })) },
});

const transcoders = paper('dunefsky2024transcoders', 'Transcoders Find Interpretable LLM Feature Circuits', [
  'Jacob Dunefsky',
  'Neel Nanda',
]);
const sparse = paper('interpretingattentionlayer', 'Interpreting Attention Layer Outputs with Sparse Autoencoders');
const local = paper('localinteractionbasis', 'The Local Interaction Basis: Sparsely Interacting Features');
const sinc = paper('sinc', 'SINC: Spatial Composition of 3D Human Motions');
const schrodinger = paper('wave1926', 'Quantisierung als Eigenwertproblem', ['Erwin Schrödinger']);
const library = [transcoders, sparse, local, sinc, schrodinger];

const keys = (candidates: readonly KeyCandidate[]) => candidates.map(c => c.key);
const rank = (prefix: string, more: Partial<Parameters<typeof rankKeyCompletions<KeyCandidate>>[0]> = {}) =>
  keys(rankKeyCompletions({ prefix, nearby: [], related: [], rest: library, limit: 100, ...more }));

describe('citation-key completion ranking', () => {
  it('answers a one-letter prefix: keys starting with it first, then title and author words starting with it', () => {
    assert.deepEqual(rank('s'), ['sinc', 'interpretingattentionlayer', 'localinteractionbasis', 'wave1926']);
  });

  it('keeps answering as the prefix grows, and drops what no longer matches', () => {
    assert.deepEqual(rank('sp'), ['interpretingattentionlayer', 'localinteractionbasis', 'sinc']);
    assert.deepEqual(rank('sparse'), ['interpretingattentionlayer', 'localinteractionbasis']);
    assert.deepEqual(rank('l'), ['localinteractionbasis', 'dunefsky2024transcoders', 'interpretingattentionlayer']);
    assert.deepEqual(rank('localint'), ['localinteractionbasis']);
    assert.deepEqual(rank('zebra'), []);
  });

  it('matches keys and words case- and accent-insensitively, authors included', () => {
    assert.deepEqual(rank('SINC'), ['sinc']);
    assert.deepEqual(rank('schro'), ['wave1926']);
    assert.deepEqual(rank('nanda'), ['dunefsky2024transcoders']);
  });

  it('matches a prefix holding a non-word character against keys only', () => {
    const dashed = paper('smith-2023', 'Smith and 2023');
    assert.deepEqual(rank('smith-2', { rest: [dashed, ...library] }), ['smith-2023']);
  });

  it('puts what is near the cursor and related to the paragraph before the rest, within each tier', () => {
    const ranked = rank('s', { nearby: [schrodinger], related: [local] });
    assert.deepEqual(ranked, ['sinc', 'wave1926', 'localinteractionbasis', 'interpretingattentionlayer']);
  });

  it('with nothing typed, shows nearby papers, then related ones, then the rest, each key once', () => {
    const bibOnly = paper('Smith2020', 'A paper only the bibliography has');
    const ranked = rank('', { nearby: [transcoders, bibOnly], related: [sinc, transcoders], rest: library });
    assert.deepEqual(ranked, [
      'dunefsky2024transcoders',
      'Smith2020',
      'sinc',
      'interpretingattentionlayer',
      'localinteractionbasis',
      'wave1926',
    ]);
  });

  it('appends what the search index found after key and word matches, without repeating one', () => {
    const ranked = rank('sparse', { searched: [sinc, sparse] });
    assert.deepEqual(ranked, ['interpretingattentionlayer', 'localinteractionbasis', 'sinc']);
  });

  it('offers each key once, case-insensitively, and at most `limit`', () => {
    const upper = paper('SINC', 'Another SINC');
    assert.deepEqual(rank('s', { nearby: [upper], limit: 2 }), ['SINC', 'interpretingattentionlayer']);
    assert.deepEqual(rank('s', { limit: 0 }), []);
  });

  it('finds every seed paper whose title has a word starting with "sp", each prefix of "localint" finds its key first', () => {
    const papers = buildLibrary([parseDigest(SEED_TEXT, SEED_PATH)]).papers;
    const spTitles = papers.filter(p => /\bsp/i.test(p.title)).map(p => p.key);
    assert.ok(spTitles.length >= 5);
    assert.deepEqual(
      new Set(keys(rankKeyCompletions({ prefix: 'sp', nearby: [], related: [], rest: papers, limit: 100 }))),
      new Set(spTitles),
    );
    for (let n = 1; n <= 'localint'.length; n++) {
      const ranked = rankKeyCompletions({ prefix: 'localint'.slice(0, n), nearby: [], related: [], rest: papers, limit: 100 });
      assert.equal(ranked[0]?.key, 'localinteractionbasis', `prefix ${'localint'.slice(0, n)}`);
    }
  });
});
