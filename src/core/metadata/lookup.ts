/**
 * The lookup: for papers the metadata file does not know yet, ask, in this order,
 * 1. Hugging Face Daily Papers, one request per digest day, matched by title;
 * 2. the arXiv API for those still unmatched: `id_list` batches when the id is known, else a
 *    title phrase search; at most one request every three seconds, one at a time;
 * 3. doi.org (CSL-JSON) for those still unmatched that carry a DOI.
 * A match needs equal titles (`pickMatch`). A service that cannot be reached is dropped for the
 * rest of the run, and each service's failures come back as one summary, not one per paper.
 * Papers a failing service could have answered get no answer (they are asked again next run);
 * "not found" is only said when every service asked answered cleanly.
 */
import type { MetadataSource } from '../model';
import { MalformedAnswer, readArxivAtom, readArxivAtomPage, readDoiCsl, readHuggingFaceDay, type Candidate } from './answers';
import { ServiceClient, ServiceError, type FetchLike, type RequestLogEntry, type ServiceName } from './http';
import { pickMatch, titleMatchText } from './match';
import { RateLimiter, systemClock, type Clock } from './rateLimit';
import type { LookupAnswer } from './store';

export interface LookupEndpoints {
  readonly huggingface: string;
  readonly arxiv: string;
  readonly doi: string;
}

export const DEFAULT_ENDPOINTS: LookupEndpoints = {
  huggingface: 'https://huggingface.co',
  arxiv: 'https://export.arxiv.org',
  doi: 'https://doi.org',
};

/** Minimum gap between the end of one answer and the next request, per service. */
export const DEFAULT_INTERVALS_MS: Readonly<Record<ServiceName, number>> = { huggingface: 500, arxiv: 3000, doi: 200 };

/** One paper to complete. */
export interface PaperQuery {
  readonly title: string;
  /** The digest day, ISO (`2024-03-14`); Hugging Face is asked only when it is known. */
  readonly date: string | null;
  readonly arxiv?: string;
  /** The paper's own DOI, from a source (arXiv's journal DOI); never one quoted in the abstract. */
  readonly doi?: string;
}

export interface LookupOptions {
  readonly fetch: FetchLike;
  readonly clock?: Clock;
  /** Service base URLs (mirrors, tests); defaults are the public services. */
  readonly endpoints?: Partial<LookupEndpoints>;
  readonly intervalsMs?: Partial<Record<ServiceName, number>>;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly maxRetryWaitMs?: number;
  /** Cancel: the request under way is aborted and the answers so far are returned. */
  readonly signal?: AbortSignal;
  /** Each request and its answer code, for the log channel. */
  readonly log?: (entry: RequestLogEntry) => void;
  /** Papers settled so far, of all (for a progress count). */
  readonly progress?: (done: number, total: number) => void;
  readonly userAgent?: string;
  /** arXiv ids per `id_list` request (default 50). */
  readonly arxivBatch?: number;
  /** Titles per arXiv title search (default 10). */
  readonly arxivTitleBatch?: number;
  /**
   * Limiters shared with the extension's other requests to a service (fetching uses arXiv too,
   * and arXiv's three seconds are for all of it); a run makes its own for the others.
   */
  readonly limiters?: Partial<Record<ServiceName, RateLimiter>>;
}

/** One service's trouble during a run, said once. */
export interface ServiceFailure {
  readonly service: ServiceName;
  /** The first error's description (`connection refused (ECONNREFUSED)`, `HTTP 500`...). */
  readonly message: string;
  /** Requests that failed. */
  readonly failedRequests: number;
  /** True when the service was dropped for the rest of the run. */
  readonly gaveUp: boolean;
}

export interface LookupResult {
  /** Found and not-found answers, in query order; papers left open by failures have none. */
  readonly answers: readonly LookupAnswer[];
  readonly failures: readonly ServiceFailure[];
  readonly cancelled: boolean;
  readonly requests: number;
}

/** After this many failures in a row (other than unreachable, which drops it at once) a service is dropped. */
const FAILURES_BEFORE_GIVING_UP = 3;

export async function lookupMetadata(queries: readonly PaperQuery[], options: LookupOptions): Promise<LookupResult> {
  return new LookupRun(queries, options).run();
}

interface Pending {
  readonly query: PaperQuery;
  answer?: LookupAnswer;
  /** Set when a service that could have answered it failed. */
  unsure: boolean;
}

class LookupRun {
  private readonly endpoints: LookupEndpoints;
  private readonly clients: Record<ServiceName, ServiceClient>;
  private readonly failures = new Map<ServiceName, { message: string; count: number; inARow: number; gaveUp: boolean }>();
  private readonly pending: Pending[];
  private requests = 0;
  private settled = 0;

  constructor(
    queries: readonly PaperQuery[],
    private readonly options: LookupOptions,
  ) {
    this.endpoints = { ...DEFAULT_ENDPOINTS, ...options.endpoints };
    const clock = options.clock ?? systemClock;
    const log = (entry: RequestLogEntry) => {
      this.requests++;
      options.log?.(entry);
    };
    const client = (service: ServiceName) =>
      new ServiceClient(
        service,
        options.limiters?.[service] ?? new RateLimiter(clock, options.intervalsMs?.[service] ?? DEFAULT_INTERVALS_MS[service]),
        {
          ...options,
          clock,
          log,
        },
      );
    this.clients = { huggingface: client('huggingface'), arxiv: client('arxiv'), doi: client('doi') };
    this.pending = queries.map(query => ({ query, unsure: false }));
  }

  async run(): Promise<LookupResult> {
    let cancelled = false;
    try {
      await this.huggingFace();
      await this.arxivById();
      await this.arxivByTitle();
      await this.doi();
      for (const item of this.open())
        if (!item.unsure) this.settle(item, { title: item.query.title, found: false, source: this.lastSourceFor(item) });
    } catch (error) {
      if (!this.options.signal?.aborted) throw error;
      cancelled = true;
    }
    const answers = this.pending.flatMap(item => (item.answer !== undefined ? [item.answer] : []));
    const failures = [...this.failures].map(([service, f]) => ({ service, message: f.message, failedRequests: f.count, gaveUp: f.gaveUp }));
    return { answers, failures, cancelled, requests: this.requests };
  }

  private async huggingFace(): Promise<void> {
    const byDay = new Map<string, Pending[]>();
    for (const item of this.open()) {
      const day = item.query.date;
      if (day === null || !/^\d{4}-\d{2}-\d{2}$/.test(day)) continue;
      byDay.set(day, [...(byDay.get(day) ?? []), item]);
    }
    for (const [day, items] of [...byDay].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const url = `${base(this.endpoints.huggingface)}/api/daily_papers?date=${day}`;
      const candidates = await this.ask('huggingface', url, 'application/json', body => readHuggingFaceDay(body));
      // A failed day is no verdict: the arXiv API is asked next for its papers all the same,
      // but none of them may be called "not found" this run.
      if (candidates === undefined) {
        for (const item of items) item.unsure = true;
        continue;
      }
      for (const item of items) this.match(item, candidates, 'huggingface');
    }
  }

  private async arxivById(): Promise<void> {
    const withId = this.open().filter(item => item.query.arxiv !== undefined);
    const size = Math.max(1, this.options.arxivBatch ?? 50);
    for (let i = 0; i < withId.length; i += size) {
      const batch = withId.slice(i, i + size);
      const ids = [...new Set(batch.map(item => item.query.arxiv!))].join(',');
      const url = `${base(this.endpoints.arxiv)}/api/query?id_list=${encodeURIComponent(ids)}&max_results=${batch.length}`;
      const candidates = await this.ask('arxiv', url, 'application/atom+xml', readArxivAtom);
      if (candidates === undefined) {
        for (const item of batch) item.unsure = true;
        continue;
      }
      for (const item of batch)
        this.match(
          item,
          candidates.filter(c => c.id === item.query.arxiv),
          'arxiv-api',
        );
    }
  }

  /**
   * Title phrase searches, several titles in one request (`ti:"a" OR ti:"b"`), so a 61-paper
   * digest costs 6 requests (18 s at arXiv's pace) rather than 61 (3 minutes). When the answer
   * holds fewer results than the query has, the batch's unmatched titles are asked one by one.
   */
  private async arxivByTitle(): Promise<void> {
    const items = this.open().filter(item => item.query.arxiv === undefined && titleMatchText(item.query.title) !== '');
    const size = Math.max(1, this.options.arxivTitleBatch ?? 10);
    for (let i = 0; i < items.length; i += size) {
      const batch = items.slice(i, i + size);
      const complete = await this.searchTitles(batch);
      if (complete || batch.length === 1) continue;
      for (const item of batch.filter(b => b.answer === undefined && !b.unsure)) await this.searchTitles([item]);
    }
  }

  /** One title search for the items; true when the answer held every result the query has. */
  private async searchTitles(items: readonly Pending[]): Promise<boolean> {
    const query = items.map(item => `ti:"${titleMatchText(item.query.title)}"`).join(' OR ');
    const max = Math.min(100, items.length * 5);
    const url = `${base(this.endpoints.arxiv)}/api/query?search_query=${encodeURIComponent(query)}&start=0&max_results=${max}`;
    let pageTotal: number | undefined;
    const page = await this.ask('arxiv', url, 'application/atom+xml', body => {
      const read = readArxivAtomPage(body);
      pageTotal = read.totalResults;
      return read.candidates;
    });
    if (page === undefined) {
      for (const item of items) item.unsure = true;
      return true;
    }
    for (const item of items) this.match(item, page, 'arxiv-api');
    return pageTotal === undefined || pageTotal <= page.length;
  }

  private async doi(): Promise<void> {
    for (const item of this.open()) {
      const doi = item.query.doi;
      if (doi === undefined) continue;
      const url = `${base(this.endpoints.doi)}/${doi.split('/').map(encodeURIComponent).join('/')}`;
      const candidates = await this.ask('doi', url, 'application/vnd.citationstyles.csl+json', body => readDoiCsl(body, doi));
      if (candidates === undefined) item.unsure = true;
      else this.match(item, candidates, 'doi');
    }
  }

  /**
   * The service's candidates, [] for a 404, undefined when it failed (then counted once in the
   * summary). Cancel propagates.
   */
  private async ask(
    service: ServiceName,
    url: string,
    accept: string,
    read: (body: string) => Candidate[],
  ): Promise<Candidate[] | undefined> {
    const state = this.failures.get(service);
    if (state?.gaveUp) return undefined;
    try {
      const answer = await this.clients[service].get(url, accept);
      const candidates = answer.status === 404 ? [] : read(answer.body);
      if (state !== undefined) state.inARow = 0;
      return candidates;
    } catch (error) {
      if (this.options.signal?.aborted) throw error;
      if (!(error instanceof ServiceError) && !(error instanceof MalformedAnswer)) throw error;
      const message = error instanceof MalformedAnswer ? `malformed answer (${error.message})` : error.message;
      const failure = state ?? { message, count: 0, inARow: 0, gaveUp: false };
      failure.count++;
      failure.inARow++;
      if ((error instanceof ServiceError && error.kind === 'unreachable') || failure.inARow >= FAILURES_BEFORE_GIVING_UP)
        failure.gaveUp = true;
      this.failures.set(service, failure);
      return undefined;
    }
  }

  private match(item: Pending, candidates: readonly Candidate[], source: MetadataSource): void {
    const found = pickMatch(
      item.query.title,
      candidates,
      c => c.title,
      c => c.id,
    );
    if (found === undefined) return;
    this.settle(item, { title: item.query.title, found: true, source, metadata: { ...found.metadata, source } });
  }

  private settle(item: Pending, answer: LookupAnswer): void {
    item.answer = answer;
    this.options.progress?.(++this.settled, this.pending.length);
  }

  private open(): Pending[] {
    return this.pending.filter(item => item.answer === undefined);
  }

  /** The last service that answered for a paper found nowhere. */
  private lastSourceFor(item: Pending): MetadataSource {
    if (item.query.doi !== undefined) return 'doi';
    return 'arxiv-api';
  }
}

function base(url: string): string {
  return url.replace(/\/+$/, '');
}
