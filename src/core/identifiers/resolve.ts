/**
 * Papers for identifiers: those the metadata file already holds, with no request; the others
 * asked through the metadata pipeline's client (the same rate limits, retries, timeout, log and
 * cancel as every lookup): arXiv ids in one `id_list` request per batch of 50, DOIs one doi.org
 * CSL-JSON request each (doi.org has no batch). An identifier's answer needs no title match: the
 * identifier names the paper.
 */
import { readArxivAtom, readDoiCsl, MalformedAnswer, type Candidate } from '../metadata/answers';
import { ServiceClient, ServiceError, type ServiceName } from '../metadata/http';
import { DEFAULT_ENDPOINTS, DEFAULT_INTERVALS_MS, type LookupOptions } from '../metadata/lookup';
import { RateLimiter, systemClock } from '../metadata/rateLimit';
import type { LookupAnswer, MetadataFile, MetadataRecord } from '../metadata/store';
import { describeIdentifier, identifierKey, type Identifier } from './identifiers';

export interface IdentifierResolution {
  /** Each identifier that names a paper, with its answer (found: the service's; known: from the file). */
  readonly found: readonly { readonly identifier: Identifier; readonly answer: LookupAnswer; readonly known: boolean }[];
  /** Identifiers no service knows (they answered cleanly without it). */
  readonly notFound: readonly Identifier[];
  /** Identifiers left open because a service could not be asked or failed (offline...). */
  readonly unresolved: readonly { readonly identifier: Identifier; readonly reason: string }[];
  readonly requests: number;
}

/** The record of the metadata file that holds the identifier's paper, if any (arXiv id, or the journal DOI). */
export function recordForIdentifier(file: MetadataFile, identifier: Identifier): MetadataRecord | undefined {
  return file.records.find(record => {
    const metadata = record.metadata;
    if (metadata === undefined) return false;
    if (identifier.kind === 'arxiv') return metadata.arxiv === identifier.id;
    return metadata.journalDoi?.toLowerCase() === identifier.doi.toLowerCase();
  });
}

/**
 * Resolves the identifiers: known ones from the file; the rest asked when `options` is given
 * (the writer allowed lookups), else left unresolved with the reason `offline`.
 */
export async function resolveIdentifiers(
  identifiers: readonly Identifier[],
  file: MetadataFile,
  options: LookupOptions | undefined,
): Promise<IdentifierResolution> {
  const found: { identifier: Identifier; answer: LookupAnswer; known: boolean }[] = [];
  const notFound: Identifier[] = [];
  const unresolved: { identifier: Identifier; reason: string }[] = [];
  const open: Identifier[] = [];
  const seen = new Set<string>();
  for (const identifier of identifiers) {
    if (seen.has(identifierKey(identifier))) continue;
    seen.add(identifierKey(identifier));
    const record = recordForIdentifier(file, identifier);
    if (record?.metadata !== undefined) {
      found.push({
        identifier,
        known: true,
        answer: { title: record.title, found: true, source: record.source ?? 'manual', metadata: record.metadata },
      });
    } else open.push(identifier);
  }
  if (options === undefined) {
    for (const identifier of open) unresolved.push({ identifier, reason: 'offline: lookups are not allowed' });
    return { found, notFound, unresolved, requests: 0 };
  }
  let requests = 0;
  const clock = options.clock ?? systemClock;
  const endpoints = { ...DEFAULT_ENDPOINTS, ...options.endpoints };
  const client = (service: ServiceName) =>
    new ServiceClient(service, new RateLimiter(clock, options.intervalsMs?.[service] ?? DEFAULT_INTERVALS_MS[service]), {
      ...options,
      clock,
      log: entry => {
        requests++;
        options.log?.(entry);
      },
    });
  const settle = (identifier: Identifier, candidates: readonly Candidate[] | string, source: 'arxiv-api' | 'doi') => {
    if (typeof candidates === 'string') return void unresolved.push({ identifier, reason: candidates });
    const wanted = identifier.kind === 'arxiv' ? identifier.id : identifier.doi.toLowerCase();
    const candidate = candidates.find(
      c => c.id === wanted || (identifier.kind === 'doi' && c.metadata.journalDoi?.toLowerCase() === wanted),
    );
    if (candidate === undefined) return void notFound.push(identifier);
    found.push({
      identifier,
      known: false,
      answer: { title: candidate.title, found: true, source, metadata: { ...candidate.metadata, source } },
    });
  };

  const arxiv = open.filter((identifier): identifier is Extract<Identifier, { kind: 'arxiv' }> => identifier.kind === 'arxiv');
  if (arxiv.length > 0) {
    const service = client('arxiv');
    const size = Math.max(1, options.arxivBatch ?? 50);
    for (let i = 0; i < arxiv.length; i += size) {
      const batch = arxiv.slice(i, i + size);
      const ids = batch.map(identifier => identifier.id).join(',');
      const url = `${base(endpoints.arxiv)}/api/query?id_list=${encodeURIComponent(ids)}&max_results=${batch.length}`;
      const answer = await ask(service, url, 'application/atom+xml', readArxivAtom, options.signal);
      for (const identifier of batch) settle(identifier, answer, 'arxiv-api');
    }
  }
  const dois = open.filter(identifier => identifier.kind === 'doi');
  if (dois.length > 0) {
    const service = client('doi');
    let gaveUp: string | undefined;
    for (const identifier of dois) {
      if (gaveUp !== undefined) {
        unresolved.push({ identifier, reason: gaveUp });
        continue;
      }
      const doi = identifier.doi;
      const url = `${base(endpoints.doi)}/${doi.split('/').map(encodeURIComponent).join('/')}`;
      const answer = await ask(service, url, 'application/vnd.citationstyles.csl+json', body => readDoiCsl(body, doi), options.signal);
      // Unreachable once is unreachable for the rest: no request per DOI to a service that is down.
      if (typeof answer === 'string' && /refused|not found|unreachable|offline/.test(answer)) gaveUp = answer;
      settle(identifier, answer, 'doi');
    }
  }
  return { found, notFound, unresolved, requests };
}

/** The service's candidates ([] for a 404), or why it could not answer. Cancel propagates. */
async function ask(
  client: ServiceClient,
  url: string,
  accept: string,
  read: (body: string) => Candidate[],
  signal: AbortSignal | undefined,
): Promise<Candidate[] | string> {
  try {
    const answer = await client.get(url, accept);
    return answer.status === 404 ? [] : read(answer.body);
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof ServiceError) return `${client.service}: ${error.message}`;
    if (error instanceof MalformedAnswer) return `${client.service}: malformed answer (${error.message})`;
    throw error;
  }
}

/** One line per identifier left open, for a message. */
export function describeUnresolved(resolution: IdentifierResolution): string[] {
  return [
    ...resolution.notFound.map(identifier => `${describeIdentifier(identifier)}: not found`),
    ...resolution.unresolved.map(({ identifier, reason }) => `${describeIdentifier(identifier)}: ${reason}`),
  ];
}

function base(url: string): string {
  return url.replace(/\/+$/, '');
}
