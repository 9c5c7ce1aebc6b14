/**
 * Time, injected so tests control it, and the per-service limiter that spaces requests. A
 * limiter lets one request run at a time (one connection) and starts the next only `intervalMs`
 * after the previous answer ended, which keeps the gap the service sees between two requests
 * at least that long (arXiv asks for three seconds). A 429 or 503 pushes the next start back by
 * the service's `Retry-After`.
 */

export interface Clock {
  /** Milliseconds since some fixed point. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it is aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export class RateLimiter {
  private tail: Promise<unknown> = Promise.resolve();
  /** The clock time before which no request may start. */
  private notBefore = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    readonly intervalMs: number,
  ) {}

  /** Runs `task` when its turn and the interval allow; tasks run one at a time, in call order. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const turn = this.tail.then(async () => {
      const wait = this.notBefore - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait, signal);
      signal?.throwIfAborted();
      try {
        return await task();
      } finally {
        this.notBefore = Math.max(this.notBefore, this.clock.now() + this.intervalMs);
      }
    });
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** No request starts before `ms` from now (a service's `Retry-After`). */
  holdFor(ms: number): void {
    this.notBefore = Math.max(this.notBefore, this.clock.now() + ms);
  }
}

/**
 * `Retry-After` in milliseconds: delay-seconds or an HTTP date (relative to `nowMs`, wall-clock
 * time); undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
