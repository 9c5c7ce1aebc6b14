import { bundleWorker } from './workerHarness';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLibrary } from '../../src/core/library/library';
import type { Paper } from '../../src/core/model';
import { parseDigest } from '../../src/core/digest/parser';
import { WorkerIndex } from '../../src/indexWorker/client';
import { SEED_PATH, SEED_TEXT } from '../unit/helpers/seed';

describe('saved search index with a checksum (issue 11)', () => {
  let dir: string;
  let workerFile: string;
  const opened: WorkerIndex<Paper>[] = [];

  before(async function () {
    this.timeout(60_000);
    ({ dir, workerFile } = await bundleWorker('digest-notes-checksum-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(index => index.dispose()));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('rebuilds, rather than uses, a saved index with one digit of a posting flipped', async () => {
    const papers = buildLibrary([parseDigest(SEED_TEXT, SEED_PATH)]).papers;
    const cacheFile = join(dir, 'search-index.jsonl');
    const first = await WorkerIndex.open(papers, { workerFile, cacheFile, saveDelayMs: 60_000 });
    opened.push(first);
    await first.save();
    const expected = (await first.search('transcoders circuits')).map(hit => hit.key);

    const lines = readFileSync(cacheFile, 'utf8').split('\n');
    const postingsLine = 1 + (JSON.parse(lines[0]).arrays as [string, number][])[0][1];
    const match = /,\[([1-4])\]\]/.exec(lines[postingsLine]);
    assert.ok(match, 'a one-paper posting list');
    lines[postingsLine] = lines[postingsLine].replace(match[0], `,[${Number(match[1]) + 1}]]`);
    writeFileSync(cacheFile, lines.join('\n'));

    const second = await WorkerIndex.open(papers, { workerFile, cacheFile, saveDelayMs: 60_000 });
    opened.push(second);
    assert.equal(second.lastLoad?.used, false);
    assert.match(second.lastLoad?.reason ?? '', /checksum/);
    assert.deepEqual(
      (await second.search('transcoders circuits')).map(hit => hit.key),
      expected,
    );
  });
});
