/**
 * Finding and reading the digests named on the command line: the text page, Hugging Face
 * daily-papers JSON, arXiv listing e-mails and arXiv RSS (`parseAnyDigest`). A file that cannot be
 * read or holds no papers becomes one failure message; the others are still parsed.
 */
import { detectSourceKind, parseAnyDigest } from '../core/digest/sources';
import type { ParsedDigest } from '../core/model';
import { decodeText } from '../core/util/text';
import { errorCode } from './fileErrors';
import { describeFileError, FileRefusal, type CliFileStore } from './nodeFileStore';

export interface Failure {
  readonly path: string;
  readonly reason: string;
}

export interface LoadedDigests {
  readonly digests: ParsedDigest[];
  readonly failures: Failure[];
}

interface Candidate {
  readonly path: string;
  /** Named on the command line or by a digest file name: it must hold papers. */
  readonly required: boolean;
  /** The folder named on the command line that it was found in. */
  readonly folder?: string;
}

const DIGEST_NAME = /\.digest(\.txt)?$/i;
/**
 * Files in a folder that may be digests, read only when their content is one (`detectSourceKind`):
 * e-mails and the text page as `.txt`, the sources as `.json`, `.xml`, `.rss` and `.eml`. Content
 * decides, so a `package.json` or another site's feed beside the digests is passed over.
 */
const MAYBE_DIGEST_NAME = /\.(txt|json|xml|rss|eml)$/i;
/**
 * A file named on the command line whose content is no digest, by the rule the editor uses for
 * `.txt` files (`detectSourceKind`): a shopping list is not read as two papers.
 */
const NOT_A_DIGEST =
  'not a digest (no Daily Papers page, Hugging Face JSON, arXiv e-mail or arXiv RSS; named *.digest it is read as a page)';
/** Files read at the same time. */
const CONCURRENCY = 16;

export interface LoadOptions {
  /** The year of day lines that give none. */
  readonly defaultYear?: number;
  /** The largest file read, in bytes. */
  readonly maxBytes?: number;
}

/**
 * Reads every digest among `paths`: files as named, folders searched recursively for `*.digest`,
 * `*.digest.txt`, and `.txt`, `.json`, `.xml`, `.rss` and `.eml` files whose content is a digest
 * (dot-folders and node_modules skipped).
 * Only regular files are read, each up to `maxBytes`.
 */
export async function loadDigests(store: CliFileStore, paths: readonly string[], options: LoadOptions = {}): Promise<LoadedDigests> {
  const failures: Failure[] = [];
  const candidates: Candidate[] = [];
  const folders: string[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    const found = await discover(store, path, failures);
    if (found === undefined) continue;
    if (found.folder) folders.push(path);
    for (const candidate of found.candidates) {
      if (seen.has(candidate.path)) continue;
      seen.add(candidate.path);
      candidates.push(candidate);
    }
  }
  const results = await mapLimited(candidates, CONCURRENCY, candidate => readDigest(store, candidate, options));
  const digests: ParsedDigest[] = [];
  const foldersWithDigests = new Set<string>();
  results.forEach((result, i) => {
    if (result === undefined) return;
    if ('reason' in result) failures.push(result);
    else digests.push(result);
    const folder = candidates[i].folder;
    if (folder !== undefined) foldersWithDigests.add(folder);
  });
  for (const folder of folders) {
    if (!foldersWithDigests.has(folder)) failures.push({ path: folder, reason: 'no digest files in this folder' });
  }
  return { digests, failures };
}

/** The files to read for a path named on the command line; undefined (reported) when it is missing. */
async function discover(
  store: CliFileStore,
  path: string,
  failures: Failure[],
): Promise<{ candidates: Candidate[]; folder: boolean } | undefined> {
  let info;
  try {
    info = await store.stat(path);
  } catch (error) {
    failures.push({ path, reason: describeFileError(error) });
    return undefined;
  }
  if (info === undefined) {
    failures.push({ path, reason: 'no such file or folder' });
    return undefined;
  }
  if (info.kind === 'file') return { candidates: [{ path, required: true }], folder: false };
  const candidates: Candidate[] = [];
  await walk(store, path, path, candidates, failures);
  return { candidates, folder: true };
}

async function walk(store: CliFileStore, root: string, folder: string, found: Candidate[], failures: Failure[]): Promise<void> {
  let entries;
  try {
    entries = await store.readDirectory(folder);
  } catch (error) {
    failures.push({ path: folder, reason: describeFileError(error) });
    return;
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, kind] of entries) {
    const path = store.join(folder, name);
    if (kind === 'directory') {
      if (!name.startsWith('.') && name !== 'node_modules') await walk(store, root, path, found, failures);
    } else if (DIGEST_NAME.test(name)) {
      found.push({ path, required: true, folder: root });
    } else if (MAYBE_DIGEST_NAME.test(name)) {
      found.push({ path, required: false, folder: root });
    }
  }
}

/**
 * The parsed digest, a failure, or undefined for a file found in a folder that is not a digest. One
 * found in a folder that is not a regular file (a FIFO, a device, a dangling or looping link) is
 * passed over: nothing says it is a digest, and it cannot be looked into. Named files and
 * digest names are always reported.
 */
async function readDigest(store: CliFileStore, candidate: Candidate, options: LoadOptions): Promise<ParsedDigest | Failure | undefined> {
  const { path, required } = candidate;
  const { defaultYear, maxBytes } = options;
  let bytes: Uint8Array;
  try {
    bytes = await store.readFile(path, { maxBytes });
  } catch (error) {
    if (!required && isNotARegularFile(error)) return undefined;
    return { path, reason: describeFileError(error) };
  }
  const text = decodeText(bytes);
  if (text === null) return required ? { path, reason: 'not a text file' } : undefined;
  const kind = detectSourceKind(text, path);
  if (kind === undefined) return required ? { path, reason: NOT_A_DIGEST } : undefined;
  const parsed = parseAnyDigest(text, path, {
    ...(defaultYear === undefined ? {} : { defaultYear }),
    ...(kind === undefined ? {} : { kind }),
  });
  if (parsed.entries.length === 0) return { path, reason: 'no papers found' };
  return parsed;
}

function isNotARegularFile(error: unknown): boolean {
  if (error instanceof FileRefusal) return error.reason === 'not-regular';
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ELOOP';
}

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
