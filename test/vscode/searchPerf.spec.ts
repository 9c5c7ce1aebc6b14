// Time to the first search result in a large workspace, cold and warm, and the longest the
// extension host is held meanwhile. Runs only with DIGEST_NOTES_PERF=1, on a workspace made by
// `node scripts/perf/make-workspace.mjs DIR` and opened with DIGEST_NOTES_TEST_WORKSPACE=DIR:
//
//   node scripts/perf/make-workspace.mjs /tmp/ws10k
//   npm run build && DIGEST_NOTES_PERF=1 DIGEST_NOTES_TEST_WORKSPACE=/tmp/ws10k DIGEST_NOTES_SPECS=searchPerf npm run test:vscode
//
// It logs figures rather than asserting times (machines differ); it asserts that the search
// finds the seed paper among 10k and that the warm start used the saved index.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { IndexCache } from '../../src/vscode/workspace/indexCache';
import type { SearchItemSummary } from '../../src/vscode/search';
import { extensionApi, waitFor } from './helpers';

const QUERY = 'transcoders circuits';
const TITLE = 'Transcoders Find Interpretable LLM Feature Circuits';

/** The runner prints only lines carrying its marker (see test/vscode/index.ts). */
function report(line: string): void {
  console.log(`${process.env.DIGEST_NOTES_LOG_MARKER ?? ''}      [perf] ${line}`);
}

/**
 * With DIGEST_NOTES_PERF_PROFILE=DIR, a CPU profile of the extension host per measured step is
 * written to DIR (open it in Chrome DevTools, or `node scripts/perf/holds.mjs FILE` for the holds).
 */
async function profiled<T>(label: string, run: () => Promise<T>): Promise<T> {
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
class LoopMonitor {
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

async function timeToFirstResult(label: string): Promise<void> {
  const api = await extensionApi();
  const monitor = new LoopMonitor();
  const started = performance.now();
  const items = await vscode.commands.executeCommand<SearchItemSummary[]>('digestNotes.searchPapers', { query: QUERY });
  const firstResultMs = performance.now() - started;
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  const index = await api.workspace.index();
  await waitFor(() => index.isComplete, { timeout: 300_000, interval: 100, message: 'the abstracts to be indexed' });
  const completeMs = performance.now() - started;
  report(
    `${label}: ${index.size} papers; first search result ${firstResultMs.toFixed(0)} ms; ` +
      `index complete ${completeMs.toFixed(0)} ms; ${await monitor.stop()}`,
  );
  assert.equal(items[0]?.label, TITLE);
}

(process.env.DIGEST_NOTES_PERF === '1' ? describe : describe.skip)('search in a large workspace (DIGEST_NOTES_PERF=1)', function () {
  this.timeout(600_000);
  let cache: IndexCache;

  before(async () => {
    const api = await extensionApi();
    cache = api.indexCache!;
    assert.ok(cache, 'the index cache is registered');
    await cache.clear();
  });

  it('cold: the first open of the workspace, nothing saved', async () => {
    await profiled('cold', () => timeToFirstResult('cold (first open, no saved index)'));
  });

  it('reports the host heap (its young generation sets how long a minor GC can pause)', () => {
    const spaces = getHeapSpaceStatistics().map(space => `${space.space_name} ${(space.space_size / 1e6).toFixed(1)} MB`);
    report(`host heap: ${spaces.join(', ')}; limit ${(getHeapStatistics().heap_size_limit / 1e6).toFixed(0)} MB`);
  });

  it('saves the index', async () => {
    const api = await extensionApi();
    const index = await api.workspace.index();
    const monitor = new LoopMonitor();
    const started = performance.now();
    await index.save();
    const size = (await vscode.workspace.fs.stat(cache.file)).size;
    report(`saving the index: ${(performance.now() - started).toFixed(0)} ms, ${(size / 1e6).toFixed(1)} MB; ${await monitor.stop()}`);
  });

  it('warm: the model reloaded, as after a window reload, with the saved index', async () => {
    const api = await extensionApi();
    api.workspace.reset();
    await profiled('warm', () => timeToFirstResult('warm (reloaded, saved index)'));
    const { lastLoad } = await api.workspace.index();
    assert.equal(lastLoad?.used, true, `the saved index was not used: ${lastLoad?.reason}`);
    report(`  the worker had the saved index restored ${lastLoad?.ms.toFixed(0)} ms after it started (restoring while the host parsed)`);
  });

  it('reports where the time goes (scan, library, index)', async () => {
    const api = await extensionApi();
    api.workspace.reset();
    for (const [phase, run] of [
      ['scan + parse', () => api.workspace.ensureLoaded()],
      ['library', () => api.workspace.library()],
      ['index (from the saved one)', () => api.workspace.index()],
    ] as const) {
      await profiled(phase, async () => {
        const monitor = new LoopMonitor();
        const started = performance.now();
        await run();
        report(`${phase}: ${(performance.now() - started).toFixed(0)} ms, ${await monitor.stop()}`);
      });
    }
  });
});
