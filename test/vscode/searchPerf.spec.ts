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
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import * as vscode from 'vscode';
import type { IndexCache } from '../../src/vscode/workspace/indexCache';
import type { SearchItemSummary } from '../../src/vscode/search';
import { extensionApi, waitFor } from './helpers';
import { LoopMonitor, profiled, report } from './perf';

const QUERY = 'transcoders circuits';
const TITLE = 'Transcoders Find Interpretable LLM Feature Circuits';

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
