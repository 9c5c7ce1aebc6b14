import assert from 'node:assert/strict';
import { decodeLines, encodeLines, fromJsonLines, toJsonLines } from '../../../src/core/util/jsonLines';

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
