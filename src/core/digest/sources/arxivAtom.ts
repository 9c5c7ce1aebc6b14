/**
 * The arXiv API's Atom answer (`export.arxiv.org/api/query`), read into the shape of the paper
 * metadata, for the lookups that ask arXiv. Both the old output and the late-2025 one (namespace
 * declared on the feed, links without `rel`, summaries not wrapped) read the same. Error answers
 * (an entry titled "Error" whose id is under `/api/errors`) give no record.
 */
import type { Author, PaperMetadata } from '../../model';
import { authorsOf, foldTitleTex } from './authors';
import { arxivAbsUrl, arxivVersion, asText, collapseSpaces, normalizeArxivId, utcDate } from './common';
import { attribute, child, children, readXml } from './xml';

export interface ArxivAtomRecord {
  /** Without version: `2406.11944`, `nucl-ex/0408020`. */
  readonly arxiv: string;
  /** The version the answer describes, when its id carries one. */
  readonly version?: number;
  readonly title: string;
  readonly abstract: string;
  readonly authors: readonly Author[];
  /** ISO date of the first version. */
  readonly published?: string;
  /** ISO date of this version. */
  readonly updated?: string;
  readonly primaryClass?: string;
  readonly categories: readonly string[];
  readonly doi?: string;
  readonly journalRef?: string;
  readonly comment?: string;
  /** The abstract page, without version. */
  readonly url: string;
}

export interface ArxivAtomAnswer {
  readonly records: readonly ArxivAtomRecord[];
  /** `opensearch:totalResults`, when the answer says. */
  readonly totalResults?: number;
  /** What could not be read: not XML, an error entry, an entry without id. */
  readonly problems: readonly string[];
}

/** The records of an arXiv API answer; [] for anything unreadable. Never throws. */
export function parseArxivAtom(xml: string): ArxivAtomRecord[] {
  return [...readArxivAtom(xml).records];
}

/** As `parseArxivAtom`, with the total and what went wrong. */
export function readArxivAtom(xml: string): ArxivAtomAnswer {
  const problems: string[] = [];
  const { document, problem } = readXml(xml);
  if (problem) problems.push(`Not well-formed XML (line ${problem.line}: ${problem.message}).`);
  const feed = child(document, 'feed');
  if (feed === undefined) return { records: [], problems: [...problems, 'No Atom feed.'] };
  const records: ArxivAtomRecord[] = [];
  for (const entry of children(feed, 'entry')) {
    const record = readEntry(entry, problems);
    if (record) records.push(record);
  }
  const total = Number(asText(feed['opensearch:totalResults']));
  return {
    records,
    ...(asText(feed['opensearch:totalResults']) !== '' && Number.isInteger(total) ? { totalResults: total } : {}),
    problems,
  };
}

/** The paper metadata of an API record. */
export function atomRecordMetadata(record: ArxivAtomRecord): PaperMetadata {
  return {
    ...(record.authors.length > 0 ? { authors: record.authors } : {}),
    ...(record.published ? { published: record.published } : {}),
    arxiv: record.arxiv,
    ...(record.primaryClass ? { primaryClass: record.primaryClass } : {}),
    ...(record.categories.length > 0 ? { categories: record.categories } : {}),
    ...(record.journalRef ? { venue: record.journalRef } : {}),
    ...(record.doi ? { journalDoi: record.doi } : {}),
    url: record.url,
    source: 'arxiv-api',
  };
}

function readEntry(entry: unknown, problems: string[]): ArxivAtomRecord | undefined {
  if (entry === null || typeof entry !== 'object') return undefined;
  const node = entry as Record<string, unknown>;
  const rawId = collapseSpaces(asText(node.id));
  const title = foldTitleTex(asText(node.title));
  if (rawId.includes('/api/errors')) {
    problems.push(`arXiv answered an error: ${collapseSpaces(asText(node.summary)) || title}`);
    return undefined;
  }
  const arxiv = normalizeArxivId(rawId);
  if (arxiv === undefined) {
    problems.push(`An entry without an arXiv id (${rawId || 'none'}).`);
    return undefined;
  }
  const version = arxivVersion(rawId);
  const categories = children(node, 'category')
    .map(c => attribute(c, 'term'))
    .filter(term => term !== '');
  const primaryClass = attribute(child(node, 'arxiv:primary_category'), 'term') || categories[0];
  const published = utcDate(asText(node.published));
  const updated = utcDate(asText(node.updated));
  const doi = collapseSpaces(asText(node['arxiv:doi'])).split(' ')[0];
  const journalRef = collapseSpaces(asText(node['arxiv:journal_ref']));
  const comment = collapseSpaces(asText(node['arxiv:comment']));
  return {
    arxiv,
    ...(version !== undefined ? { version } : {}),
    title,
    abstract: collapseSpaces(asText(node.summary)),
    authors: authorsOf(children(node, 'author').map(author => asText(child({ a: author }, 'a')?.name ?? author))),
    ...(published ? { published } : {}),
    ...(updated ? { updated } : {}),
    ...(primaryClass ? { primaryClass } : {}),
    categories,
    ...(doi ? { doi } : {}),
    ...(journalRef ? { journalRef } : {}),
    ...(comment ? { comment } : {}),
    url: arxivAbsUrl(arxiv),
  };
}
