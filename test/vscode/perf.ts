// What the perf specs share (searchPerf, startupPerf): a figure printed through the runner, the
// longest hold of the host's thread, and CPU profiles of a step on demand.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/** The runner prints only lines carrying its marker (see test/vscode/index.ts). */
export function report(line: string): void {
  console.log(`${process.env.DIGEST_NOTES_LOG_MARKER ?? ''}      [perf] ${line}`);
}

/**
 * With DIGEST_NOTES_PERF_PROFILE=DIR, a CPU profile of the extension host per measured step is
 * written to DIR (open it in Chrome DevTools, or `node scripts/perf/holds.mjs FILE` for the holds).
 */
export async function profiled<T>(label: string, run: () => Promise<T>): Promise<T> {
  const dir = process.env.DIGEST_NOTES_PERF_PROFILE;
  if (!dir) return run();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<{ profile?: unknown }>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve((result ?? {}) as { profile?: unknown }))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  longHolds.length = 0;
  try {
    return await run();
  } finally {
    const { profile } = await post('Profiler.stop');
    const file = `${dir}/${label.replace(/[^a-z0-9]+/gi, '-')}`;
    writeFileSync(`${file}.cpuprofile`, JSON.stringify(profile));
    // When the monitor saw each hold, on the profile's clock (monotonic, ms) for scripts/perf/holds.mjs.
    const toProfileClock = Number(process.hrtime.bigint()) / 1e6 - performance.now();
    writeFileSync(`${file}.holds.json`, JSON.stringify(longHolds.map(([start, end]) => [start + toProfileClock, end + toProfileClock])));
    session.disconnect();
  }
}

/** The holds over 50 ms seen since the current profile started: [start, end] in performance.now(). */
const longHolds: Array<[number, number]> = [];

/**
 * Records the longest gap between timer ticks (how long something held the event loop) and the
 * garbage collections meanwhile, so a hold can be told apart as mostly a collection's pause.
 */
export class LoopMonitor {
  private last = performance.now();
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly holds: Array<[start: number, end: number]> = [];
  private readonly collections: PerformanceEntry[] = [];
  private readonly observer = new PerformanceObserver(list => this.collections.push(...list.getEntries()));
  maxHoldMs = 0;

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
    this.timer = setInterval(() => {
      const now = performance.now();
      const hold = now - this.last - 1;
      this.maxHoldMs = Math.max(this.maxHoldMs, hold);
      if (hold > 50) {
        this.holds.push([this.last, now]);
        if (process.env.DIGEST_NOTES_PERF_PROFILE) longHolds.push([this.last, now]);
      }
      this.last = now;
    }, 1);
  }

  /** Waits a tick first, so a hold at the very end is seen too. */
  async stop(): Promise<string> {
    await new Promise(resolve => setTimeout(resolve, 5));
    clearInterval(this.timer);
    this.observer.disconnect();
    const pausedIn = ([start, end]: [number, number]) =>
      this.collections
        .filter(gc => gc.startTime < end && gc.startTime + gc.duration > start)
        .reduce((sum, gc) => sum + Math.min(end, gc.startTime + gc.duration) - Math.max(start, gc.startTime), 0);
    const byGc = this.holds.filter(hold => pausedIn(hold) >= (hold[1] - hold[0]) / 2).length;
    const longest = (kind: number) => Math.max(0, ...this.collections.filter(gc => gcKind(gc) === kind).map(gc => gc.duration));
    return (
      `longest host hold ${this.maxHoldMs.toFixed(0)} ms (${this.holds.length} over 50 ms, ${byGc} of them mostly GC); ` +
      `longest GC pause: minor ${longest(constants.NODE_PERFORMANCE_GC_MINOR).toFixed(0)} ms, ` +
      `major ${longest(constants.NODE_PERFORMANCE_GC_MAJOR).toFixed(0)} ms`
    );
  }
}

function gcKind(entry: PerformanceEntry): number | undefined {
  return (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
}
