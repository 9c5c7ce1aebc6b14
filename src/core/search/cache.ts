/**
 * The search index saved between sessions, in a compact form of our own: per paper its key, a
 * fingerprint of what was indexed (so papers changed since are re-indexed on load) and its field
 * lengths; per term and field the papers holding it. MiniSearch's own `toJSON` writes every
 * posting as an object property and took seconds for a thousand papers; this takes milliseconds,
 * and loading it skips tokenising (about half the cost of a fresh build).
 */
import { fingerprint } from './fingerprint';
import { IndexedPapers, uniqueByKey, type IndexablePaper } from './indexedPapers';
import { completeInSlices, completeNow, type SliceOptions } from '../util/slices';

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

export function writeCache(indexed: IndexedPapers<IndexablePaper>): unknown {
  return completeNow(save(indexed));
}

/**
 * As `writeCache`, in time-boxed slices. Rejects with an Error when the index changes before it
 * is done (an update ran in between): the caller saves again later.
 */
export function writeCacheInBackground(indexed: IndexedPapers<IndexablePaper>, options: SliceOptions = {}): Promise<unknown> {
  return completeInSlices(save(indexed), options);
}

/** The cache object, a step per paper and per posting list. */
function* save(indexed: IndexedPapers<IndexablePaper>): Generator<void, unknown> {
  const revision = indexed.revision;
  const unchanged = () => {
    if (indexed.revision !== revision) throw new Error('search index changed while it was being saved');
  };
  const position = new Map<number, number>();
  const papers: CachedPaper[] = [];
  for (const [key, entry] of indexed.entries) {
    position.set(entry.shortId, papers.length);
    const lengths = indexed.terms.fieldLengths(entry.shortId);
    const print = fingerprint(entry.paper.title, entry.paper.abstract);
    papers.push([key, print, entry.abstractIndexed ? 1 : 0, lengths.title ?? 0, lengths.key ?? 0, lengths.abstract ?? -1]);
    yield;
    unchanged();
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
    yield;
    unchanged();
  }
  return { format: CACHE_FORMAT, version: CACHE_VERSION, papers, postings };
}

/** The saved index brought up to date with `papers`. Throws an Error on anything but a cache. */
export function readCache<P extends IndexablePaper>(json: unknown, papers: readonly P[]): IndexedPapers<P> {
  const indexed = new IndexedPapers<P>();
  const cache = validate(json);
  completeNow(loadSaved(cache, indexed));
  completeNow(reconcile(cache, papers, indexed));
  return indexed;
}

/** As `readCache`, in time-boxed slices. */
export async function readCacheInBackground<P extends IndexablePaper>(
  json: unknown,
  papers: readonly P[],
  options: SliceOptions,
): Promise<IndexedPapers<P>> {
  return (await restoreCacheInBackground<P>(json, options)).reconcile(papers, options);
}

/** A saved index loaded before the current papers are known; `reconcile` brings it up to date. */
export interface RestoredCache<P extends IndexablePaper> {
  reconcile(papers: readonly P[], options: SliceOptions): Promise<IndexedPapers<P>>;
}

/**
 * The first and larger part of `readCacheInBackground`, which needs no papers: so the index can be
 * restored while the papers are still being read and parsed. Rejects on anything but a cache.
 */
export async function restoreCacheInBackground<P extends IndexablePaper>(json: unknown, options: SliceOptions): Promise<RestoredCache<P>> {
  const cache = validate(json);
  const indexed = new IndexedPapers<P>();
  await completeInSlices(loadSaved(cache, indexed), options);
  return {
    reconcile: async (papers, sliceOptions) => {
      await completeInSlices(reconcile(cache, papers, indexed), sliceOptions);
      return indexed;
    },
  };
}

/** Restores the saved postings and field lengths, a step per paper and per posting list. */
function* loadSaved(cache: Cache, indexed: IndexedPapers<IndexablePaper>): Generator<void> {
  const { terms } = indexed;
  const count = cache.papers.length;
  for (const cached of cache.papers) {
    if (!isCachedPaper(cached)) throw damaged();
    const [key, , , title, keyLength, abstract] = cached;
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
}

/** Keeps what still matches the papers; re-indexes what changed, and what is new. A step per paper. */
function* reconcile<P extends IndexablePaper>(cache: Cache, papers: readonly P[], indexed: IndexedPapers<P>): Generator<void> {
  const { terms } = indexed;
  const current = new Map(uniqueByKey(papers).map(paper => [paper.key, paper]));
  yield;
  for (let shortId = 0; shortId < cache.papers.length; shortId++) {
    const [key, savedPrint, abstractIndexed] = cache.papers[shortId];
    const paper = current.get(key);
    if (paper !== undefined && fingerprint(paper.title, paper.abstract) === savedPrint) {
      indexed.adopt(paper, shortId, abstractIndexed === 1);
    } else {
      terms.discard(key);
    }
    yield;
  }
  yield* indexed.completeAbstracts();
  yield* indexed.addSteps([...current.values()].filter(paper => !indexed.entries.has(paper.key)));
  terms.refreshAverages();
}

function validate(json: unknown): Cache {
  const cache = json as { format?: unknown; version?: unknown; papers?: unknown; postings?: unknown } | null;
  if (typeof cache !== 'object' || cache === null || cache.format !== CACHE_FORMAT) {
    throw new Error('not a Digest Notes search cache');
  }
  if (cache.version !== CACHE_VERSION) throw new Error(`search cache version ${String(cache.version)} is not ${CACHE_VERSION}`);
  const { papers, postings } = cache;
  // Each paper is checked as it is loaded: checking all here would hold the event loop.
  if (!Array.isArray(papers) || !Array.isArray(postings)) throw damaged();
  return { papers: papers as CachedPaper[], postings: postings as CachedPostings[] };
}

function isCachedPaper(value: unknown): value is CachedPaper {
  if (!Array.isArray(value) || value.length !== 6 || typeof value[0] !== 'string') return false;
  return value.slice(1).every(n => Number.isInteger(n)) && (value[2] === 0 || value[2] === 1);
}

function damaged(): Error {
  return new Error('search cache is damaged');
}
