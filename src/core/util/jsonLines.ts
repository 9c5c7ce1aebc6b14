/**
 * A large JSON object as lines: a header, then every array property cut in chunks of a few
 * thousand items, one `JSON.stringify`d chunk per line. Writing and reading then work a chunk at
 * a time and yield to the event loop between slices, where one `JSON.parse` of the whole text
 * would hold it for a long stretch. Used for the search index saved between sessions.
 *
 * The header holds a checksum of every line (32-bit FNV-1a of its text): a file that is still
 * well-formed JSON but was damaged on disk (a flipped digit in a posting list would silently
 * return wrong papers) is refused, and the caller rebuilds what it held. FNV-1a, not a
 * cryptographic hash: this guards against accidents, not tampering, and it runs anywhere
 * (src/core stays free of node:crypto) at a few milliseconds per megabyte.
 */
import { yieldToEventLoop } from './slices';

const FORMAT = 'digest-notes/json-lines';
/** 2: with checksums. Files of version 1 are refused like any other foreign file. */
const VERSION = 2;

export interface JsonLinesOptions {
  /** Items per chunk line (default 2000). */
  readonly chunkItems?: number;
  /** The longest stretch between yields (default 10 ms). */
  readonly sliceMs?: number;
}

interface Header {
  readonly format: string;
  readonly version: number;
  /** The object's other (non-array) properties. */
  readonly fields: Record<string, unknown>;
  /** Array properties and how many chunk lines each takes, in order. */
  readonly arrays: Array<[name: string, chunks: number]>;
  /** FNV-1a of each chunk line, in order. */
  readonly checksums: number[];
  /** FNV-1a of `JSON.stringify([fields, arrays, checksums])`: the header checks itself too. */
  readonly headerChecksum: number;
}

/** The lines for `value` (join them with '\n' to write). */
export async function toJsonLines(value: Record<string, unknown>, options: JsonLinesOptions = {}): Promise<string[]> {
  const chunkItems = Math.max(1, options.chunkItems ?? 2000);
  const pause = pacer(options.sliceMs ?? 10);
  const fields: Record<string, unknown> = {};
  const arrays: Array<[string, number]> = [];
  const chunks: string[] = [];
  const checksums: number[] = [];
  for (const [name, item] of Object.entries(value)) {
    if (!Array.isArray(item)) {
      fields[name] = item;
      continue;
    }
    let count = 0;
    for (let at = 0; at < item.length || count === 0; at += chunkItems) {
      const chunk = JSON.stringify(item.slice(at, at + chunkItems));
      chunks.push(chunk);
      checksums.push(fnv1a(chunk));
      count += 1;
      await pause();
    }
    arrays.push([name, count]);
  }
  const headerChecksum = fnv1a(JSON.stringify([fields, arrays, checksums]));
  const header: Header = { format: FORMAT, version: VERSION, fields, arrays, checksums, headerChecksum };
  return [JSON.stringify(header), ...chunks];
}

/** The object back from `toJsonLines`' lines. Throws an Error on lines it did not write. */
export async function fromJsonLines(lines: readonly string[], options: JsonLinesOptions = {}): Promise<Record<string, unknown>> {
  const pause = pacer(options.sliceMs ?? 10);
  const header = parseLine(lines[0]) as Header | undefined;
  if (header?.format !== FORMAT || header.version !== VERSION || !Array.isArray(header.arrays) || typeof header.fields !== 'object') {
    throw new Error('not a Digest Notes JSON-lines file');
  }
  const { checksums } = header;
  if (!Array.isArray(checksums) || header.headerChecksum !== fnv1a(JSON.stringify([header.fields, header.arrays, checksums]))) {
    throw new Error('JSON-lines file damaged at line 1 (its checksum does not match)');
  }
  const value: Record<string, unknown> = { ...header.fields };
  let line = 1;
  for (const [name, count] of header.arrays) {
    const items: unknown[] = [];
    for (let i = 0; i < count; i++, line++) {
      const text = lines[line];
      const chunk = parseLine(text);
      if (!Array.isArray(chunk)) {
        throw new Error(`JSON-lines file damaged at line ${line + 1}`);
      }
      if (text === undefined || checksums[line - 1] !== fnv1a(text)) {
        throw new Error(`JSON-lines file damaged at line ${line + 1} (its checksum does not match)`);
      }
      for (const item of chunk) {
        items.push(item);
      }
      await pause();
    }
    value[name] = items;
  }
  return value;
}

/**
 * The lines as UTF-8 bytes joined by '\n', encoded a line at a time: joining and encoding a
 * cache of several megabytes in one go holds the event loop for tens of milliseconds.
 */
export async function encodeLines(lines: readonly string[], options: Pick<JsonLinesOptions, 'sliceMs'> = {}): Promise<Uint8Array> {
  const pause = pacer(options.sliceMs ?? 10);
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  // One newline byte between lines: `'\n' + line` would copy every line (megabytes) once more.
  let length = Math.max(0, lines.length - 1);
  for (const line of lines) {
    const part = encoder.encode(line);
    parts.push(part);
    length += part.length;
    await pause();
  }
  // The copy into one buffer is paced too: megabytes copied at once hold the loop as well.
  const bytes = new Uint8Array(length);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) bytes[at++] = 0x0a;
    bytes.set(parts[i], at);
    at += parts[i].length;
    parts[i] = EMPTY; // let the line's bytes go as soon as they are copied
    await pause();
  }
  return bytes;
}

const EMPTY = new Uint8Array(0);

/** `encodeLines` undone: UTF-8 bytes split at '\n' and decoded a line at a time. */
export async function decodeLines(bytes: Uint8Array, options: Pick<JsonLinesOptions, 'sliceMs'> = {}): Promise<string[]> {
  const pause = pacer(options.sliceMs ?? 10);
  const decoder = new TextDecoder();
  const lines: string[] = [];
  // A newline byte never occurs inside a multi-byte UTF-8 sequence, so splitting bytes is safe.
  for (let start = 0; start <= bytes.length;) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end < 0 ? bytes.length : end;
    lines.push(decoder.decode(bytes.subarray(start, stop)));
    start = stop + 1;
    await pause();
  }
  return lines;
}

function parseLine(line: string | undefined): unknown {
  if (line === undefined) {
    return undefined;
  }
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** 32-bit FNV-1a over the text's UTF-16 code units. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A function that yields once `sliceMs` have passed since the last yield. */
function pacer(sliceMs: number): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart > sliceMs) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  };
}
