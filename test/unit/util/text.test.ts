import { strict as assert } from 'node:assert';
import { decodeLinesSteps, decodeText, normalizeTitle, splitLines } from '../../../src/core/util/text';
import { completeNow } from '../../../src/core/util/slices';
import { SEED_TEXT } from '../helpers/seed';

const encode = (text: string) => new TextEncoder().encode(text);

describe('decodeText', () => {
  it('decodes UTF-8 and drops a BOM', () => {
    assert.equal(decodeText(encode('Über Größe')), 'Über Größe');
    assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...encode('Mar 14')])), 'Mar 14');
    assert.equal(decodeText(encode(SEED_TEXT)), SEED_TEXT);
  });

  it('returns null for binary bytes', () => {
    assert.equal(decodeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00])), null);
    assert.equal(decodeText(new Uint8Array([...encode('Mar 14\n'), 0, ...encode('x')])), null);
    // No NUL, but not UTF-8 and mostly control bytes.
    assert.equal(decodeText(new Uint8Array([0xc3, ...Array.from({ length: 200 }, (_, i) => 1 + (i % 7))])), null);
  });

  it('reads UTF-16 with a BOM and legacy single-byte text', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x4d, 0x00, 0x61, 0x00, 0x72, 0x00]);
    assert.equal(decodeText(utf16), 'Mar');
    assert.equal(decodeText(new Uint8Array([0x43, 0x61, 0x66, 0xe9])), 'Café');
  });

  it('decodes empty bytes to an empty text', () => {
    assert.equal(decodeText(new Uint8Array()), '');
  });
});

describe('splitLines', () => {
  it('splits on LF, CRLF and CR alike', () => {
    assert.deepEqual(splitLines('a\nb\r\nc\rd'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(splitLines('a\r\n\r\nb'), ['a', '', 'b']);
  });

  it('counts lines like an editor', () => {
    assert.deepEqual(splitLines(''), ['']);
    assert.deepEqual(splitLines('a'), ['a']);
    assert.deepEqual(splitLines('a\n'), ['a', '']);
  });

  it('drops a leading BOM only', () => {
    assert.deepEqual(splitLines('\uFEFFMar 14\nx\uFEFF'), ['Mar 14', 'x\uFEFF']);
  });
});

describe('normalizeTitle', () => {
  it('ignores case and whitespace', () => {
    assert.equal(
      normalizeTitle('  Transcoders  Find\tInterpretable LLM\nFeature Circuits '),
      'transcoders find interpretable llm feature circuits',
    );
    assert.equal(
      normalizeTitle('TRANSCODERS find interpretable llm feature circuits'),
      normalizeTitle('Transcoders Find Interpretable LLM Feature Circuits'),
    );
  });

  it('folds compatible Unicode forms', () => {
    assert.equal(normalizeTitle('ﬁne-tuning\u00a0Über'), normalizeTitle('fine-tuning ÜBER'));
    assert.equal(normalizeTitle('U\u0308ber'), normalizeTitle('Über'));
  });

  it('keeps titles that differ in words apart', () => {
    assert.notEqual(normalizeTitle('Attention Is All You Need'), normalizeTitle('Attention Is Not All You Need'));
  });
});

describe('decodeText: legacy and UTF-32 text (issue 11)', () => {
  it('reads Windows-1252 bytes 0x80-0x9F as the characters that code page puts there, not C1 controls', () => {
    // “Smart” quotes – dashes — the euro sign and a trade mark, as a Windows editor saves them.
    const bytes = new Uint8Array([
      0x93, 0x53, 0x6d, 0x61, 0x72, 0x74, 0x94, 0x20, 0x96, 0x20, 0x97, 0x20, 0x80, 0x35, 0x20, 0x99, 0x20, 0xe9,
    ]);
    assert.equal(decodeText(bytes), '\u201cSmart\u201d \u2013 \u2014 \u20ac5 \u2122 \u00e9');
    assert.doesNotMatch(decodeText(bytes) ?? '', /[\x80-\x9f]/);
  });

  it('keeps the five bytes Windows-1252 leaves undefined as their C1 code points (as WHATWG does)', () => {
    assert.equal(decodeText(new Uint8Array([0x41, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xe9])), 'A\x81\x8d\x8f\x90\x9d\u00e9');
  });

  it('decodes a UTF-32 file by its BOM, little- and big-endian, astral characters included', () => {
    const text = 'Mar 14\nCafé 🧪';
    const points = [...text].map(c => c.codePointAt(0) ?? 0);
    const le = new Uint8Array([0xff, 0xfe, 0, 0, ...points.flatMap(p => [p & 0xff, (p >> 8) & 0xff, (p >> 16) & 0xff, 0])]);
    const be = new Uint8Array([0, 0, 0xfe, 0xff, ...points.flatMap(p => [0, (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff])]);
    assert.equal(decodeText(le), text);
    assert.equal(decodeText(be), text);
  });

  it('splits a UTF-32 text of several megabytes into the same lines as the whole text', () => {
    const line = 'Transcoders Find Interpretable LLM Feature Circuits — 論文';
    const text = Array.from({ length: 40_000 }, (_, i) => `${i} ${line}`).join('\n');
    const points = [...text].map(c => c.codePointAt(0) ?? 0);
    const bytes = new Uint8Array(4 + points.length * 4);
    bytes.set([0xff, 0xfe, 0, 0]);
    const view = new DataView(bytes.buffer);
    points.forEach((p, i) => view.setUint32(4 + i * 4, p, true));
    assert.ok(bytes.length > 2 * (1 << 20), 'more than one piece');
    assert.deepEqual(completeNow(decodeLinesSteps(bytes)), splitLines(text));
  });

  it('splits Windows-1252 text of several megabytes with the code page table too', () => {
    const bytes = new Uint8Array(3 * (1 << 20)).fill(0x93);
    for (let at = 99; at < bytes.length; at += 100) bytes[at] = 0x0a;
    bytes[0] = 0xff; // not UTF-8
    const lines = completeNow(decodeLinesSteps(bytes)) ?? [];
    assert.equal(lines[1], '\u201c'.repeat(99));
  });
});
