/**
 * The search index saved between sessions: MiniSearch's own serialisation plus, per paper, a
 * fingerprint of what was indexed, so papers changed since are re-indexed on load.
 */
import type { AsPlainObject } from 'minisearch';
import type { Paper } from '../model';
import { fingerprint } from './fingerprint';
import { INDEX_OPTIONS, IndexedPapers, uniqueByKey } from './indexedPapers';
import { PostingsBatch, TermIndex } from './termIndex';

const CACHE_FORMAT = 'digest-notes/paper-index';
const CACHE_VERSION = 1;

type CachedPaper = [key: string, fingerprint: number, abstractIndexed: 0 | 1];

export function writeCache(indexed: IndexedPapers): unknown {
  const papers: CachedPaper[] = [];
  for (const [key, entry] of indexed.entries) {
    papers.push([key, fingerprint(entry.paper.title, entry.paper.abstract), entry.abstractIndexed ? 1 : 0]);
  }
  return { format: CACHE_FORMAT, version: CACHE_VERSION, papers, index: indexed.terms.toJSON() };
}

/** The saved index brought up to date with `papers`. Throws an Error on anything but a cache. */
export function readCache(json: unknown, papers: readonly Paper[]): IndexedPapers {
  const cache = validate(json);
  let terms: TermIndex<Paper>;
  try {
    terms = TermIndex.restore(cache.index, INDEX_OPTIONS);
  } catch {
    throw new Error('search cache is damaged');
  }
  const indexed = new IndexedPapers(terms);
  const current = new Map(uniqueByKey(papers).map(paper => [paper.key, paper]));
  for (const [key, savedPrint, abstractIndexed] of cache.papers) {
    const shortId = terms.shortIdOf(key);
    if (shortId === undefined) throw new Error('search cache is damaged');
    const paper = current.get(key);
    if (paper !== undefined && fingerprint(paper.title, paper.abstract) === savedPrint) {
      indexed.adopt(paper, shortId, abstractIndexed === 1);
    } else {
      terms.discard(key);
    }
  }
  // Abstracts a background build had not reached when the cache was written, then new papers.
  const missing: Paper[] = [];
  const abstracts = new PostingsBatch('abstract');
  for (const paper of current.values()) {
    const entry = indexed.entries.get(paper.key);
    if (entry === undefined) missing.push(paper);
    else if (!entry.abstractIndexed) indexed.collectAbstract(entry, abstracts);
  }
  terms.flush(abstracts);
  for (const entry of indexed.entries.values()) entry.abstractIndexed = true;
  indexed.addPapers(missing);
  terms.refreshAverages();
  return indexed;
}

function validate(json: unknown): { papers: CachedPaper[]; index: AsPlainObject } {
  const cache = json as { format?: unknown; version?: unknown; papers?: unknown; index?: unknown } | null;
  if (typeof cache !== 'object' || cache === null || cache.format !== CACHE_FORMAT) {
    throw new Error('not a Digest Notes search cache');
  }
  if (cache.version !== CACHE_VERSION) throw new Error(`search cache version ${String(cache.version)} is not ${CACHE_VERSION}`);
  const wellFormed =
    Array.isArray(cache.papers) &&
    cache.papers.every(p => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'number' && (p[2] === 0 || p[2] === 1)) &&
    typeof cache.index === 'object' &&
    cache.index !== null;
  if (!wellFormed) throw new Error('search cache is damaged');
  return { papers: cache.papers as CachedPaper[], index: cache.index as AsPlainObject };
}
