import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnyDigest } from '../../src/core/digest/sources';
import { buildLibrary } from '../../src/core/library/library';
import type { Paper } from '../../src/core/model';
import { buildFeatureStore, fitTaste, rankByTaste, rankDocumentOf } from '../../src/core/rank';
import { WorkerIndex } from '../../src/indexWorker/client';
import { ROOT } from './cliHarness';
import { bundleWorker } from './workerHarness';

const FOLDER = join(ROOT, 'test', 'fixtures', 'rank');

function fixturePapers(): readonly Paper[] {
  const digests = readdirSync(FOLDER)
    .sort()
    .map(name => parseAnyDigest(readFileSync(join(FOLDER, name), 'utf8'), join(FOLDER, name)));
  return buildLibrary(digests).papers;
}

describe('"For you" in the index worker', () => {
  let dir: string;
  let workerFile: string;
  let index: WorkerIndex<Paper> | undefined;

  before(async function () {
    this.timeout(60_000);
    ({ dir, workerFile } = await bundleWorker('digest-notes-rank-worker-'));
  });
  after(async () => {
    await index?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ranks as the core does in this thread, and keeps its features between requests', async () => {
    const papers = fixturePapers();
    const likedIds = readFileSync(join(ROOT, 'test', 'fixtures', 'rank-liked.txt'), 'utf8')
      .split('\n')
      .filter(line => /^\d/.test(line));
    const liked = papers.filter(p => likedIds.includes(p.metadata?.arxiv ?? '')).map(p => p.key);
    const candidates = papers.filter(p => p.date === '2025-07-30').map(p => p.key);
    const documents = papers.map(rankDocumentOf);
    index = await WorkerIndex.open(papers, { workerFile });

    const ranked = await index.rank(documents, { liked, candidates, limit: 3 });
    const store = buildFeatureStore(documents);
    const expected = rankByTaste(store, fitTaste(store, { liked: new Set(liked) }, { unlabeled: new Set(candidates) }), candidates, {
      explain: 3,
    }).slice(0, 3);
    assert.deepEqual(ranked, expected);
    assert.deepEqual(
      ranked.map(r => r.key),
      ['bardol2025chatgpt', 'stassi2025ilsut', 'zhu2025mohobench'],
    );

    // Dismissing the best paper's look-alike moves it down; the corpus is not sent again.
    const dismissed = await index.rank(documents, { liked, dismissed: ['bardol2025chatgpt'], candidates, limit: 25 });
    assert.notEqual(dismissed[0].key, 'bardol2025chatgpt');

    // A corpus of several chunks (500 documents a message) ranks as the whole does in this thread.
    const many = Array.from({ length: 23 }, (_, copy) => documents.map(d => ({ ...d, key: `${d.key}-${copy}` }))).flat();
    assert.ok(many.length > 1000, String(many.length));
    const manyLiked = liked.map(key => `${key}-0`);
    const manyCandidates = candidates.map(key => `${key}-22`);
    const manyStore = buildFeatureStore(many);
    const inThread = rankByTaste(
      manyStore,
      fitTaste(manyStore, { liked: new Set(manyLiked) }, { unlabeled: new Set(manyCandidates) }),
      manyCandidates,
      {
        explain: 5,
      },
    ).slice(0, 5);
    assert.deepEqual(await index.rank(many, { liked: manyLiked, candidates: manyCandidates, limit: 5 }), inThread);

    const draft = await index.rank(documents, { liked: [], candidates, text: 'Honesty of multimodal language models', limit: 1 });
    assert.equal(draft[0].key, 'zhu2025mohobench');
    assert.match(draft[0].why[0], /^in this draft: /);
  });
});
