/** Small measuring tools for the benchmark: timers, percentiles, memory peaks, event-loop holds. */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

/** The fastest of `runs` runs: the figure least disturbed by other processes on the machine. */
export function bestOf<T>(runs: number, work: () => T): { value: T; ms: number } {
  let best = timed(work);
  for (let i = 1; i < runs; i++) {
    const run = timed(work);
    if (run.ms < best.ms) best = run;
  }
  return best;
}

/**
 * As `bestOf`, timed in CPU time (user + system) of this process rather than elapsed time: on a
 * machine shared with other work, elapsed time counts the waits for a core and CPU time does not
 * (it counts V8's helper threads, parallel GC among them, too).
 */
export function bestCpuOf<T>(runs: number, work: () => T): { value: T; ms: number } {
  let best: { value: T; ms: number } | undefined;
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    const value = work();
    const used = process.cpuUsage(before);
    const ms = (used.user + used.system) / 1000;
    if (!best || ms < best.ms) best = { value, ms };
  }
  return best!;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[at];
}

/** Tracks the highest RSS and heap seen, sampled on a timer and whenever asked. */
export class MemoryPeak {
  rss = 0;
  heap = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.sample();
    this.timer = setInterval(() => this.sample(), 25);
    this.timer.unref();
  }

  sample(): void {
    const usage = process.memoryUsage();
    this.rss = Math.max(this.rss, usage.rss);
    this.heap = Math.max(this.heap, usage.heapUsed);
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }
}

/**
 * Runs async work while watching how long the event loop is held: the longest delay of a 1 ms
 * timer (perf_hooks' histogram), which is the longest stretch nothing else could run.
 */
export async function withLoopMonitor<T>(work: () => Promise<T>): Promise<{ value: T; maxHoldMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    const value = await work();
    return { value, maxHoldMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

export const MB = 1024 * 1024;
