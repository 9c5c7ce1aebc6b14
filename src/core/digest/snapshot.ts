/**
 * The digests parsed last session, saved so a window reload shows papers at once and re-reads
 * only the files that changed since: per file its URI, size and modification time (the stamp it
 * had when it was read) and what the parser made of it.
 *
 * On disk it is JSON lines (`../util/jsonLines.ts`), so it is written and read a few files at a
 * time between turns of the event loop, and every line carries a checksum: a damaged file, one of
 * another version or one written under other settings (another digest glob, another default year)
 * is refused whole and the workspace is read afresh. A file whose size or time differs from its
 * stamp is read again, never trusted.
 */
import type { DigestDay, DigestEntry, ParsedDigest, ParseDiagnostic } from '../model';
import { fromJsonLines, toJsonLines, type JsonLinesOptions } from '../util/jsonLines';

const FORMAT = 'digest-notes/digest-snapshot';
/** Bump on any change to what the parsers give: an older snapshot then reads as foreign. */
export const SNAPSHOT_VERSION = 1;
/**
 * Entries per line: a line stays about 100 KB (a `JSON.parse` and a checksum of a millisecond or
 * two), whatever the size of the files; a line per file would hold the host as long as its file.
 */
const ENTRIES_PER_LINE = 64;

/** What a file looked like when it was read: it is trusted again only if it still does. */
export interface FileStamp {
  readonly size: number;
  readonly mtime: number;
}

export interface SnapshotFile {
  readonly uri: string;
  readonly stamp: FileStamp;
  readonly digest: ParsedDigest;
}

/** A day without its entries (they are the digest's, by position): stored once, not twice. */
type SavedDay = Omit<DigestDay, 'entries'> & { readonly entryIndexes: number[] };
/** A digest without its entries, which are stored after every file's, in file order. */
interface SavedDigest {
  readonly path: string;
  readonly entryCount: number;
  readonly days: readonly SavedDay[];
  readonly diagnostics: readonly ParseDiagnostic[];
  readonly lineCount: number;
}
type SavedFile = [uri: string, size: number, mtime: number, digest: SavedDigest];

/** The snapshot's lines (join with '\n'). `settings`: what the parse depended on, compared on read. */
export async function writeSnapshot(files: Iterable<SnapshotFile>, settings: string, options: JsonLinesOptions = {}): Promise<string[]> {
  const saved: SavedFile[] = [];
  const entries: DigestEntry[] = [];
  for (const { uri, stamp, digest } of files) {
    saved.push([uri, stamp.size, stamp.mtime, toSaved(digest)]);
    for (const entry of digest.entries) entries.push(entry);
  }
  return toJsonLines(
    { format: FORMAT, version: SNAPSHOT_VERSION, settings, files: saved, entries },
    { chunkItems: ENTRIES_PER_LINE, ...options },
  );
}

/**
 * The files of a snapshot written by `writeSnapshot` under the same `settings`. Throws an Error
 * saying why when it cannot be used (damaged, foreign, older, other settings).
 */
export async function readSnapshot(lines: readonly string[], settings: string, options: JsonLinesOptions = {}): Promise<SnapshotFile[]> {
  const value = await fromJsonLines(lines, options);
  if (value.format !== FORMAT || value.version !== SNAPSHOT_VERSION) {
    throw new Error('not a digest snapshot of this version');
  }
  if (value.settings !== settings) {
    throw new Error('the digest settings changed since the snapshot was saved');
  }
  const { files, entries } = value;
  if (!Array.isArray(files) || !Array.isArray(entries)) {
    throw damaged();
  }
  let at = 0;
  const restored = files.map(file => {
    const count = (file as SavedFile)[3]?.entryCount;
    if (typeof count !== 'number' || at + count > entries.length) throw damaged();
    const own = entries.slice(at, at + count) as DigestEntry[];
    at += count;
    return fromSaved(file, own);
  });
  if (at !== entries.length) throw damaged();
  return restored;
}

function toSaved(digest: ParsedDigest): SavedDigest {
  const position = new Map<DigestEntry, number>();
  digest.entries.forEach((entry, at) => position.set(entry, at));
  const days = digest.days.map(({ entries, ...day }) => ({
    ...day,
    entryIndexes: entries.map(entry => {
      const at = position.get(entry);
      if (at === undefined) throw new Error(`a day of ${digest.path} holds an entry its digest does not`);
      return at;
    }),
  }));
  return { path: digest.path, entryCount: digest.entries.length, days, diagnostics: digest.diagnostics, lineCount: digest.lineCount };
}

function fromSaved(file: unknown, entries: readonly DigestEntry[]): SnapshotFile {
  if (!Array.isArray(file) || file.length !== 4) throw damaged();
  const [uri, size, mtime, saved] = file as SavedFile;
  if (typeof uri !== 'string' || typeof size !== 'number' || typeof mtime !== 'number' || !isSavedDigest(saved, entries)) throw damaged();
  const days = saved.days.map(({ entryIndexes, ...day }) => ({
    ...day,
    entries: entryIndexes.map(at => {
      const entry = entries[at];
      if (entry === undefined) throw damaged();
      return entry;
    }),
  }));
  const digest: ParsedDigest = { path: saved.path, days, entries, diagnostics: saved.diagnostics, lineCount: saved.lineCount };
  return { uri, stamp: { size, mtime }, digest };
}

/** The shape, lightly: the line checksums already guard against damage on disk. */
function isSavedDigest(value: unknown, entries: readonly DigestEntry[]): value is SavedDigest {
  const digest = value as SavedDigest | undefined;
  return (
    typeof digest === 'object' &&
    digest !== null &&
    typeof digest.path === 'string' &&
    typeof digest.lineCount === 'number' &&
    Array.isArray(digest.diagnostics) &&
    Array.isArray(digest.days) &&
    entries.every(entry => typeof entry?.title === 'string' && typeof entry.abstract === 'string') &&
    digest.days.every(day => Array.isArray(day?.entryIndexes))
  );
}

function damaged(): Error {
  return new Error('digest snapshot damaged');
}
