/**
 * The search index saved between sessions, in a compact form of our own: per paper its key, a
 * fingerprint of what was indexed (so papers changed since are re-indexed on load) and its field
 * lengths; per term and field the papers holding it. MiniSearch's own `toJSON` writes every
 * posting as an object property and took seconds for a thousand papers; this takes milliseconds,
 * and loading it skips tokenising (about half the cost of a fresh build).
 */
import type { Paper } from '../model';
import { fingerprint } from './fingerprint';
import { IndexedPapers, uniqueByKey } from './indexedPapers';
import { runInSlices, type SliceOptions } from './slices';

const CACHE_FORMAT = 'digest-notes/paper-index';
const CACHE_VERSION = 1;
const FIELDS = ['title', 'key', 'abstract'];

/** key, fingerprint, abstract indexed (1) or not (0), title, key and abstract lengths (-1: none). */
type CachedPaper = [string, number, 0 | 1, number, number, number];
/** term, field (index into FIELDS), paper positions (repeated per occurrence). */
type CachedPostings = [string, number, number[]];

interface Cache {
  readonly papers: CachedPaper[];
  readonly postings: CachedPostings[];
}

export function writeCache(indexed: IndexedPapers): unknown {
  const position = new Map<number, number>();
  const papers: CachedPaper[] = [];
  for (const [key, entry] of indexed.entries) {
    position.set(entry.shortId, papers.length);
    const lengths = indexed.terms.fieldLengths(entry.shortId);
    const print = fingerprint(entry.paper.title, entry.paper.abstract);
    papers.push([key, print, entry.abstractIndexed ? 1 : 0, lengths.title ?? 0, lengths.key ?? 0, lengths.abstract ?? -1]);
  }
  const postings: CachedPostings[] = [];
  for (const [term, field, ids] of indexed.terms.postingLists()) {
    // Papers removed since they were indexed linger in the postings until MiniSearch vacuums.
    const kept: number[] = [];
    for (const id of ids) {
      const at = position.get(id);
      if (at !== undefined) kept.push(at);
    }
    if (kept.length > 0) postings.push([term, FIELDS.indexOf(field), kept]);
  }
  return { format: CACHE_FORMAT, version: CACHE_VERSION, papers, postings };
}

/** The saved index brought up to date with `papers`. Throws an Error on anything but a cache. */
export function readCache(json: unknown, papers: readonly Paper[]): IndexedPapers {
  const indexed = new IndexedPapers();
  for (const step of load(validate(json), papers, indexed)) void step;
  return indexed;
}

/** As `readCache`, in time-boxed slices. */
export async function readCacheInBackground(json: unknown, papers: readonly Paper[], options: SliceOptions): Promise<IndexedPapers> {
  const indexed = new IndexedPapers();
  await runInSlices(load(validate(json), papers, indexed), () => undefined, options);
  return indexed;
}

/** Restores the index one step at a time (a step per paper, per posting list). */
function* load(cache: Cache, papers: readonly Paper[], indexed: IndexedPapers): Generator<void> {
  const { terms } = indexed;
  const count = cache.papers.length;
  for (const [key, , , title, keyLength, abstract] of cache.papers) {
    if (terms.shortIdOf(key) !== undefined) throw damaged();
    // A fresh index numbers documents 0, 1, 2...: the short id is the cached position.
    const shortId = terms.registerDocument(key);
    terms.setFieldLength(shortId, 'title', title);
    terms.setFieldLength(shortId, 'key', keyLength);
    if (abstract >= 0) terms.setFieldLength(shortId, 'abstract', abstract);
    yield;
  }
  for (const [term, field, ids] of cache.postings) {
    const name = FIELDS[field];
    if (typeof term !== 'string' || name === undefined || !Array.isArray(ids)) throw damaged();
    if (!ids.every(id => Number.isInteger(id) && id >= 0 && id < count)) throw damaged();
    terms.flushTerm(name, term, ids);
    yield;
  }
  // Keep what still matches the papers; re-index what changed, and what is new.
  const current = new Map(uniqueByKey(papers).map(paper => [paper.key, paper]));
  cache.papers.forEach(([key, savedPrint, abstractIndexed], shortId) => {
    const paper = current.get(key);
    if (paper !== undefined && fingerprint(paper.title, paper.abstract) === savedPrint) {
      indexed.adopt(paper, shortId, abstractIndexed === 1);
    } else {
      terms.discard(key);
    }
  });
  yield;
  indexed.completeAbstracts();
  indexed.addPapers([...current.values()].filter(paper => !indexed.entries.has(paper.key)));
  terms.refreshAverages();
}

function validate(json: unknown): Cache {
  const cache = json as { format?: unknown; version?: unknown; papers?: unknown; postings?: unknown } | null;
  if (typeof cache !== 'object' || cache === null || cache.format !== CACHE_FORMAT) {
    throw new Error('not a Digest Notes search cache');
  }
  if (cache.version !== CACHE_VERSION) throw new Error(`search cache version ${String(cache.version)} is not ${CACHE_VERSION}`);
  const { papers, postings } = cache;
  if (!Array.isArray(papers) || !Array.isArray(postings) || !papers.every(isCachedPaper)) throw damaged();
  return { papers: papers as CachedPaper[], postings: postings as CachedPostings[] };
}

function isCachedPaper(value: unknown): boolean {
  if (!Array.isArray(value) || value.length !== 6 || typeof value[0] !== 'string') return false;
  return value.slice(1).every(n => Number.isInteger(n)) && (value[2] === 0 || value[2] === 1);
}

function damaged(): Error {
  return new Error('search cache is damaged');
}
