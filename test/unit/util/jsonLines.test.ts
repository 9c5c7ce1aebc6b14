import assert from 'node:assert/strict';
import { decodeLines, encodeLines, fnv1a, fromJsonLines, toJsonLines } from '../../../src/core/util/jsonLines';
import { parseDigest } from '../../../src/core/digest/parser';
import { buildLibrary } from '../../../src/core/library/library';
import { PaperIndex } from '../../../src/core/search';
import { SEED_TEXT } from '../helpers/seed';

describe('JSON lines', () => {
  it('round-trips an object with arrays cut in chunks', async () => {
    const value = { format: 'x', version: 3, papers: Array.from({ length: 7 }, (_, i) => [`k${i}`, i]), empty: [], nested: { a: [1] } };
    const lines = await toJsonLines(value, { chunkItems: 3 });
    assert.equal(lines.length, 1 + 3 + 1, 'header, three chunks of papers, one (empty) of empty');
    assert.deepEqual(await fromJsonLines(lines), value);
  });

  it('survives being joined and split by newlines (strings holding newlines are escaped)', async () => {
    const value = { items: ['a\nb', 'c\r\nd'] };
    const text = (await toJsonLines(value)).join('\n');
    assert.deepEqual(await fromJsonLines(text.split('\n')), value);
  });

  it('rejects foreign or cut-short files with an Error', async () => {
    await assert.rejects(fromJsonLines(['{"format":"other"}']), /not a Digest Notes/);
    await assert.rejects(fromJsonLines(['not json']), /not a Digest Notes/);
    const lines = await toJsonLines({ items: [1, 2, 3, 4] }, { chunkItems: 2 });
    await assert.rejects(fromJsonLines(lines.slice(0, 2)), /damaged at line 3/);
    await assert.rejects(fromJsonLines([lines[0], '[1,', lines[2]]), /damaged at line 2/);
  });

  it('encodes lines to the bytes of their joined text and back, a line at a time', async () => {
    const lines = ['{"a":"Ünïcödé — 論文 🧪"}', '', '[1,2]', 'last'];
    const bytes = await encodeLines(lines, { sliceMs: 0 });
    assert.deepEqual(bytes, new TextEncoder().encode(lines.join('\n')));
    assert.deepEqual(await decodeLines(bytes, { sliceMs: 0 }), lines);
    assert.deepEqual(await decodeLines(new Uint8Array(0)), ['']);
    const value = { items: ['x\ny', 'é'] };
    assert.deepEqual(await fromJsonLines(await decodeLines(await encodeLines(await toJsonLines(value)))), value);
  });
});

describe('JSON lines: checksums (issue 11)', () => {
  /** The saved seed index as its lines, and the line index of the first posting chunk. */
  async function savedSeedIndex() {
    const papers = buildLibrary([parseDigest(SEED_TEXT, '/ws/seed.digest.txt')]).papers;
    const index = PaperIndex.build(papers);
    const lines = await toJsonLines(index.toJSON() as Record<string, unknown>, { chunkItems: 50 });
    const arrays = JSON.parse(lines[0]).arrays as [string, number][];
    assert.deepEqual(
      arrays.map(([name]) => name),
      ['papers', 'postings'],
    );
    const postingsLine = 1 + arrays[0][1];
    return { papers, index, lines, postingsLine };
  }

  /** One digit of a one-paper posting list changed to another paper's position: still well-formed. */
  function flipOneDigit(line: string): string {
    const match = /,\[([1-4])\]\]/.exec(line);
    assert.ok(match, 'a posting list with a single small id');
    const digit = Number(match[1]);
    return line.slice(0, match.index) + `,[${digit + 1}]]` + line.slice(match.index + match[0].length);
  }

  it('rejects a saved index with one digit of a posting flipped', async () => {
    const { lines, postingsLine } = await savedSeedIndex();
    const damaged = [...lines];
    damaged[postingsLine] = flipOneDigit(lines[postingsLine]);
    assert.doesNotThrow(() => JSON.parse(damaged[postingsLine]), 'still well-formed JSON');
    await assert.rejects(fromJsonLines(damaged), new RegExp(`damaged at line ${postingsLine + 1} \\(its checksum`));
    // The same damage without the checksum is accepted by the index, and answers wrongly.
    const unchecked = JSON.parse(damaged[0]);
    const value = { ...unchecked.fields, papers: [], postings: [] } as Record<string, unknown[]>;
    let at = 1;
    for (const [name, count] of unchecked.arrays as [string, number][]) {
      for (let i = 0; i < count; i++) value[name].push(...JSON.parse(damaged[at++]));
    }
    assert.doesNotThrow(() => PaperIndex.fromJSON(value, []), 'the cache itself cannot tell');
  });

  it('rejects a header whose checksums were edited, and a version-1 file without checksums', async () => {
    const { lines } = await savedSeedIndex();
    const header = JSON.parse(lines[0]);
    header.checksums[0] = (header.checksums[0] + 1) >>> 0;
    await assert.rejects(fromJsonLines([JSON.stringify(header), ...lines.slice(1)]), /damaged at line 1/);
    const old = { format: header.format, version: 1, fields: header.fields, arrays: header.arrays };
    await assert.rejects(fromJsonLines([JSON.stringify(old), ...lines.slice(1)]), /not a Digest Notes/);
  });

  it('reads back an untouched saved index to the same search results', async () => {
    const { papers, index, lines } = await savedSeedIndex();
    const restored = PaperIndex.fromJSON(await fromJsonLines(lines), papers);
    assert.deepEqual(
      restored.search('transcoders circuits').map(h => h.key),
      index.search('transcoders circuits').map(h => h.key),
    );
  });

  it('computes FNV-1a as published (32-bit test vectors)', () => {
    assert.equal(fnv1a(''), 0x811c9dc5);
    assert.equal(fnv1a('a'), 0xe40c292c);
    assert.equal(fnv1a('foobar'), 0xbf9cf968);
  });
});
