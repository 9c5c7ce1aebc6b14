/**
 * `npm run bench`: parses, merges, indexes and searches synthetic digests of 1k, 10k and 100k
 * papers and prints what each step costs. `--json` prints the figures for machines;
 * `--sizes 1000,10000` picks the sizes. The 100k index is skipped unless `--full` is given: it
 * takes minutes and about 3 GB here, and the targets are set at 10k. After the sizes, the digest
 * sources (bench/sources.ts, 10k papers) and the metadata lookups (bench/metadata.ts, about 15 s of
 * real arXiv pacing) run; `--no-sources` and `--no-metadata` skip them. Then "For you" on the real
 * crawl (bench/rank.ts); `--rank` runs it alone, `--no-rank` skips it, `--data FILE` names the crawl.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeLines, encodeLines, fromJsonLines, toJsonLines } from '../src/core/util/jsonLines';
import { buildLibrary, buildLibraryInBackground } from '../src/core/library/library';
import { parseDigest, parseDigestBytesInBackground } from '../src/core/digest/parser';
import type { Paper } from '../src/core/model';
import { PaperIndex } from '../src/core/search';
import { decodeText } from '../src/core/util/text';
import { WorkerIndex } from '../src/indexWorker/client';
import { generateDigest, generateQueries, type SyntheticDigest } from './generate';
import { bestOf, MB, MemoryPeak, percentile, timed, withLoopMonitor } from './measure';
import { benchMetadata, formatMetadata, type MetadataResult } from './metadata';
import { formatRankBench, runRankBench, type RankBenchResult } from './rank';
import { findCrawl } from './rankData';
import { printTable } from './report';
import { benchSources, formatSources, type SourcesResult } from './sources';
import { benchCliProcess, formatCliProcess, type CliProcessResult } from './cliProcess';

export interface SizeResult {
  papers: number;
  fileMB: number;
  rawMBps: number;
  parseMBps: number;
  parseRatio: number;
  /** Longest event-loop hold decoding and parsing the one file in slices, as the extension does. */
  parseMaxHoldMs: number;
  libraryMs: number;
  libraryBackgroundMs: number;
  libraryMaxHoldMs: number;
  index?: IndexResult;
  peakRssMB: number;
  peakHeapMB: number;
}

export interface IndexResult {
  titlesMs: number;
  fullBackgroundMs: number;
  fullBlockingMs: number;
  maxHoldMs: number;
  queryP50Ms: number;
  queryP95Ms: number;
  queryMaxMs: number;
  titleHitAt1: number;
  titleHitAt10: number;
  relatedP50Ms: number;
  relatedToTextP50Ms: number;
  cacheMB: number;
  cacheWriteMs: number;
  cacheReadMs: number;
  /** As the extension saves and loads it: in slices, as JSON lines, to and from bytes. */
  cacheWriteBackgroundMs: number;
  cacheWriteMaxHoldMs: number;
  cacheReadBackgroundMs: number;
  cacheReadMaxHoldMs: number;
  /** The index as the extension runs it: in a worker thread, from the main thread's side. */
  workerTitlesMs: number;
  workerCompleteMs: number;
  workerMaxHoldMs: number;
  /** Round trips, messages included, over the same queries as queryP50Ms / queryP95Ms. */
  workerQueryP50Ms: number;
  workerQueryP95Ms: number;
}

const QUERY_COUNT = 200;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      sizes: { type: 'string', default: '1000,10000,100000' },
      full: { type: 'boolean', default: false },
      // Flags of their own: parseArgs's allowNegative needs Node 22, the engines field allows 20.
      'no-sources': { type: 'boolean', default: false },
      // The sources timed in CPU time: steadier than elapsed time on a machine shared with other work.
      cpu: { type: 'boolean', default: false },
      'no-metadata': { type: 'boolean', default: false },
      // "For you" on the real crawl alone (bench/rank.ts); it also runs after the others unless --no-rank.
      rank: { type: 'boolean', default: false },
      'no-rank': { type: 'boolean', default: false },
      data: { type: 'string' },
    },
  });
  const log = (line: string) => values.json || process.stderr.write(line + '\n');
  if (values.rank) {
    const rank = rankOrSkip(values.data, log);
    if (values.json) process.stdout.write(JSON.stringify({ rank }, null, 2) + '\n');
    else if (rank) process.stdout.write(formatRankBench(rank) + '\n');
    return;
  }
  const sizes = values.sizes
    .split(',')
    .map(Number)
    .filter(n => Number.isInteger(n) && n > 0);
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'digest-notes-bench-'));
  const results: SizeResult[] = [];
  try {
    for (const papers of sizes) {
      log(`${papers} papers...`);
      const skipIndex = papers >= 100_000 && !values.full;
      results.push(await benchSize(papers, dir, !skipIndex));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let sources: SourcesResult | undefined;
  if (!values['no-sources']) {
    log('sources: 10000 papers as text, HF JSON, arXiv e-mail and arXiv RSS...');
    sources = benchSources(10_000, 3, { cpu: values.cpu });
    log(formatSources(sources));
  }
  let cliProcess: CliProcessResult | undefined;
  if (!values['no-sources']) {
    cliProcess = benchCliProcess(10_000, 5);
    log(cliProcess ? formatCliProcess(cliProcess) : 'the CLI process: dist/cli.js not built, skipped');
  }
  let metadata: MetadataResult | undefined;
  if (!values['no-metadata']) {
    metadata = await benchMetadata(30, log);
    log(formatMetadata(metadata));
  }
  const rank = values['no-rank'] ? undefined : rankOrSkip(values.data, log);
  const context = { node: process.version, load: loadBefore.map(n => n.toFixed(2)).join(' ') };
  if (values.json) process.stdout.write(JSON.stringify({ context, results, sources, cliProcess, metadata, rank }, null, 2) + '\n');
  else printTable(results, context);
}

/** The ranking bench, or a line saying why it was skipped (the crawl is not in this checkout). */
function rankOrSkip(data: string | undefined, log: (line: string) => void): RankBenchResult | undefined {
  const file = findCrawl(data);
  if (file === undefined) {
    log('rank: skipped, the crawl ../shared/data/arxiv-listings-2025-03-18-to-07-31.jsonl.gz is not found (--data FILE)');
    return undefined;
  }
  log('rank: the real crawl as RSS days, "For you" against its baselines...');
  return runRankBench(file, log);
}

async function benchSize(papers: number, dir: string, withIndex: boolean): Promise<SizeResult> {
  const memory = new MemoryPeak();
  const path = join(dir, `synthetic-${papers}.digest.txt`);
  // Only the file keeps the text: the benchmark should not hold a second copy in memory.
  const { titles, vocabulary, bytes } = writeDigest(papers, path);
  const fileMB = bytes / MB;
  const runs = papers >= 100_000 ? 2 : 3;

  const raw = bestOf(runs, () => readFileSync(path).toString('utf8').split('\n').length);
  const parse = bestOf(runs, () => parseDigest(decodeText(readFileSync(path)) ?? '', path));
  // As the extension reads a digest: decoded and parsed in slices, here all papers in one file.
  const bytesRead = readFileSync(path);
  const parseSliced = await withLoopMonitor(() => parseDigestBytesInBackground(bytesRead, path));
  if (parseSliced.value?.entries.length !== parse.value.entries.length) throw new Error('the parse in slices lost papers');
  memory.sample();
  const library = bestOf(runs, () => buildLibrary([parse.value]).papers);
  memory.sample();
  if (library.value.length !== papers) throw new Error(`expected ${papers} papers, got ${library.value.length}`);
  const libraryStarted = performance.now();
  const sliced = await withLoopMonitor(() => buildLibraryInBackground([parse.value]));
  const libraryBackgroundMs = performance.now() - libraryStarted;
  if (sliced.value.papers.length !== papers) throw new Error('the library built in slices lost papers');

  // The worker runs after the in-thread index is dropped, so that index's garbage is not collected
  // on the main thread while the worker's holds are measured.
  const inThread = withIndex ? await benchIndex(library.value, { titles, vocabulary }) : undefined;
  const index = inThread && { ...inThread, ...(await benchWorker(library.value, { titles, vocabulary })) };
  memory.stop();
  return {
    papers,
    fileMB,
    rawMBps: fileMB / (raw.ms / 1000),
    parseMBps: fileMB / (parse.ms / 1000),
    parseMaxHoldMs: parseSliced.maxHoldMs,
    parseRatio: raw.ms / parse.ms,
    libraryMs: library.ms,
    libraryBackgroundMs,
    libraryMaxHoldMs: sliced.maxHoldMs,
    index,
    peakRssMB: memory.rss / MB,
    peakHeapMB: memory.heap / MB,
  };
}

function writeDigest(papers: number, path: string) {
  const digest = generateDigest({ papers });
  writeFileSync(path, digest.text);
  return { titles: digest.titles, vocabulary: digest.vocabulary, bytes: Buffer.byteLength(digest.text) };
}

type WorkerFigures = Pick<IndexResult, 'workerTitlesMs' | 'workerCompleteMs' | 'workerMaxHoldMs' | 'workerQueryP50Ms' | 'workerQueryP95Ms'>;

async function benchIndex(
  papers: readonly Paper[],
  digest: Pick<SyntheticDigest, 'titles' | 'vocabulary'>,
): Promise<Omit<IndexResult, keyof WorkerFigures>> {
  // One index at a time: the blocking build is measured and dropped before the background one.
  const blockingMs = timed(() => PaperIndex.build(papers)).ms;
  let titlesMs = 0;
  const started = performance.now();
  const background = await withLoopMonitor(() =>
    PaperIndex.buildInBackground(papers, { onTitlesReady: () => (titlesMs = performance.now() - started) }),
  );
  const fullBackgroundMs = performance.now() - started;
  const index = background.value;

  const queries = generateQueries(digest, QUERY_COUNT);
  for (const query of queries.slice(0, 20)) index.search(query.text); // warm up the JIT
  const times: number[] = [];
  let titleQueries = 0;
  let hitAt1 = 0;
  let hitAt10 = 0;
  for (const query of queries) {
    const { value: hits, ms } = timed(() => index.search(query.text, { limit: 10 }));
    times.push(ms);
    // Only queries of two words or more name a title well enough to expect it near the top.
    if (query.title === undefined || query.text.split(' ').length < 2) continue;
    titleQueries += 1;
    const rank = hits.findIndex(hit => hit.title === query.title);
    if (rank === 0) hitAt1 += 1;
    if (rank >= 0) hitAt10 += 1;
  }
  times.sort((a, b) => a - b);

  const keys = papers.filter((_, i) => i % Math.max(1, Math.floor(papers.length / 50)) === 0).map(p => p.key);
  const relatedTimes = keys.map(key => timed(() => index.related(key)).ms).sort((a, b) => a - b);
  const paragraphs = keys.map(key => papers.find(p => p.key === key)?.abstract.slice(0, 600) ?? '');
  const textTimes = paragraphs.map(text => timed(() => index.relatedToText(text)).ms).sort((a, b) => a - b);

  const write = timed(() => JSON.stringify(index));
  const read = timed(() => PaperIndex.fromJSON(JSON.parse(write.value), papers).size);
  if (read.value !== index.size) throw new Error('cache lost papers');
  const saved = await benchCacheInSlices(index, papers);

  return {
    titlesMs,
    fullBackgroundMs,
    fullBlockingMs: blockingMs,
    maxHoldMs: background.maxHoldMs,
    queryP50Ms: percentile(times, 50),
    queryP95Ms: percentile(times, 95),
    queryMaxMs: times[times.length - 1],
    titleHitAt1: titleQueries ? hitAt1 / titleQueries : NaN,
    titleHitAt10: titleQueries ? hitAt10 / titleQueries : NaN,
    relatedP50Ms: percentile(relatedTimes, 50),
    relatedToTextP50Ms: percentile(textTimes, 50),
    cacheMB: Buffer.byteLength(write.value) / MB,
    cacheWriteMs: write.ms,
    cacheReadMs: read.ms,
    ...saved,
  };
}

/**
 * Opens the index in a worker thread as src/vscode/workspaceIndex.ts does (no saved index: a cold
 * build, as above) and times it from the main thread, whose event loop is watched throughout.
 */
async function benchWorker(papers: readonly Paper[], digest: Pick<SyntheticDigest, 'titles' | 'vocabulary'>): Promise<WorkerFigures> {
  let titlesMs = 0;
  const started = performance.now();
  const opened = await withLoopMonitor(async () => {
    // Beside dist/bench.js, as dist/indexWorker.js is beside dist/extension.js.
    const index = await WorkerIndex.open(papers, { workerFile: join(__dirname, 'indexWorker.js') });
    titlesMs = performance.now() - started;
    await index.whenComplete();
    return index;
  });
  const completeMs = performance.now() - started;
  const index = opened.value;
  try {
    if (index.size !== papers.length) throw new Error('the worker index lost papers');
    const queries = generateQueries(digest, QUERY_COUNT);
    for (const query of queries.slice(0, 20)) await index.search(query.text); // warm up both sides
    const times: number[] = [];
    for (const query of queries) {
      const asked = performance.now();
      await index.search(query.text, { limit: 10 });
      times.push(performance.now() - asked);
    }
    times.sort((a, b) => a - b);
    return {
      workerTitlesMs: titlesMs,
      workerCompleteMs: completeMs,
      workerMaxHoldMs: opened.maxHoldMs,
      workerQueryP50Ms: percentile(times, 50),
      workerQueryP95Ms: percentile(times, 95),
    };
  } finally {
    await index.dispose();
  }
}

/** Saves and loads the index the way src/vscode/indexCache.ts does, watching the event loop. */
async function benchCacheInSlices(index: PaperIndex, papers: readonly Paper[]) {
  const sliceMs = 10;
  let started = performance.now();
  const write = await withLoopMonitor(async () => {
    const json = (await index.toJSONInBackground({ sliceMs })) as Record<string, unknown>;
    const lines = await toJsonLines(json, { sliceMs });
    return encodeLines(lines, { sliceMs });
  });
  const cacheWriteBackgroundMs = performance.now() - started;
  started = performance.now();
  const read = await withLoopMonitor(async () => {
    const json = await fromJsonLines(await decodeLines(write.value, { sliceMs }), { sliceMs });
    return PaperIndex.fromJSONInBackground(json, papers, { sliceMs });
  });
  const cacheReadBackgroundMs = performance.now() - started;
  if (read.value.size !== index.size) throw new Error('cache read in slices lost papers');
  return {
    cacheWriteBackgroundMs,
    cacheWriteMaxHoldMs: write.maxHoldMs,
    cacheReadBackgroundMs,
    cacheReadMaxHoldMs: read.maxHoldMs,
  };
}

main().catch(error => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
