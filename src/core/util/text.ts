/**
 * Text helpers shared by the digest parser and the library: decoding file bytes, splitting lines
 * the way an editor counts them, and the comparison key for titles.
 */

import { completeNow } from './slices';

const BOM = '\uFEFF';
/** Bytes sampled when deciding whether undecodable bytes are binary rather than legacy text. */
const BINARY_SAMPLE_BYTES = 8192;

/**
 * Decodes a file's bytes to text. UTF-8 (a BOM is stripped); UTF-16 when the file starts with a
 * UTF-16 BOM; bytes that are not valid UTF-8 are read as Windows-1252 (legacy text), unless they
 * look binary. Returns null for binary content: a NUL byte (as git decides), or mostly control
 * characters.
 */
export function decodeText(bytes: Uint8Array): string | null {
  const label = encodingOf(bytes);
  if (label === null) return null;
  if (label !== 'utf-8') return new TextDecoder(label).decode(bytes);
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

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** UTF-16 by its BOM, null for binary (a NUL byte), else UTF-8 to be tried first. */
function encodingOf(bytes: Uint8Array): Encoding | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return bytes.indexOf(0) === -1 ? 'utf-8' : null;
}

/** Bytes that are not UTF-8: Windows-1252 text, or null when they look binary. */
function legacyText(bytes: Uint8Array): string | null {
  return looksBinary(bytes) ? null : new TextDecoder('windows-1252').decode(bytes);
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
  // Only the file's start may hold a byte-order mark; later pieces keep the character.
  const first = new TextDecoder(label, { fatal });
  const rest = new TextDecoder(label, { fatal, ignoreBOM: true });
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    const end = afterLineFeed(bytes, at + DECODE_PIECE_BYTES, label);
    const text = (at === 0 ? first : rest).decode(bytes.subarray(at, end));
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
  return title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

