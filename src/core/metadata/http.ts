/**
 * One GET to a metadata service, the way every lookup makes it: through the service's rate
 * limiter, with a timeout, `Retry-After` honoured on 429 and 503 (else exponential back-off),
 * and every request and its answer code handed to the log. The `fetch` is injected: the CLI
 * passes Node's, the extension one that follows VS Code's proxy settings, tests one aimed at a
 * local replay server.
 */
import { RateLimiter, retryAfterMs, systemClock, type Clock } from './rateLimit';

/** The part of a `fetch` Response that lookups read. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** A `fetch`-like function (the global `fetch` is one). */
export type FetchLike = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; signal: AbortSignal },
) => Promise<HttpResponse>;

export type ServiceName = 'huggingface' | 'arxiv' | 'doi';

/** One request as the log channel shows it. */
export interface RequestLogEntry {
  readonly service: ServiceName;
  readonly url: string;
  /** The answer's status code; absent when no answer came. */
  readonly status?: number;
  /** Why no usable answer came (timeout, connection refused...). */
  readonly error?: string;
  readonly ms: number;
}

export type ServiceErrorKind = 'unreachable' | 'timeout' | 'http' | 'malformed';

/** A service that could not answer; `unreachable` means no later request to it can succeed now. */
export class ServiceError extends Error {
  constructor(
    readonly service: ServiceName,
    readonly kind: ServiceErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface ServiceClientOptions {
  readonly fetch: FetchLike;
  /** Spaces requests and waits out `Retry-After`; the timeout runs on real time. */
  readonly clock: Clock;
  /** Per request, body included (default 20 s). */
  readonly timeoutMs?: number;
  /** Retries after 429/503 (default 3). */
  readonly maxRetries?: number;
  /** A `Retry-After` longer than this is a failure, not a wait (default 60 s). */
  readonly maxRetryWaitMs?: number;
  readonly log?: (entry: RequestLogEntry) => void;
  readonly signal?: AbortSignal;
  readonly userAgent?: string;
}

export interface ServiceAnswer {
  readonly status: number;
  readonly body: string;
  /** The answer's headers (`ETag`, `Last-Modified`...); absent on answers made up by tests. */
  readonly headers?: { get(name: string): string | null };
}

export class ServiceClient {
  constructor(
    readonly service: ServiceName,
    private readonly limiter: RateLimiter,
    private readonly options: ServiceClientOptions,
  ) {}

  /** When the service's request budget (its `RateLimit` headers) was used up until a time past the longest wait. */
  private budgetUntil: number | undefined;

  /**
   * The answer to a GET: 2xx, 304 (to a conditional request) and 404 are answers (404: the
   * service has nothing); anything else after the retries is a `ServiceError`. Rejects with the
   * abort reason when cancelled. `headers` are sent besides `Accept` and the User-Agent
   * (`If-None-Match`, `If-Modified-Since`).
   */
  async get(url: string, accept: string, headers: Record<string, string> = {}): Promise<ServiceAnswer> {
    const maxRetries = this.options.maxRetries ?? 3;
    const maxWait = this.options.maxRetryWaitMs ?? 60_000;
    if (this.budgetUntil !== undefined && this.budgetUntil > this.options.clock.now()) {
      const seconds = Math.ceil((this.budgetUntil - this.options.clock.now()) / 1000);
      throw new ServiceError(this.service, 'http', `request budget used up; it renews in ${seconds} s`);
    }
    for (let attempt = 0; ; attempt++) {
      const answer = await this.limiter.run(() => this.once(url, accept, headers), this.options.signal);
      // Hugging Face announces its 5-minute budget in `RateLimit` headers: when none is left the
      // next request waits for the window to renew rather than earning a 429.
      const budget = budgetWaitMs(answer.headers);
      if (budget !== undefined) {
        if (budget > maxWait) this.budgetUntil = this.options.clock.now() + budget;
        else this.limiter.holdFor(budget);
      }
      if (answer.status !== 429 && answer.status !== 503) {
        if ((answer.status >= 200 && answer.status < 300) || answer.status === 304 || answer.status === 404) return answer;
        throw new ServiceError(this.service, 'http', `HTTP ${answer.status}`);
      }
      const asked = retryAfterMs(answer.retryAfter, Date.now());
      const wait = asked ?? 1000 * 2 ** attempt;
      if (attempt >= maxRetries) throw new ServiceError(this.service, 'http', `HTTP ${answer.status} after ${attempt + 1} tries`);
      if (wait > maxWait) {
        throw new ServiceError(this.service, 'http', `HTTP ${answer.status}, asked to wait ${Math.round(wait / 1000)} s`);
      }
      this.limiter.holdFor(wait);
    }
  }

  private async once(url: string, accept: string, extra: Record<string, string>): Promise<ServiceAnswer & { retryAfter: string | null }> {
    const { clock, signal } = this.options;
    const started = clock.now();
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = new AbortController();
    const timeoutMs = this.options.timeoutMs ?? 20_000;
    let timedOut = false;
    // Timeouts run on real time whatever the clock: a test's fake clock, which jumps ahead to
    // space requests, would otherwise time out every request at once.
    const timeout = systemClock.sleep(timeoutMs, timer.signal).then(
      () => {
        timedOut = true;
        controller.abort(new Error('timeout'));
      },
      () => undefined,
    );
    const log = (entry: Omit<RequestLogEntry, 'service' | 'url' | 'ms'>) =>
      this.options.log?.({ service: this.service, url, ms: Math.round(clock.now() - started), ...entry });
    try {
      const headers: Record<string, string> = { ...extra, Accept: accept };
      if (this.options.userAgent !== undefined) headers['User-Agent'] = this.options.userAgent;
      const response = await this.options.fetch(url, { method: 'GET', headers, signal: controller.signal });
      const body = await response.text();
      log({ status: response.status });
      return { status: response.status, body, headers: response.headers, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      if (signal?.aborted) {
        log({ error: 'cancelled' });
        throw signal.reason;
      }
      if (timedOut) {
        log({ error: `no answer within ${timeoutMs / 1000} s` });
        throw new ServiceError(this.service, 'timeout', `no answer within ${timeoutMs / 1000} s`);
      }
      const reason = networkReason(error);
      log({ error: reason });
      throw new ServiceError(this.service, 'unreachable', reason);
    } finally {
      timer.abort();
      await timeout;
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** `connection refused (ECONNREFUSED)` and the like, from Node's fetch error and its cause. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  const names: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host not found (offline?)',
    ECONNRESET: 'connection reset',
    ENETUNREACH: 'network unreachable',
    EHOSTUNREACH: 'host unreachable',
  };
  if (code !== undefined) return `${names[code] ?? 'network error'} (${code})`;
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/**
 * How long to wait before the next request when the answer says the request budget is used up:
 * the IETF draft's `RateLimit: "api";r=0;t=120` (Hugging Face's) or the older
 * `RateLimit-Remaining: 0` with `RateLimit-Reset: 120`. Undefined while requests remain.
 */
export function budgetWaitMs(headers: ServiceAnswer['headers']): number | undefined {
  if (!headers) return undefined;
  const combined = headers.get('ratelimit');
  if (combined !== null) {
    const remaining = /(?:^|[;,\s])r=(\d+)/.exec(combined)?.[1];
    const reset = /(?:^|[;,\s])t=(\d+)/.exec(combined)?.[1];
    if (remaining !== undefined && Number(remaining) === 0 && reset !== undefined) return Number(reset) * 1000;
    if (remaining !== undefined) return undefined;
  }
  const remaining = headers.get('ratelimit-remaining');
  const reset = headers.get('ratelimit-reset');
  if (remaining !== null && Number(remaining.trim()) === 0 && reset !== null && /^\s*\d+\s*$/.test(reset)) return Number(reset) * 1000;
  return undefined;
}
