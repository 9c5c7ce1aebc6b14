import * as assert from 'node:assert/strict';
import type { ForYouNode } from '../../src/vscode/tree/nodes';
import { extensionApi, waitFor } from './helpers';
import { LoopMonitor, profiled, report } from './perf';

/**
 * For you at the size of the perf workspace (DIGEST_NOTES_PERF=1, e.g. the 10k real-text workspace
 * of scripts/perf/make-real-workspace.mjs): five papers of the oldest day starred, then the time
 * until the For you section is ranked and the longest hold of the host's thread meanwhile (the
 * features, the training and the ranking run in the index worker; the host gathers the corpus in
 * slices and sends it in chunks). The stars are taken back after.
 */
(process.env.DIGEST_NOTES_PERF === '1' ? describe : describe.skip)('For you at scale (DIGEST_NOTES_PERF=1)', function () {
  this.timeout(600_000);

  it('ranks the latest days for five starred papers: elapsed time and the longest host hold', async () => {
    const api = await extensionApi();
    const library = await api.workspace.library();
    const oldest = library.papers.filter(p => p.date !== null).sort((a, b) => a.date!.localeCompare(b.date!))[0]?.date;
    assert.ok(oldest, 'the workspace has dated papers');
    const liked = library.papers.filter(p => p.date === oldest).slice(0, 5);
    const monitor = new LoopMonitor();
    const started = performance.now();
    let ranked: string | undefined;
    try {
      assert.ok(await api.reading.set(liked, 'starred'));
      const section = await profiled('for-you', () =>
        waitFor(
          async () => {
            const [first] = await api.papersTree.getChildren();
            return first?.kind === 'forYou' && (first as ForYouNode).papers.length > 0 ? (first as ForYouNode) : undefined;
          },
          { timeout: 300_000, interval: 100, message: 'the For you section ranked' },
        ),
      );
      ranked = `ranked in ${(performance.now() - started).toFixed(0)} ms, ${section.papers.length} shown`;
    } finally {
      const holds = await monitor.stop();
      if (ranked) report(`For you over ${library.papers.length} papers (5 starred): ${ranked}; ${holds}`);
      await api.reading.set(liked, 'unread');
    }
  });
});
