/**
 * The text body of a saved e-mail (`.eml`): RFC 822 headers (folded lines unfolded, `=?utf-8?…?=`
 * words decoded), then the body, decoded from quoted-printable or base64 and from its charset; in a
 * multipart message the first `text/plain` part.
 *
 * Why by hand and not postal-mime: postal-mime only parses asynchronously, and the digest parsers
 * are synchronous step functions (run at once by the CLI and in time slices by the extension), so
 * the sources share one code path. Only what arXiv's mailings use is read: a single text part or a
 * multipart with one; the tests check this reader against postal-mime on the same messages.
 */

import { splitLinesQuickly } from './common';

export interface MailBody {
  /** Header names lower-cased; the first occurrence of each. */
  readonly headers: ReadonlyMap<string, string>;
  /** The decoded body's lines. */
  readonly lines: readonly string[];
  /** The file line each body line stands on (approximate for base64, where lines do not map). */
  readonly sourceLine: (bodyLine: number) => number;
}

/** True when the text starts with RFC 822 headers (`Name: value` lines, then a blank line). */
export function looksLikeMailHeaders(lines: readonly string[]): boolean {
  let named = 0;
  for (let i = 0; i < lines.length && i < 200; i++) {
    const line = lines[i];
    if (line === '') return named >= 2;
    if (/^[ \t]/.test(line) && named > 0) continue;
    if (!/^[!-9;-~]+:/.test(line)) return false;
    named++;
  }
  return false;
}

/** The body of a message whose lines start with headers; undefined when they do not. */
export function readMail(lines: readonly string[]): MailBody | undefined {
  if (!looksLikeMailHeaders(lines)) return undefined;
  const { headers, next } = readHeaders(lines, 0, lines.length);
  return readPart(lines, headers, next, lines.length, 0) ?? { headers, lines: [], sourceLine: () => next };
}

function readPart(lines: readonly string[], headers: Map<string, string>, start: number, end: number, depth: number): MailBody | undefined {
  const type = headers.get('content-type') ?? 'text/plain';
  const mediaType = type.split(';')[0].trim().toLowerCase();
  if (mediaType.startsWith('multipart/') && depth < 4) {
    const boundary = parameter(type, 'boundary');
    if (boundary === undefined) return undefined;
    for (const part of partsOf(lines, start, end, boundary)) {
      const inner = readHeaders(lines, part.start, part.end);
      const body = readPart(lines, inner.headers, inner.next, part.end, depth + 1);
      if (body !== undefined) return { ...body, headers };
    }
    return undefined;
  }
  if (mediaType !== 'text/plain' && mediaType !== '') return undefined;
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  const charset = parameter(type, 'charset') ?? 'utf-8';
  return { headers, ...decodeBody(lines, start, end, encoding, charset) };
}

function readHeaders(lines: readonly string[], start: number, end: number): { headers: Map<string, string>; next: number } {
  const headers = new Map<string, string>();
  let name = '';
  let value = '';
  const flush = (): void => {
    if (name !== '' && !headers.has(name)) headers.set(name, decodeEncodedWords(value.trim()));
  };
  let i = start;
  for (; i < end && lines[i] !== ''; i++) {
    const line = lines[i];
    if (/^[ \t]/.test(line)) {
      value += ' ' + line.trim();
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
    value = colon > 0 ? line.slice(colon + 1) : '';
  }
  flush();
  return { headers, next: Math.min(i + 1, end) };
}

/** The line ranges between `--boundary` lines, up to `--boundary--`. */
function* partsOf(lines: readonly string[], start: number, end: number, boundary: string): Generator<{ start: number; end: number }> {
  const open = `--${boundary}`;
  const close = `--${boundary}--`;
  let partStart = -1;
  for (let i = start; i < end; i++) {
    const line = lines[i].trimEnd();
    if (line !== open && line !== close) continue;
    if (partStart !== -1) yield { start: partStart, end: i };
    if (line === close) return;
    partStart = i + 1;
  }
  if (partStart !== -1) yield { start: partStart, end };
}

function decodeBody(lines: readonly string[], start: number, end: number, encoding: string, charset: string): Omit<MailBody, 'headers'> {
  if (encoding === 'base64') {
    const bytes = base64Bytes(lines, start, end);
    const decoded = splitText(decodeCharset(bytes, charset));
    const encodedLines = Math.max(1, end - start);
    // Base64 keeps no line structure: spread the decoded lines evenly over the encoded ones.
    return {
      lines: decoded,
      sourceLine: n => start + Math.min(encodedLines - 1, Math.floor((n * encodedLines) / Math.max(1, decoded.length))),
    };
  }
  if (encoding === 'quoted-printable') {
    const { decoded, starts } = quotedPrintable(lines, start, end, charset);
    return { lines: decoded, sourceLine: n => starts[Math.min(n, starts.length - 1)] ?? start };
  }
  // 7bit / 8bit / binary: the lines are the body's own (already decoded as the file's text).
  const body = lines.slice(start, end);
  return { lines: body, sourceLine: n => start + n };
}

/**
 * Quoted-printable decoded: each logical line (encoded lines joined at their soft breaks, `=` at
 * the end) with the file line it starts on. A logical line without `=` is its own text; one with
 * escapes is decoded to bytes, then from the charset (a character may be split over a soft break,
 * so never an encoded line alone).
 */
function quotedPrintable(lines: readonly string[], start: number, end: number, charset: string): { decoded: string[]; starts: number[] } {
  const decoded: string[] = [];
  const starts: number[] = [];
  const decoder = charsetDecoder(charset);
  let logical = '';
  let logicalStart = start;
  for (let i = start; i < end; i++) {
    const line = trimEndSpaces(lines[i]);
    const soft = line.endsWith('=');
    logical += soft ? line.slice(0, -1) : line;
    if (soft && i < end - 1) continue;
    decoded.push(logical.includes('=') ? decodeEscapes(logical, decoder) : logical);
    starts.push(logicalStart);
    logical = '';
    logicalStart = i + 1;
  }
  if (decoded.length === 0) {
    decoded.push('');
    starts.push(start);
  }
  return { decoded, starts };
}

/** `=XX` escapes to bytes, the other characters as their UTF-8, decoded from the charset. */
function decodeEscapes(text: string, decoder: InstanceType<typeof TextDecoder>): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let at = 0; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c === 61 && isHex(text.charCodeAt(at + 1)) && isHex(text.charCodeAt(at + 2))) {
      bytes.push(parseInt(text.slice(at + 1, at + 3), 16));
      at += 2;
    } else if (c < 128) {
      bytes.push(c);
    } else {
      for (const b of encoder.encode(text[at])) bytes.push(b);
    }
  }
  return decoder.decode(Uint8Array.from(bytes));
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function trimEndSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
  return end === line.length ? line : line.slice(0, end);
}

function base64Bytes(lines: readonly string[], start: number, end: number): Uint8Array {
  return base64ToBytes(lines.slice(start, end).join(''));
}

/**
 * Base64 to bytes with `atob` (in Node and browsers alike). Clean base64 goes straight in; else
 * what is not base64 is dropped and a cut last group (a cut message) too, rather than failing.
 */
function base64ToBytes(text: string): Uint8Array {
  const clean = /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0 ? text : text.replace(/[^A-Za-z0-9+/]/g, '');
  const whole = clean.slice(0, clean.length - (clean.length % 4 === 1 ? 1 : 0));
  try {
    const binary = atob(whole);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return new Uint8Array(0);
  }
}

function decodeCharset(bytes: Uint8Array, charset: string): string {
  return charsetDecoder(charset).decode(bytes);
}

/** A decoder for the charset; UTF-8 for one the platform does not know. */
function charsetDecoder(charset: string): InstanceType<typeof TextDecoder> {
  try {
    return new TextDecoder(charset.trim().toLowerCase());
  } catch {
    return new TextDecoder('utf-8');
  }
}

function splitText(text: string): string[] {
  return splitLinesQuickly(text);
}

/** A header parameter (`charset="utf-8"`, `boundary=abc`), case-insensitive name. */
function parameter(header: string, name: string): string | undefined {
  for (const piece of header.split(';').slice(1)) {
    const eq = piece.indexOf('=');
    if (eq === -1 || piece.slice(0, eq).trim().toLowerCase() !== name) continue;
    return piece
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/** RFC 2047 words (`=?utf-8?Q?…?=`, `=?utf-8?B?…?=`); the space between two of them is dropped. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  return value
    .replace(/(=\?[^?\s]+\?[QqBb]\?[^?\s]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g, (word, charset: string, kind: string, text: string) => {
      const bytes = kind.toUpperCase() === 'B' ? base64ToBytes(text) : qWordBytes(text);
      return decodeCharset(bytes, charset.split('*')[0]);
    });
}

function qWordBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let at = 0; at < text.length; at++) {
    const c = text[at];
    if (c === '_') out.push(32);
    else if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(at + 1, at + 3))) {
      out.push(parseInt(text.slice(at + 1, at + 3), 16));
      at += 2;
    } else out.push(...new TextEncoder().encode(c));
  }
  return Uint8Array.from(out);
}
