import assert from 'node:assert/strict';
import { buildLibrary, buildLibraryInBackground, type Library } from '../../../src/core/library/library';
import type { DigestEntry, ExistingEntry, Paper, ParsedDigest } from '../../../src/core/model';
import { parseDigest } from '../../../src/core/digest/parser';
import { PaperIndex } from '../../../src/core/search';
import { completeInSlices, completeNow } from '../../../src/core/util/slices';
import { SEED_TEXT } from '../helpers/seed';

function paper(key: string, title: string, abstract = ''): Paper {
  return { key, title, abstract, day: 'Mar 14', date: null, year: null, links: [], doi: null, occurrences: [] };
}

const keysOf = (hits: { key: string }[]) => hits.map(h => h.key);

/** Digests where many titles share a base key and some repeat across files and dates. */
function clashingDigests(): ParsedDigest[] {
  const entry = (i: number, file: number): DigestEntry => ({
    title: `Paper ${i % 40} on Sparse Things number ${i % 700}`,
    abstract: i % 3 === 0 ? '' : `Abstract ${i} from file ${file}.`,
    day: 'Mar 14',
    date: i % 11 === 0 ? null : `2024-03-${String(1 + ((i + file) % 28)).padStart(2, '0')}`,
    year: 2024,
    links: [{ url: `https://example.org/${i % 50}`, kind: 'code' }],
    doi: i % 5 === 0 ? `10.1/${i}` : null,
    titleLine: i * 3,
    range: { start: i * 3, end: i * 3 + 1 },
  });
  return [0, 1, 2].map(file => ({
    path: `/ws/f${2 - file}.digest`,
    days: [],
    entries: Array.from({ length: 500 }, (_, i) => entry(i + file * 250, file)),
    diagnostics: [],
    lineCount: 1500,
  }));
}

function assertSameLibrary(actual: Library, expected: Library): void {
  assert.deepEqual(actual.papers, expected.papers);
  for (const paper of expected.papers) {
    assert.equal(actual.byKey(paper.key)?.key, paper.key);
    assert.equal(actual.byKey(paper.key.toUpperCase())?.key, expected.byKey(paper.key.toUpperCase())?.key);
    assert.equal(actual.byTitle(paper.title)?.key, paper.key);
  }
}

/** The saved cache with its posting lists sorted by term and field. */
function sortedCache(index: PaperIndex): unknown {
  const json = index.toJSON() as { papers: unknown[]; postings: [string, number, number[]][] };
  const order = (a: [string, number, number[]], b: [string, number, number[]]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]);
  return { ...json, postings: [...json.postings].sort(order) };
}

describe('completeNow and completeInSlices', () => {
  function* counting(n: number): Generator<void, number> {
    let sum = 0;
    for (let i = 1; i <= n; i++) {
      sum += i;
      yield;
    }
    return sum;
  }

  it('return the generator’s result, blocking or in slices', async () => {
    assert.equal(completeNow(counting(100)), 5050);
    assert.equal(await completeInSlices(counting(100), { sliceMs: 0 }), 5050);
  });

  it('yield to the event loop between slices and stop when aborted', async () => {
    // Steps until a timer has fired: without yields between slices it would never fire. (A fixed
    // count of steps can finish inside the timer's 1 ms on a fast run, which made this flaky.)
    let fired = false;
    const timer = setTimeout(() => (fired = true), 0);
    function* untilTimer(): Generator<void, number> {
      let steps = 0;
      while (!fired && steps < 1_000_000) {
        steps += 1;
        yield;
      }
      return steps;
    }
    try {
      await completeInSlices(untilTimer(), { sliceMs: 0 });
    } finally {
      clearTimeout(timer);
    }
    assert.ok(fired, 'timers ran in between');
    const controller = new AbortController();
    const run = completeInSlices(counting(1000), { sliceMs: 0, signal: controller.signal });
    controller.abort(new Error('stopped'));
    await assert.rejects(run, /stopped/);
  });
});

describe('buildLibraryInBackground', () => {
  const existing: ExistingEntry[] = [
    { key: 'Paper3OnSparse2024', title: 'Paper 3 on {Sparse} Things number 3' },
    { key: 'paper1onsparse2024', title: 'Something else entirely' },
  ];

  it('builds the same library as buildLibrary, keys and all', async () => {
    const digests = clashingDigests();
    const direct = buildLibrary(digests, { existing });
    assert.ok(direct.papers.length > 500, 'the fixture merges some titles and keeps many');
    assertSameLibrary(await buildLibraryInBackground(digests, { existing, sliceMs: 0 }), direct);
    assertSameLibrary(await buildLibraryInBackground([...digests].reverse(), { existing, sliceMs: 1 }), direct);
  });

  it('builds the seed digest’s library like buildLibrary', async () => {
    const seed = parseDigest(SEED_TEXT, '/ws/seed.digest.txt');
    assertSameLibrary(await buildLibraryInBackground([seed, seed]), buildLibrary([seed]));
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const build = buildLibraryInBackground(clashingDigests(), { sliceMs: 0, signal: controller.signal });
    controller.abort(new Error('stopped'));
    await assert.rejects(build, /stopped/);
  });
});

describe('PaperIndex in slices', () => {
  const many = Array.from({ length: 300 }, (_, i) =>
    paper(
      `p${i}`,
      `Paper ${i} about ${['sparse circuits', 'video diffusion', 'tomato growing'][i % 3]}`,
      `Abstract ${i} on ${['graphs', 'speech', 'proteins'][i % 3]} with word${i} and filler terms`,
    ),
  );

  it('saves the same cache in the background as toJSON', async () => {
    const index = PaperIndex.build(many);
    assert.deepEqual(await index.toJSONInBackground({ sliceMs: 0 }), index.toJSON());
  });

  it('refuses to finish a save when the index is updated under it', async () => {
    const index = PaperIndex.build(many);
    const save = index.toJSONInBackground({ sliceMs: 0 });
    index.update(many.slice(1));
    await assert.rejects(save, /changed while it was being saved/);
  });

  it('updates in the background like update', async () => {
    const edited = [
      ...many.slice(0, 100).map(p => ({ ...p })),
      ...many.slice(100, 200).map(p => paper(p.key, `Renamed ${p.title}`, `${p.abstract} revised`)),
      ...Array.from({ length: 50 }, (_, i) => paper(`n${i}`, `New paper ${i} on proteins`, `fresh words${i}`)),
    ];
    const direct = PaperIndex.build(many);
    const sliced = PaperIndex.build(many);
    const expected = direct.update(edited);
    assert.deepEqual(await sliced.updateInBackground(edited, { sliceMs: 0 }), expected);
    assert.deepEqual(expected, { added: 50, removed: 100, changed: 100 });
    // MiniSearch may vacuum removed papers between slices, which reorders its term tree: compare sorted.
    assert.deepEqual(sortedCache(sliced), sortedCache(direct));
    for (const query of ['renamed', 'proteins', 'words7', 'tomato']) {
      // Sorted: scores count removed papers until MiniSearch vacuums, which may happen between slices.
      assert.deepEqual(keysOf(sliced.search(query, { limit: 500 })).sort(), keysOf(direct.search(query, { limit: 500 })).sort(), query);
    }
  });

  it('indexes every abstract when an update swaps in equal papers while abstracts are going in', async () => {
    const copies = many.map(p => ({ ...p }));
    const index = await PaperIndex.buildInBackground(many, {
      sliceMs: 0,
      onTitlesReady: early => void early.updateInBackground(copies, { sliceMs: 0 }),
    });
    await new Promise(resolve => setTimeout(resolve, 50)); // let the update finish too
    assert.ok(index.isComplete);
    assert.equal(index.search('filler', { limit: 1000 }).length, many.length);
    assert.equal(index.search('word17')[0].paper, copies[17]);
  });
});
