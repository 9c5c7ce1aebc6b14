/**
 * Cooperative scheduling for long jobs on the extension host's single thread: work in slices of
 * a few milliseconds and give the event loop a turn between them, so the editor stays responsive.
 */

/** Resolves on the next macrotask, after pending I/O and timers have had their turn. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise(resolve => {
    // setImmediate runs after I/O callbacks without setTimeout's minimum delay; web workers lack it.
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

export const DEFAULT_SLICE_MS = 10;

export interface SliceOptions {
  /**
   * How long a slice may run before yielding; default 10 ms. A garbage collection that falls in a
   * slice adds its pause on top (a young-generation scavenge while indexing takes up to ~30 ms on
   * a busy machine), so the default leaves room under a 50 ms budget.
   */
  readonly sliceMs?: number;
  readonly signal?: AbortSignal;
  /** Called after each slice with how many items are done. */
  readonly onSlice?: (done: number) => void;
}

/**
 * Runs `work` over `items` in time-boxed slices, yielding to the event loop between them. Rejects
 * with the signal's reason when aborted. `items` may be a generator that does work of its own.
 */
export async function runInSlices<T>(items: Iterable<T>, work: (item: T) => void, options: SliceOptions = {}): Promise<void> {
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const iterator = items[Symbol.iterator]();
  let done = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const started = performance.now();
    do {
      const next = iterator.next();
      if (next.done) {
        options.onSlice?.(done);
        options.signal?.throwIfAborted();
        return;
      }
      work(next.value);
      done += 1;
    } while (performance.now() - started < sliceMs);
    options.onSlice?.(done);
    await yieldToEventLoop();
  }
}

/**
 * Drives `steps` (a generator that yields between small pieces of work) to the end at once and
 * returns its result: the blocking twin of `completeInSlices`, so both run one implementation.
 */
export function completeNow<R>(steps: Generator<unknown, R>): R {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Drives `steps` to the end in time-boxed slices (see `runInSlices`) and returns its result. */
export async function completeInSlices<R>(steps: Generator<unknown, R>, options: SliceOptions = {}): Promise<R> {
  const box: { result?: R } = {};
  const capture = function* (): Generator<unknown> {
    box.result = yield* steps;
  };
  await runInSlices(capture(), () => undefined, options);
  return box.result as R;
}
