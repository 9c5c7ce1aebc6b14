/**
 * What the search index holds and how papers go in and out of it: the MiniSearch index (titles,
 * keys, abstracts) and, per key, the paper it was built from. Queries live in ../search.ts.
 */
import type { Options } from 'minisearch';
import type { Paper } from '../model';
import { distinctTerms, tokenize } from './tokenize';
import { completeNow, runInSlices, type SliceOptions } from '../util/slices';
import { PostingsBatch, TermIndex } from './termIndex';

/** What the index reads of a paper: the worker holds only this much of each (see src/indexWorker). */
export type IndexablePaper = Pick<Paper, 'key' | 'title' | 'abstract'>;

/**
 * What the index reads of a paper: its key, title, and the abstract followed by the authors'
 * names, so "dunefsky transcoders" finds the transcoder paper. Authors ride in the abstract's
 * field (not a field of their own) so the saved index's format and its fingerprints stay as they
 * are: a paper whose authors become known is re-indexed like one whose abstract changed.
 */
export function indexableText(paper: Pick<Paper, 'key' | 'title' | 'abstract' | 'metadata'>): IndexablePaper {
  const authors = (paper.metadata?.authors ?? []).map(author => author.literal).join(', ');
  return { key: paper.key, title: paper.title, abstract: authors ? `${paper.abstract}\n${authors}` : paper.abstract };
}

export const INDEX_OPTIONS: Options<IndexablePaper> = {
  idField: 'key',
  fields: ['title', 'key', 'abstract'],
  // Abstracts by distinct terms: a word's count inside one abstract says little about relevance,
  // and every repeat costs index time. These options only matter to MiniSearch's own `add`/`remove`
  // (unused here) and to queries: documents go in through `collect`.
  tokenize: (text, field) => (field === 'abstract' ? distinctTerms(text) : tokenize(text)),
  processTerm: term => term,
  searchOptions: { tokenize, processTerm: term => term },
};

export interface Entry<P extends IndexablePaper = Paper> {
  paper: P;
  readonly shortId: number;
  abstractIndexed: boolean;
}

/** What `update` changed. */
export interface IndexChanges {
  readonly added: number;
  readonly removed: number;
  /** Re-indexed because title or abstract changed. */
  readonly changed: number;
}

export interface FillOptions extends SliceOptions {
  readonly onTitlesReady?: () => void;
  readonly onProgress?: (done: number, total: number) => void;
}

interface HeadBatches {
  readonly title: PostingsBatch;
  readonly key: PostingsBatch;
}

export class IndexedPapers<P extends IndexablePaper = Paper> {
  readonly entries = new Map<string, Entry<P>>();
  /** Counts changes to the index, so a save in slices can tell it was changed under it. */
  revision = 0;

  constructor(readonly terms: TermIndex<IndexablePaper> = new TermIndex(INDEX_OPTIONS)) {}

  get isComplete(): boolean {
    for (const entry of this.entries.values()) if (!entry.abstractIndexed) return false;
    return true;
  }

  /** Indexes papers whole, at once. */
  addPapers(papers: readonly P[]): void {
    completeNow(this.addSteps(papers));
  }

  /** `addPapers` a step at a time (a step per paper, per term). */
  *addSteps(papers: readonly P[]): Generator<void> {
    if (papers.length === 0) return;
    const head = headBatches();
    const abstracts = new PostingsBatch('abstract');
    const entries: Entry<P>[] = [];
    for (const paper of papers) {
      const entry = this.register(paper);
      entries.push(entry);
      this.collectHead(entry, head);
      this.collectAbstract(entry, abstracts);
      yield;
    }
    for (const batch of [head.title, head.key, abstracts]) yield* this.flushSteps(batch);
    for (const entry of entries) if (this.entries.get(entry.paper.key) === entry) entry.abstractIndexed = true;
    this.terms.refreshAverages();
  }

  /**
   * Indexes papers in time-boxed slices: titles and keys first (then `onTitlesReady`), abstracts
   * after. Progress counts papers; collecting abstracts is the first half of the work, moving them
   * into the index the second.
   */
  async fillInBackground(papers: readonly P[], options: FillOptions): Promise<void> {
    const total = papers.length;
    const slices: SliceOptions = { sliceMs: options.sliceMs, signal: options.signal };
    options.onProgress?.(0, total);
    const head = headBatches();
    const registered: Entry<P>[] = [];
    const registerHead = (paper: P) => {
      const entry = this.register(paper);
      registered.push(entry);
      this.collectHead(entry, head);
    };
    await runInSlices(papers, registerHead, slices);
    await this.flushInSlices([head.title, head.key], slices);
    this.terms.refreshAverages();
    options.onTitlesReady?.();

    const abstracts = new PostingsBatch('abstract');
    const collected: Entry<P>[] = [];
    const collect = (entry: Entry<P>) => {
      // `update` may have replaced or removed the entry meanwhile, and indexes what it adds itself.
      // An unchanged paper keeps its entry (only `entry.paper` is swapped), so it is still ours.
      if (this.entries.get(entry.paper.key) !== entry || entry.abstractIndexed) return;
      this.collectAbstract(entry, abstracts);
      collected.push(entry);
    };
    await runInSlices(registered, collect, { ...slices, onSlice: done => options.onProgress?.(Math.floor(done / 2), total) });
    const terms = abstracts.byTerm.size;
    // The last slice is reported below, once, as the whole: the log says "complete" once.
    const flushed = (done: number) => done < terms && options.onProgress?.(Math.floor(total / 2 + ((done / terms) * total) / 2), total);
    await this.flushInSlices([abstracts], { ...slices, onSlice: flushed });
    for (const entry of collected) if (this.entries.get(entry.paper.key) === entry) entry.abstractIndexed = true;
    this.terms.refreshAverages();
    options.onProgress?.(total, total);
  }

  /** See `PaperIndex.update`. */
  update(papers: readonly P[]): IndexChanges {
    return completeNow(this.updateSteps(papers));
  }

  /** `update` a step at a time (a step per paper, per term), for `PaperIndex.updateInBackground`. */
  *updateSteps(papers: readonly P[]): Generator<void, IndexChanges> {
    const next = new Map(uniqueByKey(papers).map(paper => [paper.key, paper]));
    let removed = 0;
    let changed = 0;
    for (const key of [...this.entries.keys()]) {
      if (!next.has(key)) {
        this.forget(key);
        removed += 1;
        yield;
      }
    }
    const toAdd: P[] = [];
    for (const paper of next.values()) {
      const entry = this.entries.get(paper.key);
      if (entry === undefined) {
        toAdd.push(paper);
      } else if (entry.paper.title !== paper.title || entry.paper.abstract !== paper.abstract) {
        this.forget(paper.key);
        toAdd.push(paper);
        changed += 1;
      } else {
        entry.paper = paper;
      }
      yield;
    }
    yield* this.addSteps(toAdd);
    if (removed > 0 && toAdd.length === 0) this.terms.refreshAverages();
    return { added: toAdd.length - changed, removed, changed };
  }

  /** Indexes the abstracts of entries that have theirs missing (a cache saved mid-build). */
  *completeAbstracts(): Generator<void> {
    const abstracts = new PostingsBatch('abstract');
    const pending = [...this.entries.values()].filter(entry => !entry.abstractIndexed);
    for (const entry of pending) {
      this.collectAbstract(entry, abstracts);
      yield;
    }
    yield* this.flushSteps(abstracts);
    for (const entry of pending) entry.abstractIndexed = true;
  }

  /** Adds a paper's entry; its terms go in with `collectHead`/`collectAbstract` and a flush. */
  register(paper: P): Entry<P> {
    this.revision += 1;
    const entry: Entry<P> = { paper, shortId: this.terms.registerDocument(paper.key), abstractIndexed: false };
    this.entries.set(paper.key, entry);
    return entry;
  }

  /** Takes over an entry restored from a cache. */
  adopt(paper: P, shortId: number, abstractIndexed: boolean): void {
    this.revision += 1;
    this.entries.set(paper.key, { paper, shortId, abstractIndexed });
  }

  /** The caller flushes the batch, then marks the entry's abstract indexed. */
  private collectAbstract(entry: Entry<P>, batch: PostingsBatch): void {
    this.terms.collect(entry.shortId, batch, distinctTerms(entry.paper.abstract));
  }

  forget(key: string): void {
    this.revision += 1;
    this.terms.discard(key);
    this.entries.delete(key);
  }

  private collectHead(entry: Entry<P>, head: HeadBatches): void {
    this.terms.collect(entry.shortId, head.title, tokenize(entry.paper.title));
    this.terms.collect(entry.shortId, head.key, tokenize(entry.paper.key));
  }

  /** Moves a batch into the index a term at a time, dropping each list once it is in. */
  private *flushSteps(batch: PostingsBatch): Generator<void> {
    for (const [term, ids] of batch.byTerm) {
      this.revision += 1;
      this.terms.flushTerm(batch.field, term, ids);
      batch.byTerm.delete(term);
      yield;
    }
  }

  private async flushInSlices(batches: readonly PostingsBatch[], options: SliceOptions): Promise<void> {
    for (const batch of batches) {
      // Each list is dropped once in the index, so the lists and the index never both hold it all.
      const flush = ([term, ids]: [string, number[]]) => {
        this.revision += 1;
        this.terms.flushTerm(batch.field, term, ids);
        batch.byTerm.delete(term);
      };
      await runInSlices(batch.byTerm, flush, options);
    }
  }
}

function headBatches(): HeadBatches {
  return { title: new PostingsBatch('title'), key: new PostingsBatch('key') };
}

/** The library gives unique keys; should a caller not, the first paper with a key wins. */
export function uniqueByKey<P extends IndexablePaper>(papers: readonly P[]): P[] {
  const byKey = new Map<string, P>();
  for (const paper of papers) if (!byKey.has(paper.key)) byKey.set(paper.key, paper);
  return [...byKey.values()];
}
