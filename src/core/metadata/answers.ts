/**
 * The three services' answers read into candidate papers: Hugging Face's daily papers (JSON),
 * the arXiv API (Atom, through the sources' Atom reader) and doi.org's CSL-JSON. Each reader
 * throws `MalformedAnswer` on text that is not the service's format; an answer with no papers is
 * an empty list.
 */
import { atomRecordMetadata, readArxivAtom as readAtomAnswer } from '../digest/sources/arxivAtom';
import { arxivAbsUrl, normalizeArxivId as arxivIdOf } from '../digest/sources/common';
import type { Author, PaperMetadata } from '../model';
import { parseAuthorName } from './names';

/** A paper as a service describes it, before matching. */
export interface Candidate {
  readonly title: string;
  /** The arXiv id (or the DOI for a DOI answer): what tells two candidates apart. */
  readonly id: string;
  readonly metadata: PaperMetadata;
}

export class MalformedAnswer extends Error {}

/** `GET /api/daily_papers?date=...`: a JSON list of `{ paper: { id, title, authors[].name, publishedAt } }`. */
export function readHuggingFaceDay(body: string): Candidate[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new MalformedAnswer('not JSON');
  }
  if (!Array.isArray(value)) throw new MalformedAnswer('not a list of papers');
  const candidates: Candidate[] = [];
  for (const item of value) {
    const paper = (item as { paper?: Record<string, unknown> })?.paper;
    if (typeof paper !== 'object' || paper === null) continue;
    const id = typeof paper.id === 'string' ? arxivIdOf(paper.id) : undefined;
    const title = typeof paper.title === 'string' ? paper.title : (item as { title?: unknown }).title;
    if (id === undefined || typeof title !== 'string') continue;
    const names = Array.isArray(paper.authors)
      ? paper.authors.map((a: { name?: unknown }) => a?.name).filter((n): n is string => typeof n === 'string')
      : [];
    const metadata: Record<string, unknown> = { arxiv: id, url: arxivAbsUrl(id) };
    const authors = names.map(parseAuthorName).filter(a => a.literal !== '');
    if (authors.length > 0) metadata.authors = authors;
    const published = isoDay(paper.publishedAt);
    if (published !== undefined) metadata.published = published;
    candidates.push({ title, id, metadata: metadata as PaperMetadata });
  }
  return candidates;
}

/**
 * An arXiv API answer (Atom), read by the sources' Atom reader (`parseArxivAtom`'s), the API's
 * error entries skipped; authors split into family/given here.
 */
export function readArxivAtom(body: string): Candidate[] {
  return readArxivAtomPage(body).candidates;
}

/** As `readArxivAtom`, with the number of results the query has in all (`opensearch:totalResults`). */
export function readArxivAtomPage(body: string): { candidates: Candidate[]; totalResults?: number } {
  const answer = readAtomAnswer(body);
  const broken = answer.problems.find(problem => /^Not well-formed XML|^No Atom feed/.test(problem));
  if (broken !== undefined) throw new MalformedAnswer(broken.replace(/\.$/, ''));
  const candidates = answer.records.map(record => {
    const { source: _source, ...metadata } = atomRecordMetadata(record);
    const authors = (metadata.authors ?? []).map(author => parseAuthorName(author.literal));
    return { title: record.title, id: record.arxiv, metadata: { ...metadata, ...(authors.length > 0 ? { authors } : {}) } };
  });
  return { candidates, ...(answer.totalResults !== undefined ? { totalResults: answer.totalResults } : {}) };
}

/** doi.org's CSL-JSON for one DOI (DataCite or Crossref), as one candidate. */
export function readDoiCsl(body: string, doi: string): Candidate[] {
  let item: Record<string, unknown>;
  try {
    item = JSON.parse(body);
  } catch {
    throw new MalformedAnswer('not JSON');
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new MalformedAnswer('not a CSL item');
  const title = Array.isArray(item.title) ? text(item.title[0]) : text(item.title);
  if (title === '') return [];
  const metadata: Record<string, unknown> = {};
  const authors = (Array.isArray(item.author) ? item.author : []).map(cslAuthor).filter((a): a is Author => a !== undefined);
  if (authors.length > 0) metadata.authors = authors;
  const parts = (item.issued as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']?.[0];
  if (Array.isArray(parts) && typeof parts[0] === 'number') {
    metadata.published = [String(parts[0]).padStart(4, '0'), ...parts.slice(1, 3).map(n => String(n).padStart(2, '0'))].join('-');
  }
  const found = typeof item.DOI === 'string' ? item.DOI : doi;
  const arxiv = /^10\.48550\/arxiv\.(.+)$/i.exec(found)?.[1];
  if (arxiv !== undefined) {
    metadata.arxiv = arxivIdOf(arxiv) ?? arxiv;
    metadata.url = arxivAbsUrl(metadata.arxiv as string);
  } else {
    metadata.journalDoi = found.toLowerCase() === doi.toLowerCase() ? doi : found;
    const venue = Array.isArray(item['container-title']) ? text(item['container-title'][0]) : text(item['container-title']);
    if (venue !== '') metadata.venue = venue;
    if (typeof item.URL === 'string') metadata.url = item.URL;
  }
  return [{ title: collapse(title), id: found.toLowerCase(), metadata: metadata as PaperMetadata }];
}

function cslAuthor(value: unknown): Author | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const name = value as Record<string, unknown>;
  const particle = text(name['non-dropping-particle']);
  const family = [particle, text(name.family)].filter(s => s !== '').join(' ');
  const given = text(name.given);
  const literal = text(name.literal) || [given, family].filter(s => s !== '').join(' ');
  if (literal === '') return undefined;
  if (family === '') return parseAuthorName(literal);
  return { literal, family, ...(given !== '' ? { given } : {}), ...(text(name.suffix) !== '' ? { suffix: text(name.suffix) } : {}) };
}

/** `YYYY-MM-DD` of an ISO timestamp, undefined when it is none. */
function isoDay(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null && '#text' in value) return text((value as { '#text': unknown })['#text']);
  return '';
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
