/**
 * A local HTTP server (127.0.0.1, random port) that stands in for Hugging Face, the arXiv API and
 * doi.org in the lookup tests, answering in each service's real format from test/fixtures and
 * counting requests. The three services live under /hf, /arxiv and /doi. No test ever reaches a
 * real service.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';
import type { FetchEndpoints } from '../../src/core/fetch/run';
import type { LookupEndpoints } from '../../src/core/metadata/lookup';
import type { Clock } from '../../src/core/metadata/rateLimit';

// In the VS Code host the specs are bundled into dist/ (where __dirname is not test/integration):
// the runner names the repository. __dirname, not import.meta: the bundle is CommonJS.
const FIXTURES = join(process.env.DIGEST_NOTES_REPO ?? join(__dirname, '..', '..'), 'test', 'fixtures') + sep;
export const fixture = (path: string): string => readFileSync(FIXTURES + path, 'utf8');

export const HF_SEED_DAY = fixture('metadata/hf-daily-papers-2024-03-14.json');
export const ARXIV_SEPARATING = fixture('metadata/arxiv-2402.11928.atom.xml');
export const ARXIV_EMPTY = fixture('metadata/arxiv-empty.atom.xml');
export const DOI_ZENODO = fixture('sources/doi-csl.json');
export const SEPARATING_TITLE = 'Separating common from salient patterns with Contrastive Representation Learning';

export interface ReplayRequest {
  /** `arxiv-rss`: arXiv's feeds (rss.arxiv.org), under /rss. */
  readonly service: 'huggingface' | 'arxiv' | 'arxiv-rss' | 'doi' | 'other';
  readonly path: string;
  readonly query: URLSearchParams;
  readonly accept: string | undefined;
  readonly headers: IncomingHttpHeaders;
  /** Arrival on the test's clock (a fake one when the test injects it). */
  readonly at: number;
  /** Arrival in real milliseconds (performance.now). */
  readonly realAt: number;
}

export interface ReplayAnswer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Wait this long (real time) before answering. */
  readonly delayMs?: number;
}

export type ReplayHandler = (request: ReplayRequest) => ReplayAnswer | undefined;

/** Answers as the real services would for the seed digest's papers. */
export function seedServices(request: ReplayRequest): ReplayAnswer {
  switch (request.service) {
    case 'huggingface':
      return json(request.query.get('date') === '2024-03-14' ? HF_SEED_DAY : '[]');
    case 'arxiv': {
      const ids = (request.query.get('id_list') ?? '').split(',');
      if (ids.includes('2402.11928')) return atom(ARXIV_SEPARATING);
      // A title search, of one title or several joined by OR, as the lookup sends them.
      const phrases = [...(request.query.get('search_query') ?? '').matchAll(/ti:"([^"]*)"/g)].map(m => m[1]);
      return atom(phrases.includes(SEPARATING_TITLE.toLowerCase()) ? ARXIV_SEPARATING : ARXIV_EMPTY);
    }
    case 'doi':
      return request.path === '/10.5281/zenodo.8242099'
        ? { headers: { 'content-type': 'application/vnd.citationstyles.csl+json' }, body: DOI_ZENODO }
        : { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body>DOI Not Found</body></html>' };
    default:
      return { status: 404, body: '' };
  }
}

export function json(body: string): ReplayAnswer {
  return { headers: { 'content-type': 'application/json; charset=utf-8' }, body };
}

export function atom(body: string): ReplayAnswer {
  return { headers: { 'content-type': 'application/atom+xml; charset=utf-8' }, body };
}

export class ReplayServer {
  readonly requests: ReplayRequest[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Starts on 127.0.0.1 and a free port; `handler` answers first, `seedServices` otherwise. */
  static async start(handler: ReplayHandler = () => undefined, clock?: Clock): Promise<ReplayServer> {
    const holder: { replay?: ReplayServer } = {};
    const server = createServer((req, res) => void holder.replay!.answer(req, res, handler, clock));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.replay = new ReplayServer(server, `http://127.0.0.1:${port}`);
    return holder.replay;
  }

  get endpoints(): LookupEndpoints {
    return { huggingface: `${this.url}/hf`, arxiv: `${this.url}/arxiv`, doi: `${this.url}/doi` };
  }

  /** Hugging Face and arXiv's feeds for fetching (`/hf`, `/rss`). */
  get fetchEndpoints(): FetchEndpoints {
    return { huggingface: `${this.url}/hf`, arxivRss: `${this.url}` };
  }

  count(service: ReplayRequest['service']): number {
    return this.requests.filter(r => r.service === service).length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse, handler: ReplayHandler, clock?: Clock): Promise<void> {
    const realAt = performance.now();
    const url = new URL(req.url ?? '/', this.url);
    const [, prefix, ...rest] = url.pathname.split('/');
    const service =
      prefix === 'hf' ? 'huggingface' : prefix === 'rss' ? 'arxiv-rss' : prefix === 'arxiv' || prefix === 'doi' ? prefix : 'other';
    const request: ReplayRequest = {
      service,
      path: '/' + rest.map(decodeURIComponent).join('/'),
      query: url.searchParams,
      accept: req.headers.accept,
      headers: req.headers,
      at: clock?.now() ?? realAt,
      realAt,
    };
    this.requests.push(request);
    const answer = handler(request) ?? seedServices(request);
    if (answer.delayMs !== undefined) await new Promise(resolve => setTimeout(resolve, answer.delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status ?? 200, answer.headers ?? {});
    res.end(answer.body ?? '');
  }
}

/** A clock whose sleeps return at once and move its time on: rate limits cost no real time. */
export class FakeClock implements Clock {
  private time = 1_000_000;
  readonly sleeps: number[] = [];

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.time += Math.max(0, ms);
    await Promise.resolve();
  }
}

/** Node's fetch, typed as the lookups want it. */
export const nodeFetch = (url: string, init: { method: 'GET'; headers: Record<string, string>; signal: AbortSignal }) => fetch(url, init);
