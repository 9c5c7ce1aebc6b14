import { strict as assert } from 'node:assert';
import { decodeText, normalizeTitle, splitLines } from '../../../src/core/util/text';
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
    assert.equal(normalizeTitle('  Transcoders  Find\tInterpretable LLM\nFeature Circuits '), 'transcoders find interpretable llm feature circuits');
    assert.equal(normalizeTitle('TRANSCODERS find interpretable llm feature circuits'), normalizeTitle('Transcoders Find Interpretable LLM Feature Circuits'));
  });

  it('folds compatible Unicode forms', () => {
    assert.equal(normalizeTitle('ﬁne-tuning\u00a0Über'), normalizeTitle('fine-tuning ÜBER'));
    assert.equal(normalizeTitle('U\u0308ber'), normalizeTitle('Über'));
  });

  it('keeps titles that differ in words apart', () => {
    assert.notEqual(normalizeTitle('Attention Is All You Need'), normalizeTitle('Attention Is Not All You Need'));
  });
});
