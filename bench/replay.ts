/**
 * The metadata services replayed for the benchmark: Hugging Face, the arXiv API and doi.org on
 * 127.0.0.1 (a random port), answering in their real formats from test/fixtures/metadata and
 * counting requests per service. It mirrors test/integration/metadataReplay.ts, which the bench
 * cannot import: that helper finds its fixtures through `import.meta.url`, which is empty in the
 * CommonJS bundle esbuild makes of bench/main.ts (importing it throws "Invalid URL").
 *
 * Unlike the test helper it serves a workspace of many days: day `d` of the workspace is the seed
 * day with every title varied by `dayTitle(title, d)`, so Hugging Face answers each day with that
 * day's three papers and the arXiv API knows each day's copy of the one paper it knows.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { LookupEndpoints } from '../src/core/metadata/lookup';
import { titleMatchText } from '../src/core/metadata/match';
import type { Clock } from '../src/core/metadata/rateLimit';

// dist/bench.js and bench/*.ts (under tsx) both sit one folder below the repository.
const FIXTURES = join(__dirname, '..', 'test', 'fixtures');
const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

export const SEED_DIGEST_PATH = join(FIXTURES, 'hf-daily-papers-mar14.digest.txt');
export const SEED_DAY = '2024-03-14';
const HF_SEED_DAY = fixture('metadata/hf-daily-papers-2024-03-14.json');
const ARXIV_SEPARATING = fixture('metadata/arxiv-2402.11928.atom.xml');
const ARXIV_EMPTY = fixture('metadata/arxiv-empty.atom.xml');
const SEPARATING_TITLE = 'Separating common from salient patterns with Contrastive Representation Learning';
const SEPARATING_ID = '2402.11928';

/** Day 0 is the seed as it is; later days append a word pair, so each day's papers are distinct. */
export function dayTitle(title: string, day: number): string {
  return day === 0 ? title : `${title} Day ${day}`;
}

/** The ISO date `days` after `start`. */
export function addDays(start: string, days: number): string {
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const dayNumber = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${SEED_DAY}T00:00:00Z`)) / 86_400_000);

/** A distinct arXiv id per day (ids are how the metadata file finds a record first). */
const dayId = (id: string, day: number) => `${id.slice(0, 5)}${String((Number(id.slice(5)) + 1000 * day) % 100_000).padStart(5, '0')}`;

/** The seed day's Hugging Face answer as day `day` of the workspace would get it. */
function hfDay(day: number): string {
  if (day === 0) return HF_SEED_DAY;
  const items = JSON.parse(HF_SEED_DAY) as Array<{ title?: string; paper: { id: string; title: string } }>;
  for (const item of items) {
    item.paper.title = dayTitle(item.paper.title, day);
    item.paper.id = dayId(item.paper.id, day);
    if (item.title !== undefined) item.title = dayTitle(item.title, day);
  }
  return JSON.stringify(items);
}

/** The arXiv answer to a title search: the Separating paper of the day asked, else no result. */
function arxivSearch(query: string, days: number): string {
  const phrases = new Set([...query.matchAll(/ti:"([^"]*)"/g)].map(m => titleMatchText(m[1])));
  for (let day = 0; day < days; day++) {
    if (!phrases.has(titleMatchText(dayTitle(SEPARATING_TITLE, day)))) continue;
    const title = dayTitle(SEPARATING_TITLE, day);
    return ARXIV_SEPARATING.replaceAll(SEPARATING_ID, dayId(SEPARATING_ID, day)).replace(
      `<title>${SEPARATING_TITLE}</title>`,
      `<title>${title}</title>`,
    );
  }
  return ARXIV_EMPTY;
}

export type Service = 'huggingface' | 'arxiv' | 'doi' | 'other';

export class BenchReplay {
  readonly counts: Record<Service, number> = { huggingface: 0, arxiv: 0, doi: 0, other: 0 };

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Serves a workspace of `days` days from the seed day on. */
  static async start(days: number): Promise<BenchReplay> {
    const holder: { replay?: BenchReplay } = {};
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const prefix = url.pathname.split('/')[1];
      const service: Service = prefix === 'hf' ? 'huggingface' : prefix === 'arxiv' || prefix === 'doi' ? prefix : 'other';
      holder.replay!.counts[service] += 1;
      const type = (t: string) => ({ 'content-type': `${t}; charset=utf-8` });
      if (service === 'huggingface') {
        const day = dayNumber(url.searchParams.get('date') ?? '');
        res.writeHead(200, type('application/json')).end(day >= 0 && day < days ? hfDay(day) : '[]');
      } else if (service === 'arxiv') {
        res.writeHead(200, type('application/atom+xml')).end(arxivSearch(url.searchParams.get('search_query') ?? '', days));
      } else {
        // The one DOI in the seed (an IEEE DataPort one, in an abstract) is not in the fixtures: 404, as in the tests.
        res.writeHead(404, type('text/html')).end('<html><body>DOI Not Found</body></html>');
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.replay = new BenchReplay(server, `http://127.0.0.1:${port}`);
    return holder.replay;
  }

  get endpoints(): LookupEndpoints {
    return { huggingface: `${this.url}/hf`, arxiv: `${this.url}/arxiv`, doi: `${this.url}/doi` };
  }

  get total(): number {
    return this.counts.huggingface + this.counts.arxiv + this.counts.doi + this.counts.other;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }
}

/**
 * Real time plus every wait skipped: the rate limiter asks it for the real intervals, but its
 * sleeps return at once and move its time on by the wait. The pacing a real run would cost is
 * then the measured wall time plus `skippedMs`.
 */
export class SkippingClock implements Clock {
  skippedMs = 0;
  waits = 0;

  now(): number {
    return performance.now() + this.skippedMs;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.skippedMs += Math.max(0, ms);
    this.waits += 1;
    await Promise.resolve();
  }
}
