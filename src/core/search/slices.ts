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

export interface SliceOptions {
  /** The longest a slice may run before yielding; default 20 ms. */
  readonly sliceMs?: number;
  readonly signal?: AbortSignal;
  /** Called after each slice with how many items are done. */
  readonly onSlice?: (done: number) => void;
}

/**
 * Runs `work` over `items` in time-boxed slices, yielding to the event loop between them. Rejects
 * with the signal's reason when aborted.
 */
export async function runInSlices<T>(items: readonly T[], work: (item: T) => void, options: SliceOptions = {}): Promise<void> {
  const sliceMs = options.sliceMs ?? 20;
  let next = 0;
  while (next < items.length) {
    options.signal?.throwIfAborted();
    const started = performance.now();
    do {
      work(items[next]);
      next += 1;
    } while (next < items.length && performance.now() - started < sliceMs);
    options.onSlice?.(next);
    if (next < items.length) await yieldToEventLoop();
  }
  options.signal?.throwIfAborted();
}
