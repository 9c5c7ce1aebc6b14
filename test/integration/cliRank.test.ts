import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ROOT, runInProcess } from './cliHarness';

// Three days of real arXiv listings (test/fixtures/rank, cut from the crawl in ../shared/data);
// liked: the papers of the first two days that Hugging Face Daily Papers featured.
const FOLDER = join(ROOT, 'test', 'fixtures', 'rank');
const LIKED = join(ROOT, 'test', 'fixtures', 'rank-liked.txt');

interface Result {
  key: string;
  arxiv: string | null;
  title: string;
  day: string;
  score: number;
  why: string[];
}

describe('digest-notes rank', () => {
  it('ranks the latest day by the liked papers, best first, with why', async () => {
    const run = await runInProcess(['rank', FOLDER, '--like-file', LIKED, '--limit', '3', '--json']);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    const { results } = JSON.parse(run.stdout) as { results: Result[] };
    assert.deepEqual(
      results.map(r => [r.key, r.arxiv, r.day]),
      [
        ['bardol2025chatgpt', '2507.21083', '2025-07-30'],
        ['stassi2025ilsut', '2507.21104', '2025-07-30'],
        ['zhu2025mohobench', '2507.21503', '2025-07-30'],
      ],
    );
    assert.deepEqual(results[2].why, [
      'because of: code released, named method in title, 10-19 authors, questions',
      'like: Region-based Cluster Discrimination for Visual Representation Learning',
    ]);
    assert.ok(results[0].score > results[1].score && results[1].score > results[2].score);
  });

  it('ranks by similarity with one liked paper, and says so; --from widens the days', async () => {
    const run = await runInProcess(['rank', FOLDER, '--like', 'arXiv:2507.21509v1', '--from', '2025-07-29', '--limit', '2', '--json']);
    assert.equal(run.status, 0);
    const { basis, results } = JSON.parse(run.stdout) as { basis: string; results: Result[] };
    assert.equal(results.length, 2);
    assert.equal(basis, 'ranked by similarity to your 1 liked paper (a model needs 5)');
    assert.ok(
      results.every(r => !r.why.some(reason => reason.includes('liked paper'))),
      'each why gives only its reasons',
    );
    assert.ok(results.every(r => r.key !== 'chen2025persona' && r.day >= '2025-07-29'));
  });

  it("prints a table with each paper's why", async () => {
    const run = await runInProcess(['rank', FOLDER, '--like-file', LIKED, '--limit', '1']);
    assert.equal(run.status, 0);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^Ranked by a model learned from your \d+ liked papers:$/);
    assert.match(lines[1], /^SCORE\s+KEY\s+DAY\s+TITLE$/);
    assert.match(lines[2], /^0\.\d{3}\s+bardol2025chatgpt\s+2025-07-30\s+ChatGPT Reads Your Tone/);
    assert.match(lines[3], /^ {4}because of: /);
  });

  it('says which liked id is not found, and fails when none is', async () => {
    const some = await runInProcess(['rank', FOLDER, '--like', '2507.21509', '--like', 'nosuchkey', '--json']);
    assert.equal(some.status, 0);
    assert.match(some.stderr, /--like nosuchkey: no paper under PATH has this key or arXiv id/);
    const none = await runInProcess(['rank', FOLDER, '--like', '1234.56789']);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /none of the liked papers is under PATH/);
  });

  it('refuses bad usage with status 2', async () => {
    for (const args of [
      ['rank', FOLDER],
      ['rank', '--like', 'x'],
      ['rank', FOLDER, '--like', 'x', '--from', 'July'],
      ['rank', FOLDER, '--like', 'x', '--limit', '0'],
    ]) {
      const run = await runInProcess(args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /see 'digest-notes rank --help'/);
    }
  });
});
