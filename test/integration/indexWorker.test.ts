import { bundleWorker } from './workerHarness';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDigest } from '../../bench/generate';
import { buildLibrary } from '../../src/core/library/library';
import type { Paper } from '../../src/core/model';
import { parseDigest } from '../../src/core/digest/parser';
import { PaperIndex, type SearchHit } from '../../src/core/search';
import { distinctTerms, tokenize } from '../../src/core/search/tokenize';
import { WorkerIndex, type WorkerIndexOptions } from '../../src/indexWorker/client';
import { SEED_PATH, SEED_TEXT } from '../unit/helpers/seed';

const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';
const QUERIES = ['transcoders circuits', 'video generation', 'sparse autoencoders', 'reinforcement learning', 'benchmark', 'intepretable'];

describe('WorkerIndex (search index in a worker thread)', () => {
  let dir: string;
  let workerFile: string;
  const opened: WorkerIndex<Paper>[] = [];

  /** Opens with the bundled worker and remembers the index, so `afterEach` stops its thread. */
  async function open(papers: readonly Paper[], options: WorkerIndexOptions = {}): Promise<WorkerIndex<Paper>> {
    const index = await WorkerIndex.open(papers, { workerFile, ...options });
    opened.push(index);
    return index;
  }

  before(async function () {
    this.timeout(60_000);
    ({ dir, workerFile } = await bundleWorker('digest-notes-worker-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(index => index.dispose()));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('on the seed digest', () => {
    it('finds what the in-thread index finds, as the caller’s own paper objects', async () => {
      const papers = seedPapers();
      const byKey = new Map(papers.map(p => [p.key, p]));
      const index = await open(papers);
      const local = PaperIndex.build(papers);
      const hits = await index.search('transcoders circuits');
      assert.equal(hits[0].title, TRANSCODERS);
      assert.equal(hits[0].paper, byKey.get(hits[0].key)); // the very object passed in, not a copy
      for (const query of QUERIES) {
        const expected = keysOf(local.search(query));
        assert.ok(expected.length > 0, query);
        const found = await index.search(query);
        assert.deepEqual(keysOf(found), expected, query);
        assert.ok(
          found.every(hit => hit.paper === byKey.get(hit.key)),
          query,
        );
      }
      for (const paper of papers.slice(0, 12)) {
        assert.deepEqual(keysOf(await index.related(paper.key)), keysOf(local.related(paper.key)), paper.key);
      }
      assert.ok((await index.related(hits[0].key)).length > 0);
      const paragraph = papers[7].abstract.slice(0, 500);
      const nearText = await index.relatedToText(paragraph, 5);
      assert.equal(nearText.length, 5);
      assert.deepEqual(keysOf(nearText), keysOf(local.relatedToText(paragraph, 5)));
    });
  });

  describe('on a large library', () => {
    it('opens by title first, reports progress, then indexes every abstract', async function () {
      this.timeout(60_000);
      const papers = syntheticPapers(2500);
      const progress: Array<[number, number]> = [];
      const index = await open(papers, { onProgress: (done, total) => progress.push([done, total]) });
      assert.equal(index.isComplete, false);
      assert.equal(index.size, papers.length);
      assert.equal(index.lastLoad?.used, false);
      const titled = papers[1234];
      assert.equal((await index.search(titled.title))[0].key, titled.key);

      await index.whenComplete();
      assert.equal(index.isComplete, true);
      assert.ok(progress.length > 0);
      progress.forEach(([done, total], i) => {
        assert.equal(total, papers.length);
        assert.ok(done >= 0 && done <= total, `progress ${done} of ${total}`);
        if (i > 0) assert.ok(done >= progress[i - 1][0], 'progress goes forward');
      });
      assert.deepEqual(progress.at(-1), [papers.length, papers.length]);
      const { paper, word } = abstractOnlyWord(papers);
      assert.deepEqual(keysOf(await index.search(word)), [paper.key]);
    });
  });

  describe('update', () => {
    it('counts and applies removals, changes and additions; a removed paper is never a hit', async () => {
      const papers = seedPapers();
      const index = await open(papers);
      const gone = papers.find(p => p.title === TRANSCODERS)!;
      const edited = papers[10];
      const changed: Paper = { ...edited, abstract: `${edited.abstract} Quasicrystalline lattices appear.` };
      const added: Paper = {
        ...papers[20],
        key: 'teapots2024',
        title: 'Holographic Teapots for Sparse Rendering',
        abstract: 'Teapots, rendered.',
      };
      const next = [...papers.filter(p => p !== gone && p !== edited), changed, added];
      assert.equal(PaperIndex.build(papers).search(gone.title)[0].key, gone.key); // the old state finds it

      const updating = index.update(next);
      const sentBefore = index.search(gone.title); // reaches the worker before the update does
      assert.deepEqual(await updating, { added: 1, removed: 1, changed: 1 });
      assert.ok(!keysOf(await sentBefore).includes(gone.key));
      assert.ok(!keysOf(await index.search(gone.title)).includes(gone.key));
      assert.deepEqual(await index.related(gone.key), []);
      const found = await index.search('quasicrystalline');
      assert.deepEqual(keysOf(found), [edited.key]);
      assert.equal(found[0].paper, changed);
      const teapots = await index.search('holographic teapots');
      assert.equal(teapots[0].paper, added);
      assert.equal(index.size, next.length);
      // Same papers with the same scores as a fresh build: the worker vacuums after an update, so
      // no posting of a discarded paper is left to skew document frequencies.
      const fresh = PaperIndex.build(next);
      const scored = (hits: readonly SearchHit<Paper>[]) => hits.map(hit => `${hit.key} ${hit.score.toFixed(6)}`).sort();
      for (const query of QUERIES) {
        assert.deepEqual(scored(await index.search(query, { limit: 100 })), scored(fresh.search(query, { limit: 100 })), query);
      }
      assert.deepEqual(await index.update(next), { added: 0, removed: 0, changed: 0 });
    });
  });

  describe('with a cache file', () => {
    it('saves, restores, re-indexes a changed paper and rebuilds over a damaged file', async () => {
      const papers = seedPapers();
      const cacheFile = join(dir, 'cache-a', 'search-index.jsonl');
      const first = await open(papers, { cacheFile, saveDelayMs: 60_000 });
      assert.equal(first.lastLoad?.used, false);
      assert.equal(existsSync(cacheFile), false);
      const bytes = await first.save();
      assert.ok(bytes > 0);
      assert.equal(statSync(cacheFile).size, bytes);
      const expected = await resultsOf(first);

      const second = await open(papers, { cacheFile, saveDelayMs: 60_000 });
      assert.equal(second.lastLoad?.used, true);
      assert.deepEqual(await resultsOf(second), expected);

      const changed: Paper = { ...papers[10], abstract: `${papers[10].abstract} Quasicrystalline lattices appear.` };
      const third = await open(
        papers.map(p => (p === papers[10] ? changed : p)),
        { cacheFile, saveDelayMs: 60_000 },
      );
      assert.equal(third.lastLoad?.used, true);
      const found = await third.search('quasicrystalline');
      assert.deepEqual(keysOf(found), [changed.key]);
      assert.equal(found[0].paper, changed);

      writeFileSync(cacheFile, 'garbage\n{"not": a cache\n');
      const fourth = await open(papers, { cacheFile, saveDelayMs: 60_000 });
      assert.equal(fourth.lastLoad?.used, false);
      assert.match(fourth.lastLoad?.reason ?? '', /\S/);
      assert.deepEqual(await resultsOf(fourth), expected);
    });

    it('restores ahead of its papers when spawned first, then reconciles the papers it is given', async () => {
      const papers = seedPapers();
      const cacheFile = join(dir, 'cache-d', 'search-index.jsonl');
      await (await open(papers, { cacheFile, saveDelayMs: 60_000 })).save();
      const early = WorkerIndex.spawn<Paper>({ workerFile, cacheFile, saveDelayMs: 60_000 });
      opened.push(early);
      await new Promise(resolve => setTimeout(resolve, 300)); // the host would be parsing digests now
      const gone = papers.find(p => p.title === TRANSCODERS)!;
      const changed: Paper = { ...papers[7], abstract: `${papers[7].abstract} Quasicrystalline lattices appear.` };
      const later = papers.filter(p => p !== gone).map(p => (p === papers[7] ? changed : p));
      const index = await early.load(later);
      assert.equal(index.lastLoad?.used, true);
      assert.equal(index.size, later.length);
      assert.deepEqual(keysOf(await index.search('quasicrystalline')), [changed.key]);
      assert.ok(!keysOf(await index.search(gone.title)).includes(gone.key));
      assert.deepEqual(await resultsOf(index), await resultsOf(await open(later)));
    });

    it('saves on its own once the index settles', async () => {
      const cacheFile = join(dir, 'cache-b', 'search-index.jsonl');
      const index = await open(seedPapers(), { cacheFile, saveDelayMs: 50 });
      await waitFor(() => index.lastSavedBytes !== undefined, 'the automatic save');
      assert.ok(index.lastSavedBytes! > 0);
      assert.equal(statSync(cacheFile).size, index.lastSavedBytes);
      const restored = await open(seedPapers(), { cacheFile });
      assert.equal(restored.lastLoad?.used, true);
    });

    it('saves again after a restore that had to re-index a changed paper', async () => {
      const papers = seedPapers();
      const cacheFile = join(dir, 'cache-c', 'search-index.jsonl');
      const first = await open(papers, { cacheFile, saveDelayMs: 60_000 });
      await first.save();
      const savedTerms = () => readFileSync(cacheFile, 'utf8');
      assert.ok(!savedTerms().includes('quasicrystal'));
      const changed: Paper = { ...papers[3], abstract: `${papers[3].abstract} Quasicrystalline lattices appear.` };
      const restored = await open(
        papers.map(p => (p === papers[3] ? changed : p)),
        { cacheFile, saveDelayMs: 50 },
      );
      assert.equal(restored.lastLoad?.used, true);
      await waitFor(() => restored.lastSavedBytes !== undefined, 'the save after the restore');
      assert.ok(savedTerms().includes('"quasicrystal'), "the changed abstract's words are in the saved index");
    });
  });

  describe('when the worker is missing, dies or is closed', () => {
    it('rejects open when the worker file does not exist or exits at once', async () => {
      const stops: Array<[string, boolean]> = [];
      const onError = (message: string, stopped: boolean) => stops.push([message, stopped]);
      await assert.rejects(WorkerIndex.open(seedPapers(), { workerFile: join(dir, 'missing.js'), onError }), /missing\.js/);
      assert.deepEqual(
        stops.map(([, stopped]) => stopped),
        [true],
      );
      const quitting = join(dir, 'quitting.js');
      writeFileSync(quitting, 'process.exit(3);\n');
      await assert.rejects(WorkerIndex.open(seedPapers(), { workerFile: quitting }), /code 3/);
    });

    it('fails the pending request and every later one when the worker dies', async () => {
      // The real worker, plus a way to kill its thread in the middle of a request.
      const dying = join(dir, 'dying.js');
      writeFileSync(
        dying,
        [
          "require('node:worker_threads').parentPort.on('message', m => {",
          "  if (m.type === 'request' && m.method === 'search' && m.args.query === 'die now') process.exit(7);",
          '});',
          "require('./indexWorker.js');",
        ].join('\n'),
      );
      const stops: Array<[string, boolean]> = [];
      const index = await open(seedPapers(), { workerFile: dying, onError: (message, stopped) => stops.push([message, stopped]) });
      assert.equal((await index.search('transcoders circuits'))[0].title, TRANSCODERS);
      await assert.rejects(index.search('die now'), /code 7/);
      await assert.rejects(index.search('transcoders'), /code 7/);
      await assert.rejects(index.update([]), /code 7/);
      assert.equal(stops.length, 1);
      assert.equal(stops[0][1], true);
    });

    it('rejects whenComplete when the index is closed before its abstracts are in', async () => {
      const index = await WorkerIndex.open(syntheticPapers(2500), { workerFile });
      assert.equal(index.isComplete, false);
      const completion = index.whenComplete();
      await index.dispose();
      await assert.rejects(completion, /closed/);
    });

    it('rejects requests after dispose', async () => {
      const index = await WorkerIndex.open(seedPapers(), { workerFile });
      await index.dispose();
      await assert.rejects(index.search('transcoders'), /closed/);
      await assert.rejects(index.related('anything'), /closed/);
      await assert.rejects(index.save(), /closed/);
    });
  });
});

const keysOf = (hits: readonly SearchHit<Paper>[]) => hits.map(hit => hit.key);

function seedPapers(): readonly Paper[] {
  return buildLibrary([parseDigest(SEED_TEXT, SEED_PATH)]).papers;
}

function syntheticPapers(count: number): readonly Paper[] {
  const papers = buildLibrary([parseDigest(generateDigest({ papers: count }).text, 'synthetic.digest.txt')]).papers;
  assert.equal(papers.length, count);
  return papers;
}

/** Every query's hits by key, so two indexes can be compared. */
async function resultsOf(index: WorkerIndex<Paper>): Promise<string[][]> {
  return Promise.all(QUERIES.map(async query => keysOf(await index.search(query))));
}

/**
 * A word of one paper's abstract that is no word of its title or key and begins no word of any
 * other paper, so searching for it (as a prefix too) can find that paper only through its abstract.
 */
function abstractOnlyWord(papers: readonly Paper[]): { paper: Paper; word: string } {
  const owners = new Map<string, Set<Paper>>();
  for (const paper of papers) {
    for (const term of [...tokenize(paper.title), ...tokenize(paper.key), ...distinctTerms(paper.abstract)]) {
      owners.set(term, (owners.get(term) ?? new Set()).add(paper));
    }
  }
  const terms = [...owners.keys()];
  const onlyIn = (word: string, paper: Paper) =>
    terms.every(term => !term.startsWith(word) || (owners.get(term)!.size === 1 && owners.get(term)!.has(paper)));
  for (const paper of [...papers].reverse()) {
    const head = [...tokenize(paper.title), ...tokenize(paper.key)];
    const word = distinctTerms(paper.abstract).find(w => w.length >= 6 && !head.some(t => t.startsWith(w)) && onlyIn(w, paper));
    if (word) return { paper, word };
  }
  throw new Error('no paper has a word of its own in its abstract');
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}
