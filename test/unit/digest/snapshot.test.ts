import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnyDigest } from '../../../src/core/digest/sources/index';
import { readSnapshot, writeSnapshot, type SnapshotFile } from '../../../src/core/digest/snapshot';
import { SEED_TEXT } from '../helpers/seed';

const SOURCES = join(__dirname, '..', '..', 'fixtures', 'sources');

function files(): SnapshotFile[] {
  const seed = parseAnyDigest(SEED_TEXT, 'file:///w/seed.digest.txt');
  const rss = parseAnyDigest(readFileSync(join(SOURCES, 'arxiv-rss.xml'), 'utf8'), 'file:///w/feed.xml');
  return [
    { uri: 'file:///w/seed.digest.txt', stamp: { size: 10, mtime: 20 }, digest: seed },
    { uri: 'file:///w/feed.xml', stamp: { size: 30, mtime: 40 }, digest: rss },
  ];
}

describe('digest snapshot', () => {
  it('gives back every file as parsed, stamps and days included (days share the entries)', async () => {
    const saved = files();
    const restored = await readSnapshot(await writeSnapshot(saved, 'settings'), 'settings');
    assert.equal(restored.length, 2);
    for (const [i, file] of restored.entries()) {
      assert.equal(file.uri, saved[i].uri);
      assert.deepEqual(file.stamp, saved[i].stamp);
      // JSON drops `undefined` fields; what the parser gave is otherwise the same.
      assert.deepEqual(file.digest, JSON.parse(JSON.stringify(saved[i].digest)));
      assert.ok(file.digest.entries.length > 0);
      assert.equal(
        file.digest.days[0]?.entries[0],
        file.digest.entries.find(e => e === file.digest.days[0]?.entries[0]),
      );
    }
  });

  it('is refused when written under other settings, damaged, or cut short', async () => {
    const lines = await writeSnapshot(files(), 'glob A');
    await assert.rejects(readSnapshot(lines, 'glob B'), /settings changed/);
    const flipped = lines.map((line, i) => (i === lines.length - 1 ? line.replace('"title":"', '"title":"X') : line));
    assert.notDeepEqual(flipped, lines);
    await assert.rejects(readSnapshot(flipped, 'glob A'), /damaged/);
    await assert.rejects(readSnapshot(lines.slice(0, 1), 'glob A'), /damaged/);
    await assert.rejects(readSnapshot(['{}'], 'glob A'), /not a Digest Notes/);
  });
});
