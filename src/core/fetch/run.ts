/**
 * One fetch: for each subscription, what is new since the last fetch, written as digest files in
 * the service's own format (`huggingface/2026-12-07.json`, `arxiv-cs.CL+cs.LG/2026-12-07.xml`,
 * under the fetch folder), so everything that reads digests reads them unchanged. Requests go
 * through the metadata pipeline's client (rate limits, `Retry-After`, timeouts, the log); arXiv's
 * limiter is the one its metadata lookups use. An answer is read and checked before it is
 * written, and written whole (the port's write is atomic), so a cut answer leaves nothing. A
 * failing service is reported once and dropped for the run; the other subscriptions go on.
 *
 * arXiv's days missed while away are not caught up: the feed gives the latest announcement only,
 * and the API's `submittedDate` ranges do not match announcement days (a listing holds papers
 * submitted over one to three days before it, plus cross-lists and replacements the query does
 * not return), so such a file would put papers under days they were never announced on.
 */
import { ServiceClient, ServiceError, type FetchLike, type RequestLogEntry } from '../metadata/http';
import { DEFAULT_INTERVALS_MS } from '../metadata/lookup';
import { RateLimiter, systemClock, type Clock } from '../metadata/rateLimit';
import { compareWithFile, readArxivFeed, readHuggingFacePage, UnreadableAnswer, type ListedPaper } from './answers';
import { huggingFaceDays, utcDay } from './days';
import type { FetchState, SourceState } from './state';
import type { Subscription } from './subscriptions';

/** The fetch folder as the run sees it: paths relative to it, `/`-separated. */
export interface FetchFiles {
  /** The file's text; undefined when there is none. */
  read(path: string): Promise<string | undefined>;
  /** Writes the whole file atomically, creating folders. */
  write(path: string, text: string): Promise<void>;
  /** The names of the files in a folder (none when it is missing). */
  list(folder: string): Promise<string[]>;
}

export interface FetchEndpoints {
  /** Hugging Face (`https://huggingface.co`): `/api/daily_papers` under it. */
  readonly huggingface: string;
  /** arXiv's feeds (`https://rss.arxiv.org`): `/rss/<categories>` under it. */
  readonly arxivRss: string;
}

export const DEFAULT_FETCH_ENDPOINTS: FetchEndpoints = { huggingface: 'https://huggingface.co', arxivRss: 'https://rss.arxiv.org' };

/** Papers per Hugging Face page; a page this long is followed by the next. */
export const HF_PAGE_SIZE = 100;
/** A day never has more pages than this (a guard against an answer that never shortens). */
const HF_MAX_PAGES = 10;

export interface FetchOptions {
  readonly fetch: FetchLike;
  readonly clock?: Clock;
  /** Now: which day is today (UTC) and the times recorded. */
  readonly now: Date;
  readonly endpoints?: Partial<FetchEndpoints>;
  /** Shared with the metadata lookups: arXiv's three seconds count all of the extension's arXiv traffic. */
  readonly limiters?: { readonly huggingface?: RateLimiter; readonly arxiv?: RateLimiter };
  /** The newest day asked of Hugging Face (default today). */
  readonly newest?: string;
  /** Exactly this many Hugging Face days ending at `newest`, instead of those since the last fetch. */
  readonly days?: number;
  /** The most days caught up after a break (default 14). */
  readonly catchUpDays?: number;
  readonly signal?: AbortSignal;
  readonly log?: (entry: RequestLogEntry) => void;
  /** What is being asked now, for a progress line. */
  readonly progress?: (message: string) => void;
  readonly userAgent?: string;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly maxRetryWaitMs?: number;
}

export interface WrittenFile {
  /** Relative to the fetch folder. */
  readonly path: string;
  readonly papers: number;
  /** Papers the file did not have before (all of them for a new file). */
  readonly newPapers: number;
  readonly replaced: boolean;
}

export interface SourceResult {
  readonly subscription: Subscription;
  readonly written: readonly WrittenFile[];
  /** Files asked for again whose answer brought nothing new (kept as they were). */
  readonly unchanged: readonly string[];
  /** Something to say that is no trouble: an empty weekend feed, a file not replaced because it was edited. */
  readonly notes: readonly string[];
  /** Why the service failed (said once); the files written before it stay. */
  readonly failure?: string;
  readonly requests: number;
}

export interface FetchResult {
  readonly state: FetchState;
  readonly sources: readonly SourceResult[];
  readonly cancelled: boolean;
  readonly requests: number;
}

export async function fetchSubscriptions(
  subscriptions: readonly Subscription[],
  state: FetchState,
  files: FetchFiles,
  options: FetchOptions,
): Promise<FetchResult> {
  const clock = options.clock ?? systemClock;
  const limiters = {
    huggingface: options.limiters?.huggingface ?? new RateLimiter(clock, DEFAULT_INTERVALS_MS.huggingface),
    arxiv: options.limiters?.arxiv ?? new RateLimiter(clock, DEFAULT_INTERVALS_MS.arxiv),
  };
  const sources: Record<string, SourceState> = { ...state.sources };
  const results: SourceResult[] = [];
  /** Services that could not be reached: their other subscriptions are not asked this run. */
  const unreachable = new Map<string, string>();
  let cancelled = false;
  for (const subscription of subscriptions) {
    const down = unreachable.get(subscription.kind);
    if (down !== undefined) {
      results.push({ subscription, written: [], unchanged: [], notes: [], failure: `not asked: ${down}`, requests: 0 });
      continue;
    }
    let requests = 0;
    const client = new ServiceClient(subscription.kind, limiters[subscription.kind], {
      ...options,
      clock,
      log: entry => {
        requests++;
        options.log?.(entry);
      },
    });
    const source = new SourceFetch(subscription, sources[subscription.id], files, client, options);
    try {
      sources[subscription.id] = await source.run();
    } catch (error) {
      if (!options.signal?.aborted) throw error;
      cancelled = true;
    }
    // What was written before a failure or Cancel is recorded: those files are whole.
    sources[subscription.id] = source.state;
    if (source.unreachable && source.failure) unreachable.set(subscription.kind, source.failure);
    results.push({ subscription, ...source.outcome(), requests });
    if (cancelled) break;
  }
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  return { state: { sources }, sources: results, cancelled, requests };
}

class SourceFetch {
  readonly written: WrittenFile[] = [];
  readonly unchanged: string[] = [];
  readonly notes: string[] = [];
  failure: string | undefined;
  unreachable = false;
  state: SourceState;

  constructor(
    private readonly subscription: Subscription,
    previous: SourceState | undefined,
    private readonly files: FetchFiles,
    private readonly client: ServiceClient,
    private readonly options: FetchOptions,
  ) {
    this.state = previous ?? {};
  }

  outcome(): Omit<SourceResult, 'subscription' | 'requests'> {
    return { written: this.written, unchanged: this.unchanged, notes: this.notes, ...(this.failure ? { failure: this.failure } : {}) };
  }

  /** The source's state after the run; a service's failure ends the source's run, not the fetch. */
  async run(): Promise<SourceState> {
    try {
      if (this.subscription.kind === 'huggingface') await this.huggingFace();
      else await this.arxiv(this.subscription.categories);
    } catch (error) {
      if (error instanceof ServiceError) {
        this.failure = error.message;
        this.unreachable = error.kind === 'unreachable';
      } else if (error instanceof UnreadableAnswer) this.failure = `unreadable answer: ${error.message}; nothing of it was written`;
      else throw error;
    }
    return this.state;
  }

  private async huggingFace(): Promise<void> {
    const today = utcDay(this.options.now);
    const folder = this.subscription.folder;
    const onDisk = new Set(
      (await this.files.list(folder)).flatMap(name => (/^\d{4}-\d{2}-\d{2}\.json$/.test(name) ? [name.slice(0, 10)] : [])),
    );
    const days = huggingFaceDays(this.state, {
      newest: this.options.newest ?? today,
      today,
      catchUpDays: this.options.catchUpDays ?? 14,
      days: this.options.days,
      onDisk,
    });
    const base = trimSlash(this.options.endpoints?.huggingface ?? DEFAULT_FETCH_ENDPOINTS.huggingface);
    for (const day of days) {
      this.options.progress?.(`${this.subscription.label}: ${day}`);
      const pages: string[] = [];
      const items: unknown[] = [];
      const papers: ListedPaper[] = [];
      for (let page = 0; page < HF_MAX_PAGES; page++) {
        const answer = await this.client.get(`${base}/api/daily_papers?date=${day}&limit=${HF_PAGE_SIZE}&p=${page}`, 'application/json');
        if (answer.status === 404) break;
        const read = readHuggingFacePage(answer.body);
        pages.push(answer.body);
        items.push(...read.items);
        papers.push(...read.papers);
        if (read.items.length < HF_PAGE_SIZE) break;
      }
      this.recordDay(day, papers.length);
      if (papers.length === 0) continue; // an empty day (weekend, or too early): nothing to write
      // One page is written as it came; several are joined into the one list the service would send.
      const text = pages.length === 1 ? pages[0] : JSON.stringify(items);
      await this.keepOrReplace(`${folder}/${day}.json`, papers, text, body => readHuggingFacePage(body));
    }
  }

  private recordDay(day: string, papers: number): void {
    const checked = utcDay(this.options.now);
    this.state = { ...this.state, lastFetch: this.options.now.toISOString(), days: { ...this.state.days, [day]: { checked, papers } } };
  }

  private async arxiv(categories: readonly string[]): Promise<void> {
    const base = trimSlash(this.options.endpoints?.arxivRss ?? DEFAULT_FETCH_ENDPOINTS.arxivRss);
    const folder = this.subscription.folder;
    this.options.progress?.(this.subscription.label);
    // A conditional request only while the file of the last listing is there: a deleted file comes back.
    const previous = this.state.listingDay && (await this.files.read(`${folder}/${this.state.listingDay}.xml`));
    const conditional: Record<string, string> = {};
    if (previous) {
      if (this.state.etag) conditional['If-None-Match'] = this.state.etag;
      if (this.state.lastModified) conditional['If-Modified-Since'] = this.state.lastModified;
    }
    const answer = await this.client.get(`${base}/rss/${categories.join('+')}`, 'application/rss+xml, application/xml', conditional);
    const now = this.options.now.toISOString();
    if (answer.status === 304) {
      this.state = { ...this.state, lastFetch: now };
      this.unchanged.push(`${folder}/${this.state.listingDay}.xml`);
      return;
    }
    if (answer.status === 404)
      throw new ServiceError('arxiv', 'http', `no feed for ${categories.join('+')} (HTTP 404): check the category names`);
    const feed = readArxivFeed(answer.body);
    const validators = {
      ...(answer.headers?.get('etag') ? { etag: answer.headers.get('etag')! } : {}),
      ...(answer.headers?.get('last-modified') ? { lastModified: answer.headers.get('last-modified')! } : {}),
    };
    if (feed.papers.length === 0) {
      this.notes.push(
        `no announcement${feed.listingDay ? ` on ${feed.listingDay}` : ''} (arXiv announces nothing on weekends and holidays)`,
      );
      this.state = { ...this.state, lastFetch: now };
      return;
    }
    const day = feed.listingDay ?? utcDay(this.options.now);
    const kept = await this.keepOrReplace(`${folder}/${day}.xml`, feed.papers, answer.body, body => readArxivFeed(body));
    const { etag: _etag, lastModified: _lastModified, ...rest } = this.state;
    this.state = { ...rest, lastFetch: now, ...(kept ? { listingDay: day, ...validators } : {}) };
  }

  /**
   * Writes the answer unless the file of its day already has all its papers as they are. A file
   * that no longer reads as the service's answer (edited by hand) is left alone and said so.
   * Returns whether the file now holds the answer (written, or unchanged).
   */
  private async keepOrReplace(
    path: string,
    papers: readonly ListedPaper[],
    text: string,
    read: (body: string) => { papers: readonly ListedPaper[] },
  ): Promise<boolean> {
    const existing = await this.files.read(path);
    let onDisk: readonly ListedPaper[] | undefined;
    if (existing !== undefined) {
      try {
        onDisk = read(existing).papers;
      } catch {
        this.notes.push(`${path} was not replaced: it no longer reads as the service's answer (edited?)`);
        return false;
      }
    }
    const comparison = compareWithFile(papers, onDisk);
    if (!comparison.replace) {
      this.unchanged.push(path);
      return true;
    }
    await this.files.write(path, text);
    this.written.push({ path, papers: papers.length, newPapers: comparison.added, replaced: existing !== undefined });
    return true;
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
