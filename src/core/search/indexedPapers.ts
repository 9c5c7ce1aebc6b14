/**
 * What the search index holds and how papers go in and out of it: the MiniSearch index (titles,
 * keys, abstracts) and, per key, the paper it was built from. Queries live in ../search.ts.
 */
import type { Options } from 'minisearch';
import type { Paper } from '../model';
import { distinctTerms, tokenize } from '../tokenize';
import { runInSlices, type SliceOptions } from './slices';
import { PostingsBatch, TermIndex } from './termIndex';

export const INDEX_OPTIONS: Options<Paper> = {
  idField: 'key',
  fields: ['title', 'key', 'abstract'],
  // Abstracts by distinct terms: a word's count inside one abstract says little about relevance,
  // and every repeat costs index time. These options only matter to MiniSearch's own `add`/`remove`
  // (unused here) and to queries: documents go in through `collect`.
  tokenize: (text, field) => (field === 'abstract' ? distinctTerms(text) : tokenize(text)),
  processTerm: term => term,
  searchOptions: { tokenize, processTerm: term => term },
};

export interface Entry {
  paper: Paper;
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

export class IndexedPapers {
  readonly entries = new Map<string, Entry>();

  constructor(readonly terms: TermIndex<Paper> = new TermIndex(INDEX_OPTIONS)) {}

  get isComplete(): boolean {
    for (const entry of this.entries.values()) if (!entry.abstractIndexed) return false;
    return true;
  }

  /** Indexes papers whole, at once. */
  addPapers(papers: readonly Paper[]): void {
    if (papers.length === 0) return;
    const head = headBatches();
    const abstracts = new PostingsBatch('abstract');
    const entries = papers.map(paper => this.register(paper));
    for (const entry of entries) {
      this.collectHead(entry, head);
      this.collectAbstract(entry, abstracts);
    }
    for (const batch of [head.title, head.key, abstracts]) this.terms.flush(batch);
    for (const entry of entries) entry.abstractIndexed = true;
    this.terms.refreshAverages();
  }

  /**
   * Indexes papers in time-boxed slices: titles and keys first (then `onTitlesReady`), abstracts
   * after. Progress counts papers; collecting abstracts is the first half of the work, moving them
   * into the index the second.
   */
  async fillInBackground(papers: readonly Paper[], options: FillOptions): Promise<void> {
    const total = papers.length;
    const slices: SliceOptions = { sliceMs: options.sliceMs, signal: options.signal };
    options.onProgress?.(0, total);
    const head = headBatches();
    await runInSlices(papers, paper => this.collectHead(this.register(paper), head), slices);
    await this.flushInSlices([head.title, head.key], slices);
    this.terms.refreshAverages();
    options.onTitlesReady?.();

    const abstracts = new PostingsBatch('abstract');
    const collected: Entry[] = [];
    const collect = (paper: Paper) => {
      // `update` may have replaced or removed the paper meanwhile; it indexed those whole.
      const entry = this.entries.get(paper.key);
      if (entry === undefined || entry.paper !== paper || entry.abstractIndexed) return;
      this.collectAbstract(entry, abstracts);
      collected.push(entry);
    };
    await runInSlices(papers, collect, { ...slices, onSlice: done => options.onProgress?.(Math.floor(done / 2), total) });
    const terms = abstracts.byTerm.size;
    const flushed = (done: number) => options.onProgress?.(Math.floor(total / 2 + ((done / terms) * total) / 2), total);
    await this.flushInSlices([abstracts], { ...slices, onSlice: flushed });
    for (const entry of collected) if (this.entries.get(entry.paper.key) === entry) entry.abstractIndexed = true;
    this.terms.refreshAverages();
    options.onProgress?.(total, total);
  }

  /** See `PaperIndex.update`. */
  update(papers: readonly Paper[]): IndexChanges {
    const next = new Map(uniqueByKey(papers).map(paper => [paper.key, paper]));
    let removed = 0;
    let changed = 0;
    for (const key of [...this.entries.keys()]) {
      if (!next.has(key)) {
        this.forget(key);
        removed += 1;
      }
    }
    const toAdd: Paper[] = [];
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
    }
    this.addPapers(toAdd);
    if (removed > 0 && toAdd.length === 0) this.terms.refreshAverages();
    return { added: toAdd.length - changed, removed, changed };
  }

  /** Indexes the abstracts of entries that have theirs missing (a cache saved mid-build). */
  completeAbstracts(): void {
    const abstracts = new PostingsBatch('abstract');
    const pending = [...this.entries.values()].filter(entry => !entry.abstractIndexed);
    for (const entry of pending) this.collectAbstract(entry, abstracts);
    this.terms.flush(abstracts);
    for (const entry of pending) entry.abstractIndexed = true;
  }

  /** Adds a paper's entry; its terms go in with `collectHead`/`collectAbstract` and a flush. */
  register(paper: Paper): Entry {
    const entry: Entry = { paper, shortId: this.terms.registerDocument(paper.key), abstractIndexed: false };
    this.entries.set(paper.key, entry);
    return entry;
  }

  /** Takes over an entry restored from a cache. */
  adopt(paper: Paper, shortId: number, abstractIndexed: boolean): void {
    this.entries.set(paper.key, { paper, shortId, abstractIndexed });
  }

  /** The caller flushes the batch, then marks the entry's abstract indexed. */
  private collectAbstract(entry: Entry, batch: PostingsBatch): void {
    this.terms.collect(entry.shortId, batch, distinctTerms(entry.paper.abstract));
  }

  forget(key: string): void {
    this.terms.discard(key);
    this.entries.delete(key);
  }

  private collectHead(entry: Entry, head: HeadBatches): void {
    this.terms.collect(entry.shortId, head.title, tokenize(entry.paper.title));
    this.terms.collect(entry.shortId, head.key, tokenize(entry.paper.key));
  }

  private async flushInSlices(batches: readonly PostingsBatch[], options: SliceOptions): Promise<void> {
    for (const batch of batches) {
      // Each list is dropped once in the index, so the lists and the index never both hold it all.
      const flush = ([term, ids]: [string, number[]]) => {
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
export function uniqueByKey(papers: readonly Paper[]): Paper[] {
  const byKey = new Map<string, Paper>();
  for (const paper of papers) if (!byKey.has(paper.key)) byKey.set(paper.key, paper);
  return [...byKey.values()];
}
