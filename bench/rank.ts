/**
 * "For you" on real data: the crawl's listing days written as arXiv RSS and read back through the
 * extension's readers; the papers featured on Hugging Face Daily Papers (`hf_daily`) of a history
 * are the liked ones; every later day is ranked through the code the extension and the CLI run
 * (`core/rank`), and scored by mean average precision and precision at 10 over the days. Beside it:
 * random order, cosine to the liked papers' centroid, and arxiv-sanity-lite's method (words only,
 * C = 0.01), all from the same code. The main split is the issue's; the others are earlier periods
 * of the same crawl (the choices of `core/rank` were made on those, not on the main split).
 *
 * `npx tsx bench/rank.ts [--data FILE] [--json]`, or `npm run bench -- --rank`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildFeatureStore, fitTaste, rankByTaste, type FeatureStore, type RankDocument } from '../src/core/rank';
import { seeded } from '../src/core/util/random';
import { dot, termPart } from '../src/core/rank/vectors';
import { findCrawl, readCrawl, readRssFolder, writeRssDays } from './rankData';

export interface Split {
  readonly name: string;
  /** Liked and trained on: papers listed up to this day. */
  readonly historyEnd: string;
  readonly testStart: string;
  readonly testEnd: string;
}

export const SPLITS: readonly Split[] = [
  { name: 'issue split', historyEnd: '2025-06-15', testStart: '2025-06-16', testEnd: '2025-07-31' },
  { name: 'earlier: May-June', historyEnd: '2025-05-10', testStart: '2025-05-11', testEnd: '2025-06-15' },
  { name: 'earlier: April-May', historyEnd: '2025-04-20', testStart: '2025-04-21', testEnd: '2025-05-20' },
];

export interface Scores {
  readonly map: number;
  readonly p10: number;
  readonly days: number;
}

export interface SplitResult {
  readonly split: Split;
  readonly liked: number;
  readonly random: Scores;
  readonly centroid: Scores;
  readonly asl: Scores;
  readonly forYou: Scores;
}

export interface RankBenchResult {
  readonly papers: number;
  readonly writeAndReadMs: number;
  readonly splits: SplitResult[];
  /** Ours over the whole corpus: features, fit, and ranking one day. */
  readonly featuresMs: number;
  readonly fitMs: number;
  readonly rankDayMs: number;
}

type Ranker = (store: FeatureStore, liked: Set<string>, unlabeled: Set<string>) => (day: readonly string[]) => string[];

const forYou: Ranker = (store, liked, unlabeled) => {
  const taste = fitTaste(store, { liked }, { unlabeled });
  return day => rankByTaste(store, taste, day, { explain: 0 }).map(r => r.key);
};

const arxivSanityLite: Ranker = (store, liked, unlabeled) => {
  const taste = fitTaste(store, { liked }, { unlabeled, c: 0.01 });
  return day => rankByTaste(store, taste, day, { explain: 0 }).map(r => r.key);
};

export function runRankBench(crawlFile: string, log: (line: string) => void = () => {}): RankBenchResult {
  const crawl = readCrawl(crawlFile);
  const hf = new Set(crawl.filter(p => p.labels.includes('hf_daily')).map(p => p.id));
  const folder = mkdtempSync(join(tmpdir(), 'digest-notes-rank-'));
  let documents: RankDocument[];
  const started = performance.now();
  try {
    writeRssDays(crawl, folder);
    documents = readRssFolder(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const writeAndReadMs = performance.now() - started;
  log(
    `${documents.length} papers written as ${new Set(crawl.map(p => p.date)).size} RSS days and read back ` +
      `in ${(writeAndReadMs / 1000).toFixed(1)} s`,
  );

  let t = performance.now();
  const ours = buildFeatureStore(documents);
  const featuresMs = performance.now() - t;
  const wordsOnly = buildFeatureStore(documents, { signals: false });
  const isLiked = (d: RankDocument) => d.arxiv !== undefined && hf.has(d.arxiv);

  const splits: SplitResult[] = [];
  let fitMs = 0;
  let rankDayMs = 0;
  for (const split of SPLITS) {
    const history = documents.filter(d => d.date !== null && d.date <= split.historyEnd);
    const liked = new Set(history.filter(isLiked).map(d => d.key));
    const unlabeled = new Set(documents.filter(d => d.date !== null && d.date > split.historyEnd).map(d => d.key));
    const days = new Map<string, string[]>();
    for (const d of documents) {
      if (d.date === null || d.date < split.testStart || d.date > split.testEnd) continue;
      days.set(d.date, [...(days.get(d.date) ?? []), d.key]);
    }
    const relevant = new Set(documents.filter(isLiked).map(d => d.key));
    const score = (rank: (day: readonly string[]) => string[]) => scoreDays([...days.values()], rank, relevant);
    t = performance.now();
    const oursRank = forYou(ours, liked, unlabeled);
    if (split === SPLITS[0]) fitMs = performance.now() - t;
    const forYouScores = score(oursRank);
    if (split === SPLITS[0]) {
      const largest = [...days.values()].sort((a, b) => b.length - a.length)[0];
      t = performance.now();
      oursRank(largest);
      rankDayMs = performance.now() - t;
    }
    const random = seeded(7);
    const result: SplitResult = {
      split,
      liked: liked.size,
      random: averageOf(20, () => score(day => shuffled(day, random))),
      centroid: score(centroidRank(wordsOnly, liked)),
      asl: score(arxivSanityLite(wordsOnly, liked, unlabeled)),
      forYou: forYouScores,
    };
    log(formatSplit(result));
    splits.push(result);
  }
  return { papers: documents.length, writeAndReadMs, splits, featuresMs, fitMs, rankDayMs };
}

/** Cosine of each paper's words to the mean of the liked papers' words. */
function centroidRank(store: FeatureStore, liked: ReadonlySet<string>): (day: readonly string[]) => string[] {
  const sum = new Map<number, number>();
  for (const key of liked) {
    const row = store.rowOf.get(key);
    if (row === undefined) continue;
    const part = termPart(store, row);
    for (let i = 0; i < part.columns.length; i++) sum.set(part.columns[i], (sum.get(part.columns[i]) ?? 0) + part.values[i]);
  }
  const columns = [...sum.keys()].sort((a, b) => a - b);
  const norm = Math.sqrt(columns.reduce((s, c) => s + sum.get(c)! ** 2, 0)) || 1;
  const vector = { columns, values: columns.map(c => sum.get(c)! / norm) };
  return day =>
    day
      .map(key => ({ key, score: dot(termPart(store, store.rowOf.get(key)!), vector) }))
      .sort((a, b) => b.score - a.score)
      .map(r => r.key);
}

/** MAP and P@10 over the days that have a relevant paper (a day without one has no precision). */
export function scoreDays(
  days: readonly (readonly string[])[],
  rank: (day: readonly string[]) => string[],
  relevant: ReadonlySet<string>,
): Scores {
  let map = 0;
  let p10 = 0;
  let counted = 0;
  for (const day of days) {
    const total = day.filter(key => relevant.has(key)).length;
    if (total === 0) continue;
    const order = rank(day);
    let hits = 0;
    let precisionSum = 0;
    order.forEach((key, i) => {
      if (!relevant.has(key)) return;
      hits += 1;
      precisionSum += hits / (i + 1);
    });
    map += precisionSum / total;
    p10 += order.slice(0, 10).filter(key => relevant.has(key)).length / 10;
    counted += 1;
  }
  return { map: map / counted, p10: p10 / counted, days: counted };
}

function averageOf(runs: number, work: () => Scores): Scores {
  const all = Array.from({ length: runs }, work);
  return { map: mean(all.map(s => s.map)), p10: mean(all.map(s => s.p10)), days: all[0].days };
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const pair = (s: Scores) => `${s.map.toFixed(3)} / ${s.p10.toFixed(3)}`;

export function formatSplit(r: SplitResult): string {
  const lift = r.forYou.map / r.asl.map - 1;
  return [
    `${r.split.name}: history to ${r.split.historyEnd} (${r.liked} liked), ` +
      `ranked ${r.split.testStart}..${r.split.testEnd} (${r.forYou.days} days)`,
    `  MAP / P@10   random ${pair(r.random)}   centroid ${pair(r.centroid)}   arxiv-sanity-lite ${pair(r.asl)}`,
    `               For you ${pair(r.forYou)}   (${lift >= 0 ? '+' : ''}${(lift * 100).toFixed(1)}% MAP over arxiv-sanity-lite)`,
  ].join('\n');
}

export function formatRankBench(result: RankBenchResult): string {
  return [
    ...result.splits.map(formatSplit),
    `speed over ${result.papers} papers: features ${result.featuresMs.toFixed(0)} ms, fit ${result.fitMs.toFixed(0)} ms, ` +
      `rank the largest day ${result.rankDayMs.toFixed(0)} ms`,
  ].join('\n');
}

if (process.argv[1] !== undefined && /bench[\\/]rank\.ts$/.test(process.argv[1])) {
  const { values } = parseArgs({ options: { data: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const file = findCrawl(values.data);
  if (file === undefined) throw new Error('the crawl is not found: give --data FILE');
  const result = runRankBench(file, line => values.json || process.stderr.write(line + '\n'));
  process.stdout.write((values.json ? JSON.stringify(result, null, 2) : formatRankBench(result)) + '\n');
}
