/**
 * The metadata file put to use: digest entries and papers completed from it, the queries for
 * what it does not know yet, and the key a paper gets under the author rule.
 */
import { baseKey } from '../library/keys';
import type { DigestEntry, Paper, ParsedDigest } from '../model';
import { normalizeArxivId } from '../digest/sources/common';
import { lookupMetadata, type LookupOptions, type LookupResult, type PaperQuery } from './lookup';
import { completeMetadata, mergeAnswers, MetadataIndex, recordKeys, type MetadataFile } from './store';

/**
 * The digest with each entry's metadata completed from its record (see `completeMetadata`), for
 * the library to merge into papers. Entries without a record are returned as they are.
 */
export function withStoredMetadata(digest: ParsedDigest, index: MetadataIndex): ParsedDigest {
  let changed = false;
  const complete = (entry: DigestEntry): DigestEntry => {
    const metadata = completeMetadata(entry.metadata, index.find(entry.title, entry.metadata?.arxiv));
    if (metadata === entry.metadata) return entry;
    changed = true;
    return { ...entry, metadata };
  };
  const entries = digest.entries.map(complete);
  if (!changed) return digest;
  const byLine = new Map(entries.map(entry => [entry.titleLine, entry]));
  const days = digest.days.map(day => ({ ...day, entries: day.entries.map(entry => byLine.get(entry.titleLine) ?? entry) }));
  return { ...digest, entries, days };
}

/** The paper with its metadata completed from its record; the paper itself when it has none. */
export function completePaper(paper: Paper, index: MetadataIndex): Paper {
  const metadata = completeMetadata(paper.metadata, index.find(paper.title, paper.metadata?.arxiv));
  return metadata === paper.metadata ? paper : { ...paper, metadata };
}

/**
 * What to ask for the papers the file cannot answer (no record, or a key alone; "not found" ones
 * too with `retryNotFound`). Papers a rich source already described (authors known) are skipped.
 */
export function queriesFor(papers: readonly Paper[], index: MetadataIndex, retryNotFound = false): PaperQuery[] {
  const queries: PaperQuery[] = [];
  for (const paper of papers) {
    if ((paper.metadata?.authors?.length ?? 0) > 0) continue;
    const arxiv = paper.metadata?.arxiv ?? arxivOfLinks(paper);
    if (!index.needsLookup(paper.title, arxiv, retryNotFound)) continue;
    // Only the paper's own DOI (a source's or a lookup's): one quoted in the abstract names a data
    // set or another paper, and is never sent as this paper's.
    const doi = paper.metadata?.journalDoi;
    queries.push({
      title: paper.title,
      date: paper.date,
      ...(arxiv !== undefined ? { arxiv } : {}),
      ...(doi !== undefined ? { doi } : {}),
    });
  }
  return queries;
}

/** What a lookup would send where, for the question asked before any request leaves the machine. */
export interface LookupPlan {
  /** Digest days asked of Hugging Face (one request each). */
  readonly huggingfaceDays: readonly string[];
  /** Titles that may be sent to the arXiv API (those Hugging Face does not match). */
  readonly arxivTitles: readonly string[];
  /** arXiv ids sent to the arXiv API. */
  readonly arxivIds: readonly string[];
  /** DOIs that may be sent to doi.org. */
  readonly dois: readonly string[];
}

/** The plan of a lookup for these queries (an upper bound: matched papers are not asked further). */
export function lookupPlan(queries: readonly PaperQuery[]): LookupPlan {
  const days = new Set<string>();
  for (const query of queries) if (query.date !== null && /^\d{4}-\d{2}-\d{2}$/.test(query.date)) days.add(query.date);
  return {
    huggingfaceDays: [...days].sort(),
    arxivTitles: queries.filter(q => q.arxiv === undefined).map(q => q.title),
    arxivIds: [...new Set(queries.flatMap(q => (q.arxiv !== undefined ? [q.arxiv] : [])))],
    dois: [...new Set(queries.flatMap(q => (q.doi !== undefined ? [q.doi] : [])))],
  };
}

/**
 * The base key under the rules of `baseKey`: the author rule when the first author's family name
 * and the publication year (else the digest's year) are known, the title rule otherwise.
 */
export function paperBaseKey(paper: Pick<Paper, 'title' | 'year' | 'metadata'>): string {
  const family = paper.metadata?.authors?.[0]?.family;
  const published = paper.metadata?.published;
  const year = published !== undefined && /^\d{4}/.test(published) ? Number(published.slice(0, 4)) : paper.year;
  return baseKey(paper.title, year, family);
}

/** An arXiv id from the paper's links (`arxiv.org/abs/...`, `/pdf/...`). */
function arxivOfLinks(paper: Paper): string | undefined {
  for (const link of paper.links) {
    if (!/^https?:\/\/(www\.|export\.)?arxiv\.org\//i.test(link.url)) continue;
    const id = normalizeArxivId(link.url);
    if (id !== undefined) return id;
  }
  return undefined;
}

export interface CompletionOptions extends LookupOptions {
  /** Ask again for papers recorded as not found. */
  readonly retryNotFound?: boolean;
  /** The answers' date (default: now). */
  readonly now?: () => Date;
}

export interface Completion {
  /** The file with the answers merged in (the same object when nothing was asked). */
  readonly file: MetadataFile;
  readonly queries: number;
  readonly result: LookupResult;
}

/**
 * Looks up the papers the file does not know and merges the answers. Papers it knows cost no
 * request: a second run over the same digests sends none.
 */
export async function completeMetadataFile(file: MetadataFile, papers: readonly Paper[], options: CompletionOptions): Promise<Completion> {
  const queries = queriesFor(papers, new MetadataIndex(file), options.retryNotFound ?? false);
  if (queries.length === 0) return { file, queries: 0, result: { answers: [], failures: [], cancelled: false, requests: 0 } };
  const result = await lookupMetadata(queries, options);
  const now = (options.now ?? (() => new Date()))().toISOString();
  return { file: result.answers.length > 0 ? mergeAnswers(file, result.answers, now) : file, queries: queries.length, result };
}

/**
 * The file with the keys of the papers it has a record for, where the record has none yet. Call
 * it with the library built after the answers were merged (so a new paper's key follows the
 * author rule) and with the bibliography's and notes' keys passed to the library as existing
 * entries (so a key already used anywhere is the one kept).
 */
export function keepKeys(file: MetadataFile, papers: readonly Paper[]): MetadataFile {
  const index = new MetadataIndex(file);
  return recordKeys(
    file,
    papers.filter(paper => index.find(paper.title, paper.metadata?.arxiv) !== undefined),
  );
}
