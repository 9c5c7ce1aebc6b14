/**
 * Text helpers shared by the digest parser and the library: decoding file bytes, splitting lines
 * the way an editor counts them, and the comparison key for titles.
 */

import { completeNow } from './slices';

const BOM = '\uFEFF';
/** Bytes sampled when deciding whether undecodable bytes are binary rather than legacy text. */
const BINARY_SAMPLE_BYTES = 8192;

/**
 * Decodes a file's bytes to text. UTF-8 (a BOM is stripped); UTF-16 or UTF-32 when the file starts
 * with their BOM; bytes that are not valid UTF-8 are read as Windows-1252 (legacy text), unless
 * they look binary. Returns null for binary content: a NUL byte (as git decides), or mostly control
 * characters.
 */
export function decodeText(bytes: Uint8Array): string | null {
  const label = encodingOf(bytes);
  if (label === null) return null;
  if (label !== 'utf-8') return decodeAs(label, bytes);
  try {
    // ignoreBOM is false by default, so the decoder drops a UTF-8 byte-order mark.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return legacyText(bytes);
  }
}

/** The start of a file decoded as `decodeText` would, at most `maxBytes` of it, no character cut. */
export function decodeTextHead(bytes: Uint8Array, maxBytes: number): string | null {
  if (bytes.length <= maxBytes) return decodeText(bytes);
  return decodeText(bytes.subarray(0, characterStart(bytes, maxBytes, encodingOf(bytes) ?? 'utf-8')));
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'windows-1252';

/** UTF-32 or UTF-16 by its BOM, null for binary (a NUL byte), else UTF-8 to be tried first. */
function encodingOf(bytes: Uint8Array): Encoding | null {
  // The UTF-32 LE BOM starts with the UTF-16 LE one, so it is looked for first.
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return 'utf-32le';
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'utf-32be';
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return bytes.indexOf(0) === -1 ? 'utf-8' : null;
}

/** Bytes that are not UTF-8: Windows-1252 text, or null when they look binary. */
function legacyText(bytes: Uint8Array): string | null {
  return looksBinary(bytes) ? null : decodeAs('windows-1252', bytes);
}

/**
 * `bytes` decoded as `label`. TextDecoder knows no UTF-32, and Node 20's 'windows-1252' decodes
 * 0x80-0x9F as Latin-1's C1 controls (nodejs/node#60888), so both are done here. `keepBom` keeps
 * a leading U+FEFF (a piece from the middle of a file); `fatal` throws on invalid UTF-8/16.
 */
function decodeAs(label: Encoding, bytes: Uint8Array, options: { fatal?: boolean; keepBom?: boolean } = {}): string {
  const keepBom = options.keepBom ?? false;
  if (label === 'utf-32le' || label === 'utf-32be') return decodeUtf32(bytes, label === 'utf-32le', keepBom);
  if (label === 'windows-1252') return windows1252(bytes);
  return new TextDecoder(label, { fatal: options.fatal ?? false, ignoreBOM: keepBom }).decode(bytes);
}

/**
 * What Windows-1252 puts at 0x80-0x9F (WHATWG's table): the euro sign, smart quotes, dashes...
 * The five bytes it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay the C1 controls.
 */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
].map(code => String.fromCharCode(code));

function windows1252(bytes: Uint8Array): string {
  // Latin-1 is Windows-1252 outside 0x80-0x9F, and TextDecoder does it fast; only those 32 bytes
  // are then replaced from the table (a decoder that gets them right already leaves none).
  return new TextDecoder('latin1').decode(bytes).replace(/[\x80-\x9f]/g, c => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]);
}

/** Code points per String.fromCodePoint call: a spread of this many arguments is safe. */
const CODE_POINTS_PER_CALL = 8192;

/** UTF-32: four bytes a code point; what is no code point (or a cut-short end) becomes U+FFFD. */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean, keepBom: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let codes: number[] = [];
  for (let at = 0; at + 4 <= bytes.length; at += 4) {
    const code = view.getUint32(at, littleEndian);
    codes.push(code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? 0xfffd : code);
    if (codes.length === CODE_POINTS_PER_CALL) {
      parts.push(String.fromCodePoint(...codes));
      codes = [];
    }
  }
  if (bytes.length % 4 !== 0) codes.push(0xfffd);
  parts.push(String.fromCodePoint(...codes));
  const text = parts.join('');
  return !keepBom && text.charCodeAt(0) === 0xfeff ? text.slice(BOM.length) : text;
}

/** Bytes that are not UTF-8 and mostly control characters are binary, not legacy text. */
function looksBinary(bytes: Uint8Array): boolean {
  return controlByteRatio(bytes) > 0.1;
}

/** Bytes decoded per step by `decodeLinesSteps`: a few milliseconds of work. */
const DECODE_PIECE_BYTES = 1 << 20;

/**
 * `splitLines(decodeText(bytes))` a megabyte at a time, for digests of many megabytes: each piece
 * ends just after a line feed, so it decodes and splits on its own and no 20 MB string is ever
 * built or joined in one go. Null for binary content.
 */
export function* decodeLinesSteps(bytes: Uint8Array): Generator<void, string[] | null> {
  const label = encodingOf(bytes);
  if (label === null) return null;
  if (bytes.length <= DECODE_PIECE_BYTES) {
    const text = decodeText(bytes);
    return text === null ? null : splitLines(text);
  }
  if (label !== 'utf-8') return yield* linesInPieces(bytes, label, false);
  try {
    return yield* linesInPieces(bytes, 'utf-8', true);
  } catch {
    return looksBinary(bytes) ? null : yield* linesInPieces(bytes, 'windows-1252', false);
  }
}

function* linesInPieces(bytes: Uint8Array, label: Encoding, fatal: boolean): Generator<void, string[]> {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length;) {
    const end = afterLineFeed(bytes, at + DECODE_PIECE_BYTES, label);
    // Only the file's start may hold a byte-order mark; later pieces keep the character.
    const text = decodeAs(label, bytes.subarray(at, end), { fatal, keepBom: at !== 0 });
    const pieceLines = splitBody(at === 0 && text.charCodeAt(0) === 0xfeff ? text.slice(BOM.length) : text);
    // A piece that is not the last ends with its line feed: the empty "line" after it is not one.
    if (end < bytes.length) pieceLines.pop();
    for (const line of pieceLines) lines.push(line);
    at = end;
    yield;
  }
  return lines;
}

/** The offset just after the first line feed at or after `from`, or the end of the bytes. */
function afterLineFeed(bytes: Uint8Array, from: number, label: Encoding): number {
  for (let at = bytes.indexOf(0x0a, from); at !== -1; at = bytes.indexOf(0x0a, at + 1)) {
    if (label === 'utf-8' || label === 'windows-1252') return at + 1; // 0x0A is never inside a character
    // UTF-16: the code unit 0x000A, at an even offset in the file (after the two-byte BOM too).
    if (label === 'utf-16le' && at % 2 === 0 && bytes[at + 1] === 0) return at + 2;
    if (label === 'utf-16be' && at % 2 === 1 && bytes[at - 1] === 0) return at + 1;
    // UTF-32: the code unit 0x0000000A, at an offset that is a multiple of four.
    if (label === 'utf-32le' && at % 4 === 0 && bytes[at + 1] === 0 && bytes[at + 2] === 0 && bytes[at + 3] === 0) return at + 4;
    if (label === 'utf-32be' && at % 4 === 3 && bytes[at - 1] === 0 && bytes[at - 2] === 0 && bytes[at - 3] === 0) return at + 1;
  }
  return bytes.length;
}

/** `at`, or the nearest offset before it where a character starts (never cutting one in two). */
function characterStart(bytes: Uint8Array, at: number, label: Encoding): number {
  if (label === 'utf-8') {
    // Continuation bytes are 10xxxxxx; a character is at most 4 bytes, so 3 steps back suffice.
    let cut = at;
    while (cut > at - 3 && (bytes[cut] & 0xc0) === 0x80) cut--;
    return cut;
  }
  if (label === 'utf-16le' || label === 'utf-16be') {
    const even = at - (at % 2);
    const high = label === 'utf-16le' ? bytes[even + 1] : bytes[even];
    // A low surrogate (0xDC00-0xDFFF) ends a pair begun two bytes before.
    return high >= 0xdc && high <= 0xdf ? even - 2 : even;
  }
  if (label === 'utf-32le' || label === 'utf-32be') return at - (at % 4);
  return at;
}

function controlByteRatio(bytes: Uint8Array): number {
  const n = Math.min(bytes.length, BINARY_SAMPLE_BYTES);
  if (n === 0) return 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    // Tab, LF, VT, FF, CR and ESC occur in text; other C0 controls almost never do.
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27) control++;
  }
  return control / n;
}

/**
 * Splits text into lines as an editor numbers them: a leading BOM is dropped; CRLF, CR and LF all
 * end a line; a final newline yields a last empty line, and '' is one empty line. So line i here
 * is line i in VS Code.
 */
export function splitLines(text: string): string[] {
  return completeNow(splitLinesSteps(text));
}

/** Characters split at a time by `splitLinesSteps`: about a millisecond of work. */
const SPLIT_PIECE_CHARS = 1 << 20;

/**
 * `splitLines` a step at a time, a step per megabyte or so: a 20 MB digest is split in pieces that
 * each end just after a line feed, so no line (nor a CRLF) is cut in two.
 */
export function* splitLinesSteps(text: string): Generator<void, string[]> {
  let at = text.charCodeAt(0) === 0xfeff ? BOM.length : 0;
  const lines: string[] = [];
  for (;;) {
    const cut = at + SPLIT_PIECE_CHARS >= text.length ? -1 : text.indexOf('\n', at + SPLIT_PIECE_CHARS);
    if (cut === -1) {
      for (const line of splitBody(text.slice(at))) lines.push(line);
      return lines;
    }
    // Up to the line feed that ends the piece's last line (or the CRLF: its CR belongs to it).
    const end = text.charCodeAt(cut - 1) === 13 ? cut - 1 : cut;
    for (const line of splitBody(text.slice(at, end))) lines.push(line);
    at = cut + 1;
    yield;
  }
}

function splitBody(body: string): string[] {
  // The plain-LF split is several times faster than the regex one; most files have no CR at all.
  return body.indexOf('\r') === -1 ? body.split('\n') : body.split(/\r\n?|\n/);
}

/**
 * The key under which two titles count as the same paper: Unicode-compatible forms folded (NFKC),
 * lower case, runs of whitespace as one space, trimmed.
 */
export function normalizeTitle(title: string): string {
  // Remembered: the Papers view asks it for every paper on every rebuild (the reading state and
  // the library's title lookup are keyed by it), 10k papers a rebuild at 10k.
  let normal = normalizedTitles.get(title);
  if (normal === undefined) {
    // NFKC leaves ASCII as it is: skipped there, it is several times faster.
    const composed = NON_ASCII.test(title) ? title.normalize('NFKC') : title;
    normal = composed.toLowerCase().replace(/\s+/g, ' ').trim();
    if (normalizedTitles.size >= MAX_REMEMBERED_TITLES) normalizedTitles.clear();
    normalizedTitles.set(title, normal);
  }
  return normal;
}

const NON_ASCII = /[^\x00-\x7f]/;
/** Titles remembered at most (a year of daily feeds); beyond, the memory starts afresh. */
const MAX_REMEMBERED_TITLES = 200_000;
const normalizedTitles = new Map<string, string>();
