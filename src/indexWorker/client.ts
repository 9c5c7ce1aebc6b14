/**
 * The host's side of the search-index worker (worker.ts): the same questions `PaperIndex` answers,
 * asked over messages. The host keeps its own `Paper` objects and sends the worker only key, title
 * and abstract; hits come back as keys and are mapped to the host's papers here.
 *
 * The host's share of the work is small and sliced: copying the papers into messages (a few
 * hundred per message, one message per turn of the event loop) and, on an update, finding which
 * papers changed since the last one.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Paper } from '../core/model';
import type { RankDocument, RankedPaper } from '../core/rank';
import { indexableText } from '../core/search/indexedPapers';
import type { IndexablePaper, IndexChanges, SearchHit } from '../core/search';
import { runInSlices, yieldToEventLoop } from '../core/util/slices';
import type { FromWorker, LoadReport, Method, Requests, ToWorker, WorkerHit } from './protocol';

/** Papers per message while starting: about 1 MB of text, copied in a millisecond or two. */
const PAPERS_PER_MESSAGE = 500;
const SLICE_MS = 10;

export interface WorkerIndexOptions {
  /** Where the index is saved between sessions; none means it is never saved. */
  readonly cacheFile?: string;
  /** The worker script (default: `indexWorker.js` beside this bundle). */
  readonly workerFile?: string;
  /** How long after the last change the worker saves the index (default 5 s). */
  readonly saveDelayMs?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** The worker stopped or failed outside a request; the index is unusable after `stopped`. */
  readonly onError?: (message: string, stopped: boolean) => void;
}

type Pending = { resolve: (result: unknown) => void; reject: (error: Error) => void };

/** What to rank: keys of the library's papers. */
export interface RankQuery {
  /** Starred, cited or noted papers. */
  readonly liked: readonly string[];
  /** Dismissed papers (explicit negatives). */
  readonly dismissed?: readonly string[];
  readonly candidates: readonly string[];
  /** Rank by similarity to this text ("Relevant to this draft") instead. */
  readonly text?: string;
  readonly limit?: number;
}

export class WorkerIndex<P extends IndexablePaper> {
  private readonly worker: Worker;
  private papers = new Map<string, P>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** The corpus last sent for ranking, and its version (the worker keeps its features for it). */
  private rankedCorpus: readonly RankDocument[] | undefined;
  private corpusVersion = 0;
  private corpusUpload: Promise<void> = Promise.resolve();
  private stoppedWith: string | undefined;
  private readonly completion: Promise<void>;
  private resolveComplete!: () => void;
  private rejectComplete!: (error: Error) => void;
  private resolveOpened!: () => void;
  private rejectOpened!: (error: Error) => void;
  /** Resolves once titles and keys are searchable. */
  private readonly opened: Promise<void>;
  private complete = false;
  /** How the index was opened: restored from the saved one or built (for the figures and specs). */
  lastLoad: LoadReport | undefined;
  /** Bytes of the last save, once one happened. */
  lastSavedBytes: number | undefined;
  /** What the last `update` changed (for the specs: a changed digest re-indexes only its papers). */
  lastChanges: IndexChanges | undefined;

  private constructor(private readonly options: WorkerIndexOptions) {
    this.worker = new Worker(options.workerFile ?? join(__dirname, 'indexWorker.js'));
    this.completion = new Promise((resolve, reject) => {
      this.resolveComplete = resolve;
      this.rejectComplete = reject;
    });
    this.completion.catch(() => undefined); // reported to whoever waits on `whenComplete`
    this.opened = new Promise((resolve, reject) => {
      this.resolveOpened = resolve;
      this.rejectOpened = reject;
    });
    this.opened.catch(() => undefined); // reported through `open`'s promise
    this.worker.on('message', (message: FromWorker) => this.receive(message));
    this.worker.on('error', error => this.stop(error.message));
    this.worker.on('exit', code => this.stop(`the search index worker exited (code ${code})`));
    this.send({ type: 'open', cacheFile: options.cacheFile, saveDelayMs: options.saveDelayMs ?? 5000 });
  }

  /**
   * Starts a worker on `papers` and resolves once they are searchable by title and key; in a
   * large workspace abstracts follow in the background (`isComplete`, `whenComplete`).
   */
  static open<P extends IndexablePaper>(papers: readonly P[], options: WorkerIndexOptions = {}): Promise<WorkerIndex<P>> {
    return WorkerIndex.spawn<P>(options).load(papers);
  }

  /**
   * Starts the worker before the papers are known: it starts its thread and begins restoring the
   * saved index meanwhile. `load` gives it the papers; until then it answers nothing.
   */
  static spawn<P extends IndexablePaper>(options: WorkerIndexOptions = {}): WorkerIndex<P> {
    return new WorkerIndex<P>(options);
  }

  /** Gives a spawned worker its papers; resolves as `open` does. Call once. */
  async load(papers: readonly P[]): Promise<this> {
    try {
      await this.sendPapers(papers);
      this.send({ type: 'start' });
      await this.opened;
    } catch (error) {
      await this.dispose();
      throw error;
    }
    return this;
  }

  get size(): number {
    return this.papers.size;
  }

  /** False while abstracts are still being indexed. */
  get isComplete(): boolean {
    return this.complete;
  }

  /** Resolves once every abstract is indexed; rejects if the worker fails or stops first. */
  whenComplete(): Promise<void> {
    return this.completion;
  }

  async search(query: string, options: { readonly limit?: number } = {}): Promise<SearchHit<P>[]> {
    return this.toHits(await this.request('search', { query, limit: options.limit ?? 50 }));
  }

  async related(key: string, limit = 10): Promise<SearchHit<P>[]> {
    return this.toHits(await this.request('related', { key, limit }));
  }

  async relatedToText(text: string, limit = 10): Promise<SearchHit<P>[]> {
    return this.toHits(await this.request('relatedToText', { text, limit }));
  }

  /**
   * "For you" in the worker: `candidates` ranked by the taste the liked and dismissed keys show
   * (or, with `text`, by similarity to it), best `limit` first, each with why. `documents` is the
   * whole corpus; it is sent (and the features rebuilt) only when it is another array than last time.
   */
  async rank(documents: readonly RankDocument[], request: RankQuery): Promise<RankedPaper[]> {
    if (documents !== this.rankedCorpus) {
      this.rankedCorpus = documents;
      this.corpusVersion += 1;
      const version = this.corpusVersion;
      // One upload at a time: chunks of two corpora must not interleave.
      this.corpusUpload = this.corpusUpload.catch(() => undefined).then(() => this.sendCorpus(version, documents));
    }
    const version = this.corpusVersion;
    await this.corpusUpload;
    return this.request('rank', {
      corpusVersion: version,
      liked: [...request.liked],
      dismissed: [...(request.dismissed ?? [])],
      candidates: [...request.candidates],
      ...(request.text === undefined ? {} : { text: request.text }),
      limit: request.limit ?? 20,
    });
  }

  /** In chunks, the host's thread free between them: one message of 10k papers held it while it was copied. */
  private async sendCorpus(version: number, documents: readonly RankDocument[]): Promise<void> {
    for (let i = 0; i === 0 || i < documents.length; i += PAPERS_PER_MESSAGE) {
      const last = i + PAPERS_PER_MESSAGE >= documents.length;
      const sent = this.request('rankCorpus', { version, documents: documents.slice(i, i + PAPERS_PER_MESSAGE), last });
      if (last) await sent;
      else await yieldToEventLoop();
    }
  }

  /**
   * Brings the index in line with the full, current list of papers (as `PaperIndex.update`). Only
   * papers added, removed or with a new title or abstract are sent to the worker.
   */
  async update(papers: readonly P[]): Promise<IndexChanges> {
    const next = new Map<string, P>();
    const upserts: IndexablePaper[] = [];
    await runInSlices(
      papers,
      paper => {
        if (next.has(paper.key)) return; // the first paper with a key wins, as in PaperIndex
        next.set(paper.key, paper);
        const before = this.papers.get(paper.key);
        if (
          before === undefined ||
          before.title !== paper.title ||
          before.abstract !== paper.abstract ||
          authorsOf(before) !== authorsOf(paper)
        ) {
          upserts.push(indexable(paper));
        }
      },
      { sliceMs: SLICE_MS },
    );
    const removed = [...this.papers.keys()].filter(key => !next.has(key));
    this.papers = next;
    const changes = await this.request('update', { removed, upserts });
    this.lastChanges = changes;
    return changes;
  }

  /** Saves the index now; resolves with its size in bytes. */
  async save(): Promise<number> {
    const { bytes } = await this.request('save', {});
    this.lastSavedBytes = bytes;
    return bytes;
  }

  /** Stops the worker; pending requests fail. */
  async dispose(): Promise<void> {
    this.stop('the search index was closed');
    await this.worker.terminate();
  }

  private async sendPapers(papers: readonly P[]): Promise<void> {
    for (let at = 0; at < papers.length; at += PAPERS_PER_MESSAGE) {
      const chunk: IndexablePaper[] = [];
      for (const paper of papers.slice(at, at + PAPERS_PER_MESSAGE)) {
        if (this.papers.has(paper.key)) continue;
        this.papers.set(paper.key, paper);
        chunk.push(indexable(paper));
      }
      this.send({ type: 'papers', papers: chunk });
      await yieldToEventLoop();
    }
  }

  private request<M extends Method>(method: M, args: Requests[M]['args']): Promise<Requests[M]['result']> {
    if (this.stoppedWith !== undefined) return Promise.reject(new Error(this.stoppedWith));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.send({ type: 'request', id, method, args } as ToWorker);
    });
  }

  private send(message: ToWorker): void {
    if (this.stoppedWith !== undefined) throw new Error(this.stoppedWith);
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'progress':
        this.options.onProgress?.(message.done, message.total);
        return;
      case 'titlesReady':
        this.lastLoad = message.load;
        this.resolveOpened();
        return;
      case 'complete':
        this.complete = true;
        this.resolveComplete();
        return;
      case 'saved':
        this.lastSavedBytes = message.bytes;
        return;
      case 'failed':
        this.options.onError?.(message.message, false);
        this.rejectOpened(new Error(message.message));
        this.rejectComplete(new Error(message.message));
        return;
      case 'reply': {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if ('error' in message) pending?.reject(new Error(message.error));
        else pending?.resolve(message.result);
      }
    }
  }

  private stop(reason: string): void {
    if (this.stoppedWith !== undefined) return;
    this.stoppedWith = reason;
    const error = new Error(reason);
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.rejectOpened(error);
    this.rejectComplete(error);
    if (reason !== 'the search index was closed') this.options.onError?.(reason, true);
  }

  private toHits(found: readonly WorkerHit[]): SearchHit<P>[] {
    const result: SearchHit<P>[] = [];
    for (const { key, score } of found) {
      // A paper removed since the query was sent is left out.
      const paper = this.papers.get(key);
      if (paper) result.push({ key, title: paper.title, score, paper });
    }
    return result;
  }
}

/** Only what the index reads, so the message carries no more than it must. */
function indexable(paper: IndexablePaper & Pick<Paper, 'metadata'>): IndexablePaper {
  return indexableText(paper);
}

/** The authors a paper is indexed with: a lookup that finds them re-indexes the paper. */
function authorsOf(paper: IndexablePaper & Pick<Paper, 'metadata'>): string {
  return indexableText(paper).abstract.slice(paper.abstract.length);
}
