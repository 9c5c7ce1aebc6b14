/**
 * `digest-notes fetch SOURCE... [--date YYYY-MM-DD] [--days N] [--out DIR] [--endpoint NAME=URL]...
 * [--json]`: today's papers of each source written as digest files under DIR (default `digests`),
 * in the service's own format, named by source and day; for cron next to `make`. What was asked
 * is kept in `.digest-notes/fetch.json` (beside the metadata file), so a second run sends no
 * request for settled days. Exit status: 0 done; 1 a source failed (the others are still
 * written); 2 bad usage.
 */
import { dirname, join } from 'node:path';
import { version } from '../../package.json';
import { isIsoDay, utcDay } from '../core/fetch/days';
import { DEFAULT_FETCH_ENDPOINTS, fetchSubscriptions, type FetchEndpoints, type FetchFiles, type FetchResult } from '../core/fetch/run';
import { EMPTY_FETCH_STATE, FETCH_STATE_FILE, formatFetchState, parseFetchState, type FetchState } from '../core/fetch/state';
import { parseSubscription, type Subscription } from '../core/fetch/subscriptions';
import { decodeText } from '../core/util/text';
import type { CliContext } from './context';
import type { MetadataServices } from './metadataCommand';
import { describeFileError } from './nodeFileStore';
import { table } from './output';
import { COMMON_OPTIONS, readCommandArguments, UsageError, type HelpRequest } from './arguments';

export interface FetchRequest {
  readonly command: 'fetch';
  readonly sources: readonly Subscription[];
  /** The newest Hugging Face day (default today, UTC). */
  readonly date?: string;
  readonly days?: number;
  readonly out: string;
  readonly endpoints: Partial<FetchEndpoints>;
  readonly json: boolean;
  readonly verbose: boolean;
}

export const FETCH_HELP = `Usage: digest-notes fetch SOURCE... [--date YYYY-MM-DD] [--days N] [--out DIR]
       [--endpoint NAME=URL]... [--json] [--verbose]

Writes each source's new papers as digest files in the service's own format, one per
source and day: DIR/huggingface/2026-12-07.json, DIR/arxiv-cs.CL+cs.LG/2026-12-07.xml.
SOURCE is huggingface (Hugging Face Daily Papers) or arxiv:CATEGORIES (arXiv's listing,
categories joined with +, e.g. arxiv:cs.CL+cs.LG).
Hugging Face: today and yesterday are asked again (their lists still fill); older days once;
after a break every day missed since the last run, newest first, at most 14.
arXiv: the feed's latest announcement (none on weekends and holidays), asked again with
If-None-Match / If-Modified-Since; days missed are not caught up (the feed has only the latest).
What was asked is kept in ${FETCH_STATE_FILE}: a second run sends nothing for settled days.
Prints one line per file written (path, papers, new papers).

Options:
  --date YYYY-MM-DD     the newest Hugging Face day (default today, UTC)
  --days N              exactly N Hugging Face days ending at --date (default: since the last run)
  --out DIR             where the files go (default digests)
  --endpoint NAME=URL   another address for huggingface or arxiv-rss (a mirror); once per NAME
  --json                print what was done as JSON
  --verbose             each request, its answer code and time on standard error
Exit status: 0 done, 1 a source failed (the others are still written), 2 bad usage.`;

const ENDPOINTS: Record<string, keyof FetchEndpoints> = { huggingface: 'huggingface', 'arxiv-rss': 'arxivRss' };

const FETCH_OPTIONS = {
  help: COMMON_OPTIONS.help,
  date: { type: 'string' },
  days: { type: 'string' },
  out: { type: 'string', short: 'o' },
  endpoint: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

/** The arguments after `fetch`; throws UsageError. */
export function readFetchArguments(args: readonly string[]): FetchRequest | HelpRequest<'fetch'> {
  const read = readCommandArguments('fetch', args, FETCH_OPTIONS);
  if ('command' in read) return read;
  const { positionals } = read;
  const values = read.values as { date?: string; days?: string; out?: string; endpoint?: string[]; json?: boolean; verbose?: boolean };
  if (positionals.length === 0) throw new UsageError('fetch needs at least one SOURCE: huggingface or arxiv:CATEGORIES', 'fetch');
  const sources: Subscription[] = [];
  for (const text of positionals) {
    const source = parseSubscription(text);
    if ('error' in source) throw new UsageError(source.error, 'fetch');
    if (!sources.some(s => s.id === source.id)) sources.push(source);
  }
  if (values.date !== undefined && !isIsoDay(values.date))
    throw new UsageError(`--date takes a day as YYYY-MM-DD, got '${values.date}'`, 'fetch');
  let days: number | undefined;
  if (values.days !== undefined) {
    days = Number(values.days);
    if (!/^\d+$/.test(values.days) || days < 1 || days > 366)
      throw new UsageError(`--days takes a whole number from 1 to 366, got '${values.days}'`, 'fetch');
  }
  if (values.out === '') throw new UsageError('--out needs a folder', 'fetch');
  const endpoints: Partial<Record<keyof FetchEndpoints, string>> = {};
  for (const text of values.endpoint ?? []) {
    const at = text.indexOf('=');
    const name = ENDPOINTS[at > 0 ? text.slice(0, at) : ''];
    const url = text.slice(at + 1);
    if (name === undefined) throw new UsageError(`--endpoint takes NAME=URL with NAME huggingface or arxiv-rss, not '${text}'`, 'fetch');
    if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url))
      throw new UsageError(`--endpoint ${text.slice(0, at)}: '${url}' is not an http or https URL`, 'fetch');
    if (endpoints[name] !== undefined) throw new UsageError(`--endpoint ${text.slice(0, at)} is given twice`, 'fetch');
    endpoints[name] = url;
  }
  return {
    command: 'fetch',
    sources,
    ...(values.date !== undefined ? { date: values.date } : {}),
    ...(days !== undefined ? { days } : {}),
    out: values.out ?? 'digests',
    endpoints,
    json: values.json === true,
    verbose: values.verbose === true,
  };
}

export async function runFetch(request: FetchRequest, context: CliContext, services: MetadataServices = {}): Promise<number> {
  const statePath = context.metadataFile ? join(dirname(context.metadataFile), 'fetch.json') : FETCH_STATE_FILE;
  const stored = await readState(context, statePath);
  if (stored === undefined) return 1;
  const now = services.now?.() ?? new Date();
  const files: FetchFiles = {
    read: async path => {
      const full = join(request.out, path);
      if ((await context.store.stat(full)) === undefined) return undefined;
      return decodeText(await context.store.readFile(full)) ?? undefined;
    },
    write: (path, text) => context.store.writeFile(join(request.out, path), new TextEncoder().encode(text)),
    list: async folder => {
      const full = join(request.out, folder);
      if ((await context.store.stat(full))?.kind !== 'directory') return [];
      return (await context.store.readDirectory(full)).filter(([, kind]) => kind === 'file').map(([name]) => name);
    },
  };
  let result: FetchResult;
  try {
    result = await fetchSubscriptions(request.sources, stored, files, {
      fetch: services.fetch ?? (globalThis.fetch as unknown as NonNullable<MetadataServices['fetch']>),
      clock: services.clock,
      now,
      endpoints: { ...DEFAULT_FETCH_ENDPOINTS, ...request.endpoints },
      ...(request.date !== undefined ? { newest: request.date } : {}),
      ...(request.days !== undefined ? { days: request.days } : {}),
      userAgent: `digest-notes/${version} (command line; fetches the daily lists the user subscribed to)`,
      log: request.verbose ? e => context.report(`GET ${e.url} ${e.status ?? e.error} (${e.ms} ms)`) : undefined,
    });
  } catch (error) {
    context.report(`fetch: ${describeFileError(error)}`);
    return 1;
  }
  let status = 0;
  for (const source of result.sources) {
    if (source.failure !== undefined) {
      context.report(`fetch: ${source.subscription.id}: ${source.failure}`);
      status = 1;
    }
  }
  try {
    await context.store.writeFile(statePath, new TextEncoder().encode(formatFetchState(result.state, utcDay(now))));
  } catch (error) {
    context.report(`${statePath}: ${describeFileError(error)}`);
    status = 1;
  }
  print(request, context, result);
  return status;
}

function print(request: FetchRequest, context: CliContext, result: FetchResult): void {
  const path = (relative: string) => join(request.out, relative);
  if (request.json) {
    const json = {
      requests: result.requests,
      files: result.sources.flatMap(s => s.written.map(f => ({ source: s.subscription.id, ...f, path: path(f.path) }))),
      sources: result.sources.map(s => ({
        source: s.subscription.id,
        requests: s.requests,
        written: s.written.length,
        unchanged: s.unchanged.map(path),
        notes: s.notes,
        failure: s.failure ?? null,
      })),
    };
    context.print(JSON.stringify(json, null, 2) + '\n');
    return;
  }
  const rows = result.sources.flatMap(s => s.written.map(f => [path(f.path), `${f.papers} papers`, `${f.newPapers} new`]));
  const lines = rows.length ? [table(['FILE', 'PAPERS', 'NEW'], rows, context.width)] : [];
  for (const source of result.sources) {
    for (const note of source.notes) lines.push(`${source.subscription.id}: ${note}`);
    if (source.written.length === 0 && source.failure === undefined && source.notes.length === 0)
      lines.push(`${source.subscription.id}: nothing new`);
  }
  lines.push(`${result.requests === 1 ? '1 request' : `${result.requests} requests`}`);
  context.print(lines.join('\n') + '\n');
}

/** The state file (absent: empty); undefined, reported, when it is not one: it is never written over then. */
async function readState(context: CliContext, path: string): Promise<FetchState | undefined> {
  try {
    if ((await context.store.stat(path)) === undefined) return EMPTY_FETCH_STATE;
    const read = parseFetchState(decodeText(await context.store.readFile(path)) ?? '');
    if (read.error === undefined) return read.state;
    context.report(`${path}: ${read.error}`);
  } catch (error) {
    context.report(`${path}: ${describeFileError(error)}`);
  }
  return undefined;
}
