/**
 * Metadata lookups: requests and time of "Complete Metadata" for the 61-paper seed digest and for
 * a 30-day workspace (the seed's day on 30 consecutive days, titles varied per day so they are
 * 1830 distinct papers), each cold (an empty metadata file) and cached (the file the cold run
 * wrote, read back from its text: no request may leave). The services are replayed on 127.0.0.1
 * (bench/replay.ts) with the real intervals (arXiv: 3 s between requests).
 *
 * The seed's cold run waits out arXiv's pace in real time. The 30-day cold run would take about
 * nine minutes so, skipping the waits on a clock that still asks for them, it reports the
 * measured work plus the sum of the waits: the time the real pacing would take. The seed is run
 * that way too, to set that estimate beside a real run.
 *
 * `npx tsx bench/metadata.ts [--json]`, or `benchMetadata()` from bench/main.ts.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDigest } from '../src/core/digest/parser';
import { buildLibrary } from '../src/core/library/library';
import { completeMetadataFile } from '../src/core/metadata/apply';
import type { ServiceName } from '../src/core/metadata/http';
import { EMPTY_METADATA_FILE, formatMetadataFile, parseMetadataFile, type MetadataFile } from '../src/core/metadata/store';
import type { Paper } from '../src/core/model';
import { addDays, BenchReplay, dayTitle, SEED_DAY, SEED_DIGEST_PATH, SkippingClock } from './replay';

export interface MetadataCase {
  readonly name: string;
  /** `real`: the waits were slept; `skipped`: they were asked for and added to the time. */
  readonly clock: 'real' | 'skipped';
  readonly papers: number;
  /** Papers the metadata file could not answer, so asked of the services. */
  readonly queries: number;
  readonly requests: Readonly<Record<ServiceName, number>>;
  readonly found: number;
  readonly notFound: number;
  /** Wall time of the lookup and the merge (and, cached, of reading the file's text). */
  readonly workMs: number;
  /** Waits the rate limiters asked for and the clock skipped (0 on the real clock). */
  readonly skippedWaitMs: number;
  /** What the user waits: `workMs + skippedWaitMs`. */
  readonly timeMs: number;
  readonly fileBytes: number;
  readonly records: number;
}

export interface MetadataResult {
  readonly days: number;
  readonly cases: readonly MetadataCase[];
}

const NOW = () => new Date('2026-12-01T12:00:00Z');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The seed digest as day `day` of the workspace: its day line moved on, its titles varied. */
export function seedDigestOn(seed: string, day: number): { path: string; text: string } {
  const date = addDays(SEED_DAY, day);
  const lines = seed.split('\n');
  const dayLine = lines.indexOf('Mar 14');
  if (dayLine < 0) throw new Error('the seed digest has no "Mar 14" day line');
  // After the day line, non-blank lines alternate title, abstract (test/unit/helpers/seed.ts).
  let nonBlank = 0;
  const body = lines.slice(dayLine + 1).map(line => (line.trim() === '' ? line : nonBlank++ % 2 === 0 ? dayTitle(line, day) : line));
  const dayText = `${MONTHS[Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}`;
  return { path: `/ws/digests/hf-daily-papers-${date}.digest.txt`, text: [...lines.slice(0, dayLine), dayText, ...body].join('\n') };
}

/** The library of `days` days of the seed, as the extension builds it from the workspace. */
export function workspacePapers(days: number): Paper[] {
  const seed = readFileSync(SEED_DIGEST_PATH, 'utf8');
  const digests = Array.from({ length: days }, (_, day) => {
    const { path, text } = seedDigestOn(seed, day);
    return parseDigest(text, path, { defaultYear: 2024 });
  });
  return [...buildLibrary(digests).papers];
}

/** One completion of `papers` against a fresh replay server; `file` given as text for a cached run. */
async function runCase(
  name: string,
  papers: readonly Paper[],
  days: number,
  start: MetadataFile | string,
  skip: boolean,
): Promise<{ row: MetadataCase; file: MetadataFile }> {
  const server = await BenchReplay.start(days);
  const clock = skip ? new SkippingClock() : undefined;
  try {
    const started = performance.now();
    // A cached run reads the file's text as the extension reads .digest-notes/metadata.json.
    const file = typeof start === 'string' ? parseMetadataFile(start).file : start;
    const completion = await completeMetadataFile(file, papers, {
      fetch,
      endpoints: server.endpoints,
      now: NOW,
      ...(clock ? { clock } : {}),
    });
    const text = formatMetadataFile(completion.file);
    const workMs = performance.now() - started;
    const { failures, answers } = completion.result;
    if (failures.length > 0) throw new Error(`${name}: ${failures.map(f => `${f.service}: ${f.message}`).join('; ')}`);
    if (server.counts.other > 0) throw new Error(`${name}: ${server.counts.other} requests to no service`);
    const skippedWaitMs = clock?.skippedMs ?? 0;
    const row: MetadataCase = {
      name,
      clock: skip ? 'skipped' : 'real',
      papers: papers.length,
      queries: completion.queries,
      requests: { huggingface: server.counts.huggingface, arxiv: server.counts.arxiv, doi: server.counts.doi },
      found: answers.filter(a => a.found).length,
      notFound: answers.filter(a => !a.found).length,
      workMs,
      skippedWaitMs,
      timeMs: workMs + skippedWaitMs,
      fileBytes: Buffer.byteLength(text),
      records: completion.file.records.length,
    };
    return { row, file: completion.file };
  } finally {
    await server.close();
  }
}

/** The five cases: seed cold (real clock, then skipped waits), seed cached, workspace cold (skipped waits) and cached. */
export async function benchMetadata(days = 30, log: (line: string) => void = () => {}): Promise<MetadataResult> {
  const cases: MetadataCase[] = [];
  const seed = workspacePapers(1);
  log(`metadata: seed digest, cold, real 3 s arXiv pacing (about 15 s)...`);
  const seedCold = await runCase('seed digest, cold', seed, 1, EMPTY_METADATA_FILE, false);
  cases.push(seedCold.row);
  cases.push((await runCase('seed digest, cold (estimate)', seed, 1, EMPTY_METADATA_FILE, true)).row);
  cases.push((await runCase('seed digest, cached', seed, 1, formatMetadataFile(seedCold.file), false)).row);
  const workspace = workspacePapers(days);
  log(`metadata: ${days}-day workspace, ${workspace.length} papers...`);
  const workspaceCold = await runCase(`${days}-day workspace, cold (estimate)`, workspace, days, EMPTY_METADATA_FILE, true);
  cases.push(workspaceCold.row);
  cases.push((await runCase(`${days}-day workspace, cached`, workspace, days, formatMetadataFile(workspaceCold.file), false)).row);
  for (const row of cases) {
    const sent = row.requests.huggingface + row.requests.arxiv + row.requests.doi;
    if (row.name.endsWith('cached') && sent > 0) throw new Error(`${row.name}: ${sent} requests, expected none`);
  }
  return { days, cases };
}

const duration = (ms: number) =>
  ms >= 60_000
    ? `${Math.floor(ms / 60_000)} min ${((ms % 60_000) / 1000).toFixed(0)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(1)} s`
      : `${ms.toFixed(0)} ms`;
const size = (bytes: number) => (bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`);

/** The figures as a small table, for the terminal. */
export function formatMetadata(result: MetadataResult): string {
  const header = ['metadata lookup', 'papers', 'asked', 'HF', 'arXiv', 'doi', 'found', 'time', 'of it waits', 'file'];
  const rows = result.cases.map(c => [
    c.name,
    String(c.papers),
    String(c.queries),
    String(c.requests.huggingface),
    String(c.requests.arxiv),
    String(c.requests.doi),
    String(c.found),
    duration(c.timeMs),
    c.clock === 'skipped' ? duration(c.skippedWaitMs) : '(slept)',
    `${size(c.fileBytes)} (${c.records})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [
    line(header),
    ...rows.map(line),
    '"estimate": the waits the rate limiters asked for were skipped and added to the measured work (the real pacing\'s time);',
    "the other rows slept them. HF and arXiv: requests sent to each service; file: the metadata file's size (records).",
  ].join('\n');
}

if (process.argv[1] !== undefined && /bench[\\/]metadata\.ts$/.test(process.argv[1])) {
  const { values } = parseArgs({ options: { days: { type: 'string', default: '30' }, json: { type: 'boolean', default: false } } });
  void benchMetadata(Number(values.days), line => process.stderr.write(line + '\n')).then(result =>
    process.stdout.write((values.json ? JSON.stringify(result, null, 2) : formatMetadata(result)) + '\n'),
  );
}
