/**
 * Full-text search over papers: the command-palette search, completion ranking, workspace symbols
 * and "related papers" all ask this index.
 *
 * One MiniSearch index with fields title (boosted), key and abstract. Titles and keys go in first
 * and are searchable at once; abstracts follow in time-boxed slices, so a large workspace is
 * searchable by title in a fraction of a second and the event loop is never held for long.
 * Function words are not indexed and plurals are folded (see tokenize.ts).
 */
import type { SearchOptions, SearchResult } from 'minisearch';
import type { Paper } from '../model';
import { termCounts, tokenize } from './tokenize';
import { readCache, readCacheInBackground, restoreCacheInBackground, writeCache, writeCacheInBackground } from './cache';
import { completeInSlices } from '../util/slices';
import { distinctiveTerms } from './distinctive';
import { IndexedPapers, uniqueByKey, type IndexablePaper, type IndexChanges } from './indexedPapers';
import { fuzzyDistance, limitQuery } from './queryLimits';

export type { IndexablePaper, IndexChanges } from './indexedPapers';
export { limitQuery, MAX_FUZZY_TERM_LENGTH, MAX_QUERY_LENGTH, type LimitedQuery } from './queryLimits';

export interface SearchHit<P extends IndexablePaper = Paper> {
  readonly key: string;
  readonly title: string;
  /** Higher is better; only comparable within one result list. */
  readonly score: number;
  readonly paper: P;
}

export interface BuildOptions<P extends IndexablePaper = Paper> {
  /** How long the index may hold the event loop at a time, GC pauses aside; default 10 ms. */
  readonly sliceMs?: number;
  /** How far indexing is, in papers out of all papers. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called once titles and keys are searchable, with the index still filling in abstracts. */
  readonly onTitlesReady?: (index: PaperIndex<P>) => void;
  readonly signal?: AbortSignal;
}

const DEFAULT_LIMIT = 50;
const MAX_QUERY_TERMS = 32;
const RELATED_TERMS = 16;

/**
 * Ranking for typed queries: title first, then key, then abstract. Typos are forgiven only in a
 * second pass, when the exact words find nothing: fuzzy matching walks much of the term tree and
 * is the costliest part of a query, and on correctly spelt queries it mostly adds noise.
 */
const BOOST = { title: 3, key: 2 };
const ALL_FIELDS = ['title', 'key', 'abstract'];
const HEAD_FIELDS = ['title', 'key'];
/** Typos forgiven per term; never for very long terms (their cost grows with length squared). */
const fuzziness = fuzzyDistance;

/**
 * A query word found in more abstracts than this is matched in titles and keys only. Scoring a
 * query costs time per posting, and such a word (`model`, `data` in a large library) would score
 * thousands of abstracts while saying almost nothing about any of them (its idf is near zero).
 * Only large libraries have such words, so small ones search abstracts for every word.
 */
const COMMON_WORD_ABSTRACTS = 2000;

export class PaperIndex<P extends IndexablePaper = Paper> {
  private constructor(private readonly indexed: IndexedPapers<P>) {}

  /** Indexes everything at once (blocks; for the CLI, tests and small sets). */
  static build<P extends IndexablePaper = Paper>(papers: readonly P[]): PaperIndex<P> {
    const indexed = new IndexedPapers<P>();
    indexed.addPapers(uniqueByKey(papers));
    return new PaperIndex(indexed);
  }

  /**
   * Indexes in slices of `sliceMs`, yielding to the event loop between them: titles and
   * keys first (then `onTitlesReady`), abstracts after. Rejects with the signal's reason if aborted.
   */
  static async buildInBackground<P extends IndexablePaper = Paper>(
    papers: readonly P[],
    options: BuildOptions<P> = {},
  ): Promise<PaperIndex<P>> {
    const index = new PaperIndex(new IndexedPapers<P>());
    await index.indexed.fillInBackground(uniqueByKey(papers), {
      sliceMs: options.sliceMs,
      signal: options.signal,
      onProgress: options.onProgress,
      onTitlesReady: () => options.onTitlesReady?.(index),
    });
    return index;
  }

  /**
   * The index saved by `toJSON`, brought up to date with `papers` (papers changed since are
   * re-indexed). Throws an Error when `json` is not a cache this version wrote: build afresh then.
   */
  static fromJSON<P extends IndexablePaper = Paper>(json: unknown, papers: readonly P[]): PaperIndex<P> {
    return new PaperIndex(readCache(json, papers));
  }

  /** As `fromJSON`, in slices of `sliceMs` (default 10 ms). */
  static async fromJSONInBackground<P extends IndexablePaper = Paper>(
    json: unknown,
    papers: readonly P[],
    options: { readonly sliceMs?: number; readonly signal?: AbortSignal } = {},
  ): Promise<PaperIndex<P>> {
    return new PaperIndex(await readCacheInBackground(json, papers, options));
  }

  /**
   * `fromJSONInBackground` in two parts: the saved index is loaded first (most of the work) while
   * the papers may still be being read; `reconcile` then brings it up to date with them.
   */
  static async restoreInBackground<P extends IndexablePaper = Paper>(
    json: unknown,
    options: { readonly sliceMs?: number; readonly signal?: AbortSignal } = {},
  ): Promise<{ reconcile(papers: readonly P[]): Promise<PaperIndex<P>> }> {
    const restored = await restoreCacheInBackground<P>(json, options);
    return { reconcile: async papers => new PaperIndex(await restored.reconcile(papers, options)) };
  }

  /** A plain object for `JSON.stringify`, to be read back by `fromJSON` after a reload. */
  toJSON(): unknown {
    return writeCache(this.indexed);
  }

  /**
   * As `toJSON`, in slices of `sliceMs` (default 10 ms). Rejects with an Error when the index is
   * updated before it is done: save again later.
   */
  toJSONInBackground(options: { readonly sliceMs?: number; readonly signal?: AbortSignal } = {}): Promise<unknown> {
    return writeCacheInBackground(this.indexed, options);
  }

  /** How many papers the index holds. */
  get size(): number {
    return this.indexed.entries.size;
  }

  /** False while abstracts are still being added in the background. */
  get isComplete(): boolean {
    return this.indexed.isComplete;
  }

  /**
   * Brings the index in line with the full, current list of papers: new keys are added, vanished
   * keys removed, and papers whose title or abstract changed re-indexed; the rest keep their
   * index entries (only their `Paper` objects are swapped for the new ones). Safe to call while
   * `buildInBackground` is still adding abstracts.
   */
  update(papers: readonly P[]): IndexChanges {
    return this.indexed.update(papers);
  }

  /**
   * As `update`, in slices of `sliceMs` (default 10 ms): for many changed papers at once. Searches
   * in between see the change half done; run one update at a time.
   */
  updateInBackground(
    papers: readonly P[],
    options: { readonly sliceMs?: number; readonly signal?: AbortSignal } = {},
  ): Promise<IndexChanges> {
    return completeInSlices(this.indexed.updateSteps(papers), options);
  }

  /**
   * Drops what removed and re-indexed papers left in the index (MiniSearch's `vacuum`, in its own
   * small batches), so scores are again those of a fresh build.
   */
  async vacuum(): Promise<void> {
    await this.indexed.terms.vacuum();
  }

  /**
   * Papers matching every word of the query (the last one as a prefix); failing that, the same
   * with small typos forgiven; failing that, papers matching any word. Best first, title matches
   * above abstract matches. Only the first MAX_QUERY_LENGTH characters are searched: callers that
   * want to say so call `limitQuery` themselves.
   */
  search(query: string, options: { readonly limit?: number } = {}): SearchHit<P>[] {
    const limit = options.limit ?? DEFAULT_LIMIT;
    const terms = tokenize(limitQuery(query).query).slice(0, MAX_QUERY_TERMS);
    if (terms.length === 0 || limit <= 0) return [];
    // The last word is the one being typed: it completes as a prefix.
    const typing = terms[terms.length - 1];
    const index = this.indexed.terms;
    const common = terms.filter(term => index.postingCount(term, 'abstract', term === typing) > COMMON_WORD_ABSTRACTS);
    if (common.length === 0) return this.toHits(this.match(terms, typing, ALL_FIELDS), limit);
    const byHead = this.match(common, typing, HEAD_FIELDS);
    const rare = terms.filter(term => !common.includes(term));
    const byAll = rare.length > 0 ? this.match(rare, typing, ALL_FIELDS) : [];
    return this.toHits(byAll.length > 0 ? addScores(byAll, byHead) : byHead, limit);
  }

  /** Papers closest to the given one by title and abstract, not counting itself. */
  related(key: string, limit = 10): SearchHit<P>[] {
    const entry = this.indexed.entries.get(key);
    if (!entry) return [];
    const { title, abstract } = entry.paper;
    // The title says most about what a paper is; count its words twice.
    return this.searchByTerms(termCounts(`${title} ${title} ${abstract}`), limit, key);
  }

  /** Papers closest to a passage of text, such as the paragraph being written. */
  relatedToText(text: string, limit = 10): SearchHit<P>[] {
    return this.searchByTerms(termCounts(text), limit);
  }

  /** All the words; failing that, with typos forgiven; failing that, any of the words. */
  private match(terms: readonly string[], typing: string, fields: string[]): SearchResult[] {
    const text = terms.join(' ');
    const exact: SearchOptions = { fields, boost: BOOST, prefix: term => term === typing, combineWith: 'AND' };
    const fuzzy: SearchOptions = { ...exact, fuzzy: fuzziness };
    const index = this.indexed.terms;
    let results = index.search(text, exact);
    if (results.length === 0) results = index.search(text, fuzzy);
    if (results.length === 0 && terms.length > 1) results = index.search(text, { ...fuzzy, combineWith: 'OR' });
    return results;
  }

  private searchByTerms(counts: ReadonlyMap<string, number>, limit: number, exclude?: string): SearchHit<P>[] {
    const index = this.indexed.terms;
    const frequency = (term: string) => Math.max(index.postingCount(term, 'title', false), index.postingCount(term, 'abstract', false));
    // A term only the excluded paper has cannot lead to another one.
    const minDocuments = exclude === undefined ? 1 : 2;
    const chosen = distinctiveTerms(counts, frequency, index.documentCount, { limit: RELATED_TERMS, minDocuments });
    if (chosen.length === 0 || limit <= 0) return [];
    // BM25 already weighs rarity; the boost adds how much the text itself dwells on a term.
    const boosts = new Map(chosen.map(({ term }) => [term, 1 + Math.log(counts.get(term) ?? 1)]));
    const results = index.search(chosen.map(({ term }) => term).join(' '), {
      combineWith: 'OR',
      fields: ['title', 'abstract'],
      boost: { title: 2 },
      boostTerm: term => boosts.get(term) ?? 1,
      filter: exclude === undefined ? undefined : result => result.id !== exclude,
    });
    return this.toHits(results, limit);
  }

  private toHits(results: readonly SearchResult[], limit: number): SearchHit<P>[] {
    const hits: SearchHit<P>[] = [];
    for (const result of results) {
      const entry = this.indexed.entries.get(result.id as string);
      if (!entry) continue;
      hits.push({ key: entry.paper.key, title: entry.paper.title, score: result.score, paper: entry.paper });
      if (hits.length >= limit) break;
    }
    return hits;
  }
}

/** `results` with the scores `extra` gives the same papers added, best first. */
function addScores(results: SearchResult[], extra: readonly SearchResult[]): SearchResult[] {
  const bonus = new Map(extra.map(result => [result.id, result.score]));
  for (const result of results) result.score += bonus.get(result.id) ?? 0;
  return results.sort((a, b) => b.score - a.score);
}
