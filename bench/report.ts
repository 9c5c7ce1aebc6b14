/** The benchmark's plain-text table: one row per figure, one column per size, targets beside. */
import type { IndexResult, SizeResult } from './main';

interface Row {
  readonly label: string;
  readonly value: (result: SizeResult) => string;
  readonly target?: string;
}

const fixed = (digits: number) => (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits));
const ms = fixed(1);
const percent = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '-' : `${(n * 100).toFixed(0)}%`);
const fromIndex = (pick: (index: IndexResult) => number, show: (n: number | undefined) => string) => (result: SizeResult) =>
  result.index ? show(pick(result.index)) : 'skipped*';

const ROWS: Row[] = [
  { label: 'digest file (MB)', value: r => fixed(1)(r.fileMB) },
  { label: 'raw read + split lines (MB/s)', value: r => fixed(0)(r.rawMBps) },
  { label: 'read + decode + parse (MB/s)', value: r => fixed(0)(r.parseMBps) },
  { label: 'parse speed / raw speed', value: r => fixed(2)(r.parseRatio), target: '>= 0.33' },
  { label: 'decode + parse in slices: longest loop hold (ms)', value: r => ms(r.parseMaxHoldMs), target: '< 50' },
  { label: 'library build (ms)', value: r => ms(r.libraryMs) },
  { label: 'library build, in slices (ms)', value: r => ms(r.libraryBackgroundMs) },
  { label: 'library in slices: longest loop hold (ms)', value: r => ms(r.libraryMaxHoldMs), target: '< 50' },
  { label: 'index: titles + keys searchable (ms)', value: fromIndex(i => i.titlesMs, ms), target: '< 300 at 10k' },
  { label: 'index: full, in background (ms)', value: fromIndex(i => i.fullBackgroundMs, ms), target: '< 2000 at 10k' },
  { label: 'index: full, blocking build (ms)', value: fromIndex(i => i.fullBlockingMs, ms) },
  // In-thread holds: the extension runs these slices in its index worker, where a hold only delays
  // a query; the host's own figure is 'index in a worker: longest main-thread hold'.
  { label: 'index in background: longest loop hold (ms)', value: fromIndex(i => i.maxHoldMs, ms) },
  { label: 'query p50 (ms)', value: fromIndex(i => i.queryP50Ms, fixed(2)) },
  { label: 'query p95 (ms)', value: fromIndex(i => i.queryP95Ms, fixed(2)), target: '< 10 at 10k' },
  { label: 'query max (ms)', value: fromIndex(i => i.queryMaxMs, fixed(2)) },
  { label: 'title queries: source title 1st', value: fromIndex(i => i.titleHitAt1, percent) },
  { label: 'title queries: source title in top 10', value: fromIndex(i => i.titleHitAt10, percent) },
  { label: 'related(key) p50 (ms)', value: fromIndex(i => i.relatedP50Ms, fixed(2)) },
  { label: 'relatedToText p50 (ms)', value: fromIndex(i => i.relatedToTextP50Ms, fixed(2)) },
  { label: 'cache size (MB)', value: fromIndex(i => i.cacheMB, fixed(1)) },
  { label: 'cache write: toJSON + stringify (ms)', value: fromIndex(i => i.cacheWriteMs, ms) },
  { label: 'cache read: parse + fromJSON (ms)', value: fromIndex(i => i.cacheReadMs, ms) },
  { label: 'cache write in slices, JSON lines (ms)', value: fromIndex(i => i.cacheWriteBackgroundMs, ms) },
  { label: 'cache write in slices: longest loop hold (ms)', value: fromIndex(i => i.cacheWriteMaxHoldMs, ms) },
  { label: 'cache read in slices, JSON lines (ms)', value: fromIndex(i => i.cacheReadBackgroundMs, ms) },
  { label: 'cache read in slices: longest loop hold (ms)', value: fromIndex(i => i.cacheReadMaxHoldMs, ms) },
  { label: 'index in a worker: titles searchable (ms)', value: fromIndex(i => i.workerTitlesMs, ms) },
  { label: 'index in a worker: complete (ms)', value: fromIndex(i => i.workerCompleteMs, ms) },
  { label: 'index in a worker: longest main-thread hold (ms)', value: fromIndex(i => i.workerMaxHoldMs, ms), target: '< 50' },
  {
    label: 'worker query p50 / p95 (ms)',
    value: r => (r.index ? `${fixed(2)(r.index.workerQueryP50Ms)} / ${fixed(2)(r.index.workerQueryP95Ms)}` : 'skipped*'),
  },
  { label: 'peak RSS (MB)', value: r => fixed(0)(r.peakRssMB) },
  { label: 'peak heap used (MB)', value: r => fixed(0)(r.peakHeapMB) },
];

export function printTable(results: readonly SizeResult[], context: { node: string; load: string }): void {
  const header = ['', ...results.map(r => `${r.papers / 1000}k papers`), 'target'];
  const body = ROWS.map(row => [row.label, ...results.map(row.value), row.target ?? '']);
  const widths = header.map((_, c) => Math.max(header[c].length, ...body.map(cells => cells[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 || c === cells.length - 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  const notes = [`node ${context.node}; load average before the run: ${context.load}`];
  if (results.some(r => r.index === undefined)) notes.push('* index not built at this size; run with --full to include it');
  const out = [line(header), ...body.map(line), '', ...notes];
  process.stdout.write(out.join('\n') + '\n');
}
