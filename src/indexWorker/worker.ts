/**
 * The search index in a worker thread, so building, restoring and saving it never hold the
 * extension host. Why a thread and not only time slices: at 10k papers the index is hundreds of
 * thousands of small Maps, and the garbage collections they cause (50-140 ms each, measured in the
 * real host) land in whatever slice runs, on the host's one thread. In a worker they pause only
 * the worker. Work here still runs in slices, so queries are answered while abstracts go in.
 *
 * Protocol: ./protocol.ts. The client (./client.ts) sends the papers in chunks, then `start`.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { decodeLines, encodeLines, fromJsonLines, toJsonLines } from '../core/util/jsonLines';
import { PaperIndex, type IndexablePaper, type SearchHit } from '../core/search';
import type { FromWorker, LoadReport, Request, Requests, ToWorker, WorkerHit } from './protocol';
import { RankingState } from './ranking';

const SLICE_MS = 10;
/** Above this many papers titles become searchable before abstracts are indexed. */
const TITLES_FIRST_ABOVE = 2000;

type Paper = IndexablePaper;
type Restored = Awaited<ReturnType<typeof PaperIndex.restoreInBackground<Paper>>>;

class IndexWorker {
  private readonly papers = new Map<string, Paper>();
  private readonly ranking = new RankingState();
  private index: PaperIndex<Paper> | undefined;
  private readonly ready: Promise<PaperIndex<Paper>>;
  private resolveReady!: (index: PaperIndex<Paper>) => void;
  /** Updates and saves run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private cacheFile: string | undefined;
  private saveDelayMs = 5000;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private complete = false;
  /** The saved index being loaded from `open` on, while the papers are still on their way. */
  private restoring: Promise<Restored | undefined> = Promise.resolve(undefined);
  private openedAt = performance.now();

  constructor(private readonly post: (message: FromWorker) => void) {
    this.ready = new Promise(resolve => (this.resolveReady = resolve));
  }

  receive(message: ToWorker): void {
    switch (message.type) {
      case 'open':
        this.cacheFile = message.cacheFile;
        this.saveDelayMs = message.saveDelayMs;
        this.openedAt = performance.now();
        if (message.cacheFile) {
          this.restoring = this.restore(message.cacheFile);
          this.restoring.catch(() => undefined); // read in `start`
        }
        return;
      case 'papers':
        for (const paper of message.papers) if (!this.papers.has(paper.key)) this.papers.set(paper.key, paper);
        return;
      case 'start':
        this.start().catch(error => this.post({ type: 'failed', message: describe(error) }));
        return;
      case 'request':
        this.answer(message).then(
          result => this.post({ type: 'reply', id: message.id, result }),
          error => this.post({ type: 'reply', id: message.id, error: describe(error) }),
        );
        return;
    }
  }

  private async start(): Promise<void> {
    const papers = [...this.papers.values()];
    let reason = 'no saved index';
    try {
      const restored = await this.restoring;
      if (restored) {
        const index = await restored.reconcile(papers);
        this.opened(index, { used: true, ms: performance.now() - this.openedAt });
        this.completed(papers.length);
        // Papers changed since the save were re-indexed on the way in: tidy and save that work too.
        void this.serially(() => index.vacuum());
        this.scheduleSave();
        return;
      }
    } catch (error) {
      reason = describe(error); // a damaged or older cache is only a lost shortcut
    }
    const load: LoadReport = { used: false, ms: performance.now() - this.openedAt, reason };
    const titlesFirst = papers.length > TITLES_FIRST_ABOVE;
    const index = await PaperIndex.buildInBackground(papers, {
      sliceMs: SLICE_MS,
      onTitlesReady: titlesFirst ? built => this.opened(built, load) : undefined,
      onProgress: throttled((done, total) => this.post({ type: 'progress', done, total })),
    });
    if (!titlesFirst) this.opened(index, load);
    this.completed(papers.length);
    this.scheduleSave();
  }

  private opened(index: PaperIndex<Paper>, load: LoadReport): void {
    this.index = index;
    this.resolveReady(index);
    this.post({ type: 'titlesReady', size: index.size, load });
  }

  private completed(size: number): void {
    this.complete = true;
    this.post({ type: 'complete', size });
  }

  /**
   * The saved index, loaded before the papers are known (the larger part of restoring it);
   * undefined when there is no file. Rejects when the file is not a usable index.
   */
  private async restore(file: string): Promise<Restored | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch {
      return undefined;
    }
    const json = await fromJsonLines(await decodeLines(bytes, { sliceMs: SLICE_MS }), { sliceMs: SLICE_MS });
    return PaperIndex.restoreInBackground<Paper>(json, { sliceMs: SLICE_MS });
  }

  private async answer(request: Request): Promise<Requests[typeof request.method]['result']> {
    // Ranking needs no search index: it answers at once, between the index's slices of work.
    if (request.method === 'rank') return this.ranking.rank(request.args);
    if (request.method === 'rankCorpus') return this.ranking.addCorpus(request.args.version, request.args.documents, request.args.last);
    const index = await this.ready;
    switch (request.method) {
      case 'search':
        return hits(index.search(request.args.query, { limit: request.args.limit }));
      case 'related':
        return hits(index.related(request.args.key, request.args.limit));
      case 'relatedToText':
        return hits(index.relatedToText(request.args.text, request.args.limit));
      case 'update':
        return this.serially(() => this.update(index, request.args.removed, request.args.upserts));
      case 'save':
        return this.serially(() => this.save(index));
    }
  }

  private async update(index: PaperIndex<Paper>, removed: readonly string[], upserts: readonly Paper[]) {
    for (const key of removed) this.papers.delete(key);
    for (const paper of upserts) this.papers.set(paper.key, paper);
    const changes = await index.updateInBackground([...this.papers.values()], { sliceMs: SLICE_MS });
    // MiniSearch leaves a discarded paper's postings behind, which skews the next scores a little.
    if (changes.removed + changes.changed > 0) await index.vacuum();
    if (changes.added + changes.removed + changes.changed > 0) this.scheduleSave();
    return changes;
  }

  private serially<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Saves a while after the last change, once every abstract is in (a partial index is no use). */
  private scheduleSave(): void {
    if (!this.cacheFile) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      const index = this.index;
      if (!index || !this.complete) return;
      this.serially(() => this.save(index)).then(
        ({ bytes }) => this.post({ type: 'saved', bytes }),
        // The index changed while it was being saved: the update that changed it saves again.
        () => undefined,
      );
    }, this.saveDelayMs);
  }

  /** Writes a temporary sibling and renames it over the file: a reload never reads half a cache. */
  private async save(index: PaperIndex<Paper>): Promise<{ bytes: number }> {
    const file = this.cacheFile;
    if (!file) throw new Error('no file to save the search index to');
    const json = (await index.toJSONInBackground({ sliceMs: SLICE_MS })) as Record<string, unknown>;
    const bytes = await encodeLines(await toJsonLines(json, { sliceMs: SLICE_MS }), { sliceMs: SLICE_MS });
    await mkdir(dirname(file), { recursive: true });
    // One name, so a save cut short (the window closed mid-write) leaves no litter: the next overwrites it.
    const temp = `${file}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, file);
    return { bytes: bytes.byteLength };
  }
}

function hits(found: readonly SearchHit<Paper>[]): WorkerHit[] {
  return found.map(hit => ({ key: hit.key, score: hit.score }));
}

/** At most one report per 100 ms, and always the last one. */
function throttled(report: (done: number, total: number) => void): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done === total || now - last >= 100) {
      last = now;
      report(done, total);
    }
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (parentPort) {
  const port = parentPort;
  const worker = new IndexWorker(message => port.postMessage(message));
  port.on('message', (message: ToWorker) => worker.receive(message));
}
