// A digest of many megabytes is decoded, split and parsed in steps (for the extension host's
// sake); the steps must give exactly what the one-go functions give, whatever falls on the
// boundaries between pieces: a multi-byte character, a CRLF, a byte-order mark.
import assert from 'node:assert/strict';
import { generateDigest } from '../../../bench/generate';
import { parseDigest, parseDigestBytesInBackground, parseDigestInBackground } from '../../../src/core/digest/parser';
import { completeInSlices } from '../../../src/core/util/slices';
import { decodeLinesSteps, decodeText, splitLines, splitLinesSteps } from '../../../src/core/util/text';

const MB = 1 << 20;

/** A synthetic digest of about 3.5 MB (2k papers), with accented words sprinkled through it. */
function bigDigest(): string {
  const { text } = generateDigest({ papers: 2000 });
  return text.replace(/ model /g, ' modèle ').replace(/ data /g, ' données 数据 ');
}

/** Plain splitting, the reference the piecewise split must match. */
function referenceLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.split(/\r\n?|\n/);
}

describe('large digests in steps', function () {
  this.timeout(60_000);
  const text = bigDigest();

  it('is large enough to be cut in pieces', () => {
    assert.ok(text.length > 3 * MB, `${text.length} characters`);
  });

  it('splits into the same lines, with LF, CRLF, CR and a BOM, whatever lands on a cut', async () => {
    for (const variant of [text, text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r'), `\uFEFF${text}`]) {
      // A line feed right at a piece boundary, and a CRLF straddling the next one.
      for (const shift of [0, 1, 2]) {
        const shifted = 'x'.repeat(shift) + variant;
        const lines = await completeInSlices(splitLinesSteps(shifted));
        assert.deepEqual(lines, referenceLines(shifted));
      }
    }
    assert.deepEqual(await completeInSlices(splitLinesSteps('')), ['']);
    assert.deepEqual(await completeInSlices(splitLinesSteps(`${'a'.repeat(MB)}\n`)), ['a'.repeat(MB), '']);
  });

  it('decodes into the same lines a megabyte at a time: UTF-8, UTF-16 both ways, Windows-1252, binary', async () => {
    const linesOf = (bytes: Uint8Array) => completeInSlices(decodeLinesSteps(bytes));
    const expected = (bytes: Uint8Array) => {
      const decoded = decodeText(bytes);
      return decoded === null ? null : splitLines(decoded);
    };
    // Multi-byte characters right after every line feed (so after each cut between pieces), a BOM
    // at the start, and a U+FEFF starting every later line: a character there, which must stay.
    const utf8 = new TextEncoder().encode(`\uFEFF${text.replace(/\n/g, '\n\uFEFF😀é')}`);
    const utf8Lines = await linesOf(utf8);
    assert.deepEqual(utf8Lines, expected(utf8));
    assert.ok(utf8Lines?.[1].startsWith('\uFEFF😀é'));

    // U+0A0A and U+010A put a 0x0A byte inside characters that are not line feeds, on every line.
    const wide = text.replace(/\n/g, '\u0A0A\u010A\n');
    for (const endian of ['le', 'be'] as const) {
      const utf16 = new Uint8Array(2 + wide.length * 2);
      utf16.set(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
      for (let i = 0; i < wide.length; i++) {
        const [low, high] = [wide.charCodeAt(i) & 0xff, wide.charCodeAt(i) >> 8];
        utf16.set(endian === 'le' ? [low, high] : [high, low], 2 + i * 2);
      }
      assert.deepEqual(await linesOf(utf16), splitLines(wide), endian);
    }

    // Not UTF-8 only after the first megabyte: the decode starts over as Windows-1252.
    const latin = Uint8Array.from({ length: 3 * MB }, (_, i) => (i % 80 === 79 ? 0x0a : i > 2 * MB && i % 7 === 0 ? 0xe9 : 0x61));
    const latinLines = await linesOf(latin);
    assert.deepEqual(latinLines, expected(latin));
    assert.ok(latinLines?.some(line => line.includes('é')));

    const binary = new Uint8Array(2 * MB).fill(0x41);
    binary[MB + 5] = 0x00;
    assert.equal(await linesOf(binary), null);
  });

  it('parses in slices to the same digest as in one go', async () => {
    const oneGo = parseDigest(text, 'big.digest');
    assert.ok(oneGo.entries.length >= 2000, `${oneGo.entries.length} entries`); // a few papers repeat on a later day
    assert.deepEqual(await parseDigestInBackground(text, 'big.digest', {}, { sliceMs: 2 }), oneGo);
    const crlf = text.replace(/\n/g, '\r\n');
    assert.deepEqual(await parseDigestInBackground(crlf, 'big.digest'), parseDigest(crlf, 'big.digest'));
    assert.deepEqual(await parseDigestBytesInBackground(new TextEncoder().encode(crlf), 'big.digest'), parseDigest(crlf, 'big.digest'));
    assert.equal(await parseDigestBytesInBackground(new Uint8Array([0x41, 0x00]), 'big.digest'), null);
  });

  it('yields to the event loop while parsing', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await parseDigestInBackground(text, 'big.digest', {}, { sliceMs: 1 });
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks > 0, 'a timer ran while the digest was being parsed');
  });
});
