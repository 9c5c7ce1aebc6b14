/**
 * The messages between the extension host and the search-index worker (worker.ts), typed on both
 * sides. The worker holds only what the index reads of each paper; hits come back as keys and
 * scores, and the client (client.ts) maps them to the host's own `Paper` objects.
 */
import type { RankDocument, RankedPaper } from '../core/rank';
import type { IndexablePaper, IndexChanges } from '../core/search';

/** A hit as the worker sends it: the client looks the paper up by key. */
export interface WorkerHit {
  readonly key: string;
  readonly score: number;
}

/** How the index was opened: restored from the saved one, or built because it could not be. */
export interface LoadReport {
  readonly used: boolean;
  /** From the worker's start to a searchable index (a restore overlaps the host reading papers). */
  readonly ms: number;
  readonly reason?: string;
}

/** Each request the host can make, with what it sends and what comes back. */
export interface Requests {
  search: { args: { query: string; limit: number }; result: WorkerHit[] };
  related: { args: { key: string; limit: number }; result: WorkerHit[] };
  relatedToText: { args: { text: string; limit: number }; result: WorkerHit[] };
  /** Papers gone (`removed` keys) and papers new or changed (`upserts`) since the last call. */
  update: { args: { removed: string[]; upserts: IndexablePaper[] }; result: IndexChanges };
  /** Saves the index now (also done on its own a few seconds after it settles). */
  save: { args: Record<string, never>; result: { bytes: number } };
  /**
   * Part of a new corpus for ranking, in chunks like the papers at the start (10k documents in one
   * message held the host's thread while it was copied); the last chunk builds the features.
   */
  rankCorpus: { args: { version: number; documents: RankDocument[]; last: boolean }; result: null };
  /** "For you" (or, with `text`, "Relevant to this draft"): the candidates ranked, with why. */
  rank: { args: RankArgs; result: RankedPaper[] };
}

/**
 * A ranking request over the corpus last sent whole (`rankCorpus`; the client counts versions and
 * sends a corpus only when it changed); keys are the library's. Starred, cited and noted papers
 * are `liked`, dismissed ones `dismissed`.
 */
export interface RankArgs {
  readonly corpusVersion: number;
  readonly liked: string[];
  readonly dismissed: string[];
  readonly candidates: string[];
  /** Rank by similarity to this text (a draft) instead of by taste. */
  readonly text?: string;
  readonly limit: number;
}

export type Method = keyof Requests;

export type Request = {
  [M in Method]: { readonly type: 'request'; readonly id: number; readonly method: M; readonly args: Requests[M]['args'] };
}[Method];

export type ToWorker =
  /** First: where the index is saved; the worker starts loading it before the papers come. */
  | { readonly type: 'open'; readonly cacheFile?: string; readonly saveDelayMs: number }
  /** Part of the papers to start with; sent in chunks so no single message is large. */
  | { readonly type: 'papers'; readonly papers: IndexablePaper[] }
  /** All papers sent: bring the saved index up to date with them if it was usable, else build. */
  | { readonly type: 'start' }
  | Request;

export type FromWorker =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  /** Titles and keys are searchable (abstracts may still be coming). */
  | { readonly type: 'titlesReady'; readonly size: number; readonly load: LoadReport }
  /** Every abstract is indexed. */
  | { readonly type: 'complete'; readonly size: number }
  | { readonly type: 'saved'; readonly bytes: number }
  | { readonly type: 'reply'; readonly id: number; readonly result: unknown }
  | { readonly type: 'reply'; readonly id: number; readonly error: string }
  /** Something failed outside any request (building, saving): the host reports it. */
  | { readonly type: 'failed'; readonly message: string };
