/**
 * Which files are read as digests or bibliographies, and how large they may be: the command line
 * and the extension's workspace scan apply the same rule and say the same words.
 *
 * Only regular files are read. A FIFO blocks a reader until something writes to it (the CLI hung
 * on one); `/dev/zero` and other devices never end (5.3 GB of memory in 40 s); a socket cannot be
 * read at all. A size cap per file bounds the rest: the seed digest is about 60 KB and 10,000
 * papers about 18 MB, so the default leaves room for several times the largest real digest while
 * keeping a stray multi-gigabyte file from taking the machine's memory.
 */

/** The default largest file read: 64 MiB. */
export const DEFAULT_MAX_DIGEST_BYTES = 64 * 2 ** 20;

/** What a path is, as far as reading it goes. */
export type FileKind = 'file' | 'directory' | 'fifo' | 'socket' | 'character-device' | 'block-device' | 'symbolic-link' | 'other';

/**
 * The shape of node's `fs.Stats` that `fileKindOf` needs; declared here so the core does not
 * import node.
 */
export interface StatsLike {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSymbolicLink(): boolean;
}

export function fileKindOf(stats: StatsLike): FileKind {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice()) return 'character-device';
  if (stats.isBlockDevice()) return 'block-device';
  if (stats.isSymbolicLink()) return 'symbolic-link';
  return 'other';
}

/** The kind in words, with its article: "a FIFO (named pipe)". */
export function describeFileKind(kind: FileKind): string {
  switch (kind) {
    case 'file':
      return 'a regular file';
    case 'directory':
      return 'a folder';
    case 'fifo':
      return 'a FIFO (named pipe)';
    case 'socket':
      return 'a socket';
    case 'character-device':
      return 'a character device';
    case 'block-device':
      return 'a block device';
    case 'symbolic-link':
      return 'a symbolic link';
    case 'other':
      return 'not a file or folder';
  }
}

/** The reason a path that is not a regular file is not read: "not a regular file: it is a FIFO (named pipe)". */
export function notRegularFileMessage(kind: FileKind): string {
  if (kind === 'directory') return 'is a folder, not a file';
  if (kind === 'other') return 'not a regular file';
  return `not a regular file: it is ${describeFileKind(kind)}`;
}

/**
 * The reason a file is not read for its size, naming the control that raises the cap (a flag such
 * as `--max-size`, or a setting): "is 80 MiB (83886080 bytes), more than the 64 MiB limit; raise it
 * with --max-size". `size` may be undefined when only "more than the limit" is known.
 */
export function tooLargeMessage(size: number | undefined, limit: number, control: string): string {
  const is = size === undefined ? 'is larger' : `is ${formatBytes(size)} (${size} bytes)`;
  return `${is}, more than the ${formatBytes(limit)} limit; raise it with ${control}`;
}

/** Whether a file of `size` bytes may be read under `limit`. */
export function isWithinLimit(size: number, limit: number = DEFAULT_MAX_DIGEST_BYTES): boolean {
  return size <= limit;
}

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 → "1.5 KiB", 67108864 → "64 MiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const shown = value >= 100 || Number.isInteger(value) ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${UNITS[unit]}`;
}

const SIZE = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)$/i;
const POWERS: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4 };

/**
 * A size as people write it: `1000`, `50M`, `2G`, `512k`, `1.5GiB`, `64MB`. Suffixes are binary
 * (M is 2^20), as `head -c` and most tools read them. Undefined for anything else, zero and
 * negatives included.
 */
export function parseByteSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (match === null) return undefined;
  const [, number, prefix, rest] = match;
  if (prefix === '' && rest !== '' && rest.toLowerCase() !== 'b') return undefined; // "5i"
  const bytes = Math.floor(Number(number) * 1024 ** POWERS[prefix.toLowerCase()]);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}
