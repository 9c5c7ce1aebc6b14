/**
 * `digest-notes metadata FILE... [--online] [--json] [--endpoint NAME=URL]`: completes the
 * workspace's metadata file (`.digest-notes/metadata.json`) for the papers of the digests.
 * Offline (the default) it asks nothing: it reports what the file knows and what it does not.
 * With `--online` it asks Hugging Face, the arXiv API and doi.org for the papers the file does not
 * know, merges their answers and records the papers' keys, so a second run makes no request.
 *
 * Exit status: 0 done; 1 a digest, bibliography or the metadata file could not be read or written,
 * or a service failed (the answers that came are kept); the usage errors (2) are the caller's.
 */
import { version } from '../../package.json';
import { bibFormatForPath, readBibliography } from '../core/bib';
import { completeMetadataFile, keepKeys, queriesFor } from '../core/metadata/apply';
import type { FetchLike } from '../core/metadata/http';
import type { LookupEndpoints, ServiceFailure } from '../core/metadata/lookup';
import { formatMetadataFile, METADATA_FILE, MetadataIndex, parseMetadataFile, type MetadataFile } from '../core/metadata/store';
import type { ExistingEntry, Paper } from '../core/model';
import { decodeText } from '../core/util/text';
import { COMMON_OPTIONS, readCommandArguments, UsageError, type CommonOptions, type HelpRequest } from './arguments';
import { completedPapers } from './completedPapers';
import { metadataPath, type CliContext, type MetadataServices } from './context';
import { loadDigests } from './digests';
import { describeFileError } from './nodeFileStore';
import { authorsText, paperMetadataJson, table } from './output';

export { paperMetadataJson } from './output';

export interface MetadataRequest {
  readonly command: 'metadata';
  readonly files: readonly string[];
  /** Ask the services; without it no request leaves the machine. */
  readonly online: boolean;
  readonly json: boolean;
  /** From `--endpoint NAME=URL` (see `parseEndpoint`). */
  readonly endpoints: Partial<LookupEndpoints>;
  readonly year?: number;
  readonly maxSize?: number;
  /** The metadata file (default `.digest-notes/metadata.json` under the current folder). */
  readonly metadataFile?: string;
  /** Bibliographies whose keys win over every other (`--bib FILE`, if wired). */
  readonly bibliographies?: readonly string[];
  /** Ask again for papers recorded as not found. */
  readonly retryNotFound?: boolean;
  /** Each request and its answer code on standard error. */
  readonly verbose?: boolean;
}

export type { MetadataServices } from './context';

const OPTIONS = {
  ...COMMON_OPTIONS,
  online: { type: 'boolean' },
  json: { type: 'boolean' },
  endpoint: { type: 'string', multiple: true },
  verbose: { type: 'boolean' },
} as const;

export function readMetadataArguments(args: readonly string[]): (MetadataRequest & CommonOptions) | HelpRequest<'metadata'> {
  const read = readCommandArguments('metadata', args, OPTIONS, { endpoint: checkEndpoint });
  if ('command' in read) return read;
  const { positionals, values, common } = read;
  if (positionals.length === 0) throw new UsageError('metadata needs at least one FILE', 'metadata');
  const endpoints = readEndpoints((values.endpoint as string[] | undefined) ?? []);
  const flags = { online: values.online === true, json: values.json === true, verbose: values.verbose === true };
  return { command: 'metadata', files: positionals, endpoints, ...flags, ...common };
}

function checkEndpoint(text: string): [keyof LookupEndpoints, string] {
  try {
    return parseEndpoint(text);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), 'metadata');
  }
}

/** `--endpoint NAME=URL`, repeatable; the same NAME twice is a mistake, not a last-one-wins. */
export function readEndpoints(texts: readonly string[]): Partial<LookupEndpoints> {
  const endpoints: Partial<Record<keyof LookupEndpoints, string>> = {};
  for (const text of texts) {
    const [name, url] = checkEndpoint(text);
    if (endpoints[name] !== undefined) throw new UsageError(`--endpoint ${name} is given twice`, 'metadata');
    endpoints[name] = url;
  }
  return endpoints;
}

export const METADATA_HELP = `Usage: digest-notes metadata FILE... [--online] [--json] [--endpoint NAME=URL]... [--year N]
       [--max-size N] [--verbose]

Completes the metadata file (${METADATA_FILE} in the current folder) for the papers of
the digests: authors, year, arXiv id and DOI, each answer with its source and date, and
every paper's citation key once assigned. Without --online nothing is asked: it says what
the file knows. With --online it asks, for the papers the file does not know, Hugging Face
Daily Papers (one request per digest day), then the arXiv API (titles of unmatched papers,
one request every 3 seconds), then doi.org (papers with a DOI). A second run asks nothing.

Options:
  --online              ask the services (sends the papers' titles, days and DOIs)
  --json                print the papers' metadata as JSON
  --endpoint NAME=URL   another address for huggingface, arxiv or doi (a mirror); once per NAME
  --year N              year for day lines without one (Hugging Face needs the date)`;

const ENDPOINT_NAMES: ReadonlySet<string> = new Set(['huggingface', 'arxiv', 'doi']);

/** `huggingface=http://127.0.0.1:8080` as an endpoint; throws with a one-line message otherwise. */
export function parseEndpoint(text: string): [keyof LookupEndpoints, string] {
  const at = text.indexOf('=');
  const name = at > 0 ? text.slice(0, at) : '';
  const url = text.slice(at + 1);
  if (!ENDPOINT_NAMES.has(name)) throw new Error(`--endpoint takes NAME=URL with NAME huggingface, arxiv or doi, not '${text}'`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--endpoint ${name}: '${url}' is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error(`--endpoint ${name}: '${url}' is not an http or https URL`);
  return [name as keyof LookupEndpoints, url];
}

export async function runMetadata(request: MetadataRequest, context: CliContext, services: MetadataServices = {}): Promise<number> {
  const path = request.metadataFile ?? metadataPath(context);
  const stored = await readMetadata(context, path);
  if (stored === undefined) return 1;
  const existing = await readKeys(context, request.bibliographies ?? []);
  if (existing === undefined) return 1;
  const loaded = await loadDigests(context.store, request.files, { defaultYear: request.year, maxBytes: request.maxSize });
  for (const failure of loaded.failures) context.report(`${failure.path}: ${failure.reason}`);
  let status = loaded.failures.length > 0 ? 1 : 0;

  let file = stored.file;
  let papers = completedPapers(loaded.digests, file, existing);
  let requests = 0;
  let failures: readonly ServiceFailure[] = [];
  const fetchLike = services.fetch ?? (globalThis.fetch as unknown as FetchLike);
  if (request.online) {
    let answered = 0; // requests that got an HTTP answer, whatever its status
    const completion = await completeMetadataFile(file, papers, {
      fetch: fetchLike,
      clock: services.clock,
      now: services.now,
      endpoints: request.endpoints,
      retryNotFound: request.retryNotFound,
      userAgent: `digest-notes/${version}`,
      log: entry => {
        if (entry.status !== undefined) answered++;
        if (request.verbose) context.report(`GET ${entry.url} ${entry.status ?? entry.error} (${entry.ms} ms)`);
      },
    });
    requests = completion.result.requests;
    failures = completion.result.failures;
    if (failures.length > 0 && answered === 0) context.report(noServiceReached(failures));
    else for (const failure of failures) context.report(failureLine(failure));
    if (failures.length > 0) status = 1;
    file = completion.file;
    // Built again so papers answered now take their keys with the metadata (the author rule),
    // the bibliography's and the file's recorded keys still winning.
    papers = completedPapers(loaded.digests, file, existing);
  }
  file = keepKeys(file, papers);
  const text = formatMetadataFile(file);
  const written = text !== stored.text && (file.records.length > 0 || stored.text !== '');
  if (written && !(await write(context, path, text))) status = 1;

  const index = new MetadataIndex(file);
  const rows = papers.map(paper => ({ paper, state: stateOf(paper, index) }));
  const unknown = request.online ? 0 : queriesFor(papers, index, false).length;
  if (request.json) {
    const json = {
      metadataFile: path,
      written,
      requests,
      failures: failures.map(({ service, message, failedRequests }) => ({ service, message, failedRequests })),
      papers: rows.map(({ paper, state }) => ({
        key: paper.key,
        title: paper.title,
        status: state,
        source: paper.metadata?.source ?? null,
        ...paperMetadataJson(paper),
      })),
    };
    context.print(JSON.stringify(json, null, 2) + '\n');
    return status;
  }
  const lines = [
    table(
      ['KEY', 'STATUS', 'AUTHORS', 'YEAR', 'ARXIV'],
      rows.map(({ paper, state }) => {
        const meta = paperMetadataJson(paper);
        return [paper.key, state, authorsText(paper), meta.year === null ? '' : String(meta.year), meta.arxiv ?? ''];
      }),
      context.width,
    ),
  ];
  const count = (state: string) => rows.filter(row => row.state === state).length;
  const counts = `${count('found')} with metadata, ${count('not-found')} not found, ${count('unknown')} not looked up`;
  let summary = `${rows.length} papers: ${counts}`;
  if (request.online) summary += `; ${requests === 1 ? '1 request' : `${requests} requests`}`;
  else if (unknown > 0) summary += ` (--online asks Hugging Face, arXiv and doi.org for them)`;
  lines.push(summary + (written ? `; ${path} written` : ''));
  context.print(lines.join('\n') + '\n');
  return status;
}

function failureLine(failure: ServiceFailure): string {
  const count = failure.failedRequests === 1 ? '1 request failed' : `${failure.failedRequests} requests failed`;
  return `metadata: ${failure.service}: ${failure.message} (${count}${failure.gaveUp ? ', not asked again this run' : ''})`;
}

/**
 * Not one request was answered: said once, in words (offline is the usual cause), with the
 * reasons after it, each once with the services that gave it.
 */
function noServiceReached(failures: readonly ServiceFailure[]): string {
  const services = new Map<string, string[]>();
  for (const { service, message } of failures) services.set(message, [...(services.get(message) ?? []), service]);
  const reasons = [...services].map(([message, names]) => `${names.join(', ')}: ${message}`);
  return `metadata: no service could be reached: offline? (${reasons.join('; ')})`;
}

function stateOf(paper: Paper, index: MetadataIndex): 'found' | 'not-found' | 'unknown' {
  if ((paper.metadata?.authors?.length ?? 0) > 0 || paper.metadata?.arxiv !== undefined) return 'found';
  return index.find(paper.title)?.found === false ? 'not-found' : 'unknown';
}

/** The file's text and content; an absent file is empty; undefined (reported) when unreadable. */
async function readMetadata(context: CliContext, path: string): Promise<{ text: string; file: MetadataFile } | undefined> {
  try {
    if ((await context.store.stat(path)) === undefined) return { text: '', file: { records: [] } };
    const text = decodeText(await context.store.readFile(path));
    if (text === null) {
      context.report(`${path}: not a text file`);
      return undefined;
    }
    const read = parseMetadataFile(text);
    if (read.error !== undefined) {
      // Never written over: it may be a file the writer is editing.
      context.report(`${path}: ${read.error}`);
      return undefined;
    }
    return { text, file: read.file };
  } catch (error) {
    context.report(`${path}: ${describeFileError(error)}`);
    return undefined;
  }
}

async function readKeys(context: CliContext, paths: readonly string[]): Promise<ExistingEntry[] | undefined> {
  const entries: ExistingEntry[] = [];
  for (const path of paths) {
    try {
      const text = decodeText(await context.store.readFile(path));
      const format = bibFormatForPath(path) ?? 'bibtex';
      const read = text === null ? undefined : readBibliography(text, format);
      if (read === undefined || read.error !== undefined) {
        context.report(`${path}: ${read?.error?.message ?? 'not a text file'}`);
        return undefined;
      }
      for (const entry of read.entries) entries.push(entry); // no spread: a bibliography may hold any number
    } catch (error) {
      context.report(`${path}: ${describeFileError(error)}`);
      return undefined;
    }
  }
  return entries;
}

async function write(context: CliContext, path: string, text: string): Promise<boolean> {
  try {
    await context.store.writeFile(path, new TextEncoder().encode(text));
    return true;
  } catch (error) {
    context.report(`${path}: ${describeFileError(error)}`);
    return false;
  }
}
