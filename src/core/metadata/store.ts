/**
 * The metadata file: every answer a lookup gave, and every key once assigned, kept in the
 * workspace so a second run, a co-author and CI need no network. One JSON file written by
 * `JSON.stringify` (two-space indent, one field per line, records sorted by title) so it reads
 * well and diffs line by line when committed.
 *
 * Records are found by arXiv id, else by title (`titleMatchText`), never by digest path: a renamed
 * or moved digest still finds its answers. A record that holds metadata is never replaced by a
 * lookup, so an edit made by hand always wins; a "not found" record is asked again only on request.
 *
 * Beside the papers, `digests` keeps the year the writer gave a digest whose day lines and file
 * name state none (`{"path": "digests/mar14.digest.txt", "year": 2024}`, the path relative to
 * the workspace folder, `/`-separated), so the editor, the command line and co-authors date its
 * papers alike (see `digestYears.ts`).
 */
import type { Author, ExistingEntry, MetadataSource, PaperMetadata } from '../model';
import { titleMatchText } from './match';
import { parseAuthorName } from './names';

/** Where the file stands, relative to the workspace folder. */
export const METADATA_FILE = '.digest-notes/metadata.json';
export const METADATA_FORMAT = 'digest-notes/metadata';
export const METADATA_VERSION = 1;

/** One paper in the file. */
export interface MetadataRecord {
  readonly title: string;
  /** The citation key the paper was given; once here it never changes. */
  readonly key?: string;
  /** Which service answered (`manual` for a record written by hand), absent for a key alone. */
  readonly source?: MetadataSource;
  /** When it answered, ISO date-time (UTC). */
  readonly retrieved?: string;
  /** False when every service asked answered cleanly and none had the paper. */
  readonly found?: boolean;
  /** What is known; `source` here is the record's. */
  readonly metadata?: PaperMetadata;
  /**
   * When the writer added the paper by identifier or by hand (ISO date): such a paper joins the
   * library under "Added" even when no digest lists it (core/identifiers/added.ts).
   */
  readonly added?: string;
}

/** The year the writer gave a digest whose day lines and file name state none. */
export interface DigestYearRecord {
  /** Relative to the workspace folder (the metadata file's parent's parent), `/`-separated. */
  readonly path: string;
  readonly year: number;
}

export interface MetadataFile {
  readonly records: readonly MetadataRecord[];
  /** Sorted by path; absent or empty when no year was given. */
  readonly digests?: readonly DigestYearRecord[];
}

export const EMPTY_METADATA_FILE: MetadataFile = { records: [] };

export interface MetadataReadResult {
  readonly file: MetadataFile;
  /** Set when the text is not a metadata file; `file` is then empty and must not be written over. */
  readonly error?: string;
}

/** What a lookup found (or did not) for one paper. */
export interface LookupAnswer {
  readonly title: string;
  readonly found: boolean;
  readonly source: MetadataSource;
  readonly metadata?: PaperMetadata;
}

const METADATA_FIELDS = ['arxiv', 'authors', 'published', 'primaryClass', 'categories', 'venue', 'journalDoi', 'url'] as const;

/** Reads the file's text; an empty text is an empty file. Never throws. */
export function parseMetadataFile(text: string): MetadataReadResult {
  if (text.trim() === '') return { file: EMPTY_METADATA_FILE };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { file: EMPTY_METADATA_FILE, error: `not JSON: ${(error as Error).message}` };
  }
  if (!isObject(value) || !Array.isArray(value.papers))
    return { file: EMPTY_METADATA_FILE, error: 'not a metadata file: no "papers" list' };
  if (typeof value.version === 'number' && value.version > METADATA_VERSION) {
    return { file: EMPTY_METADATA_FILE, error: `written by a newer Digest Notes (version ${value.version})` };
  }
  const records: MetadataRecord[] = [];
  for (const item of value.papers) {
    const record = readRecord(item);
    if (record !== undefined) records.push(record);
  }
  const digests = Array.isArray(value.digests) ? value.digests.flatMap(readDigestYear) : [];
  return { file: digests.length > 0 ? { records, digests } : { records } };
}

/** The file's text: stable order and layout, so an unchanged file is written byte for byte the same. */
export function formatMetadataFile(file: MetadataFile): string {
  const papers = [...file.records].sort(compareRecords).map(writeRecord);
  const digests = [...(file.digests ?? [])].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map(d => ({ ...d }));
  const head = { format: METADATA_FORMAT, version: METADATA_VERSION };
  // `digests` only when a year was given, so a file without one reads as it always did.
  return JSON.stringify(digests.length > 0 ? { ...head, digests, papers } : { ...head, papers }, null, 2) + '\n';
}

/** Finds records by arXiv id or by title. */
export class MetadataIndex {
  private readonly byArxiv = new Map<string, MetadataRecord>();
  private readonly byTitle = new Map<string, MetadataRecord>();

  constructor(readonly file: MetadataFile) {
    for (const record of file.records) {
      const arxiv = record.metadata?.arxiv;
      if (arxiv !== undefined && !this.byArxiv.has(arxiv)) this.byArxiv.set(arxiv, record);
      const title = titleMatchText(record.title);
      if (title !== '' && !this.byTitle.has(title)) this.byTitle.set(title, record);
    }
  }

  find(title: string, arxiv?: string): MetadataRecord | undefined {
    return (arxiv !== undefined ? this.byArxiv.get(arxiv) : undefined) ?? this.byTitle.get(titleMatchText(title));
  }

  /** True when a lookup should ask for this paper: no record, or one with neither data nor a "not found". */
  needsLookup(title: string, arxiv?: string, retryNotFound = false): boolean {
    const record = this.find(title, arxiv);
    if (record === undefined) return true;
    if (recordMetadata(record) !== undefined) return false;
    // A record with a key alone was never asked; a "not found" was.
    return record.found === false ? retryNotFound : true;
  }
}

/**
 * The file with the answers merged in, as `now` (ISO date-time). An answer never replaces a record
 * that holds metadata (found, or written by hand); it fills a record that has none, keeping its key.
 */
export function mergeAnswers(file: MetadataFile, answers: readonly LookupAnswer[], now: string): MetadataFile {
  const records = [...file.records];
  const index = new Map(records.map((record, i) => [titleMatchText(record.title), i]));
  for (const answer of answers) {
    const at = index.get(titleMatchText(answer.title));
    const old = at === undefined ? undefined : records[at];
    if (old?.metadata !== undefined && hasData(old.metadata)) continue;
    const { source: _dropped, ...metadata } = answer.metadata ?? {};
    const record: MetadataRecord = {
      title: old?.title ?? answer.title,
      ...(old?.key !== undefined ? { key: old.key } : {}),
      source: answer.source,
      retrieved: now,
      found: answer.found,
      ...(answer.found && hasData(metadata) ? { metadata } : {}),
      ...(old?.added !== undefined ? { added: old.added } : {}),
    };
    if (at === undefined) {
      index.set(titleMatchText(record.title), records.length);
      records.push(record);
    } else {
      records[at] = record;
    }
  }
  return { ...file, records };
}

/**
 * The file with each paper's key recorded where its record has none yet (a new record is made for
 * a paper without one). Keys already recorded are never changed.
 */
export function recordKeys(file: MetadataFile, papers: readonly { readonly title: string; readonly key: string }[]): MetadataFile {
  const records = [...file.records];
  const index = new Map(records.map((record, i) => [titleMatchText(record.title), i]));
  for (const paper of papers) {
    const title = titleMatchText(paper.title);
    const at = index.get(title);
    if (at === undefined) {
      index.set(title, records.length);
      records.push({ title: paper.title, key: paper.key });
    } else if (records[at].key === undefined) {
      records[at] = { ...records[at], key: paper.key };
    }
  }
  return { ...file, records };
}

/**
 * The recorded keys as bibliography entries, for the library's `existing` option: a paper whose
 * title has a recorded key takes it. Pass them after the bibliography's own entries, which win.
 */
export function recordedKeyEntries(file: MetadataFile): ExistingEntry[] {
  return file.records.flatMap(record => (record.key !== undefined ? [{ key: record.key, title: record.title }] : []));
}

/** The record's metadata with its source, or undefined when it holds none. */
export function recordMetadata(record: MetadataRecord | undefined): PaperMetadata | undefined {
  if (record?.metadata === undefined || !hasData(record.metadata)) return undefined;
  return { ...record.metadata, source: record.source ?? 'manual' };
}

/**
 * A paper's metadata completed from its record: the record's fields win (they were looked up or
 * written by hand for this paper), the paper's own fill the rest.
 */
export function completeMetadata(own: PaperMetadata | undefined, record: MetadataRecord | undefined): PaperMetadata | undefined {
  const stored = recordMetadata(record);
  if (stored === undefined) return own;
  if (own === undefined) return stored;
  const merged: Record<string, unknown> = { ...own };
  for (const [field, value] of Object.entries(stored)) if (value !== undefined) merged[field] = value;
  return merged as PaperMetadata;
}

function hasData(metadata: PaperMetadata): boolean {
  return METADATA_FIELDS.some(field => metadata[field] !== undefined);
}

function compareRecords(a: MetadataRecord, b: MetadataRecord): number {
  const left = titleMatchText(a.title);
  const right = titleMatchText(b.title);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The record as written: fixed field order, metadata fields beside the record's own. */
function writeRecord(record: MetadataRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { title: record.title };
  if (record.key !== undefined) out.key = record.key;
  if (record.source !== undefined) out.source = record.source;
  if (record.retrieved !== undefined) out.retrieved = record.retrieved;
  if (record.found !== undefined) out.found = record.found;
  const metadata = record.metadata ?? {};
  for (const field of METADATA_FIELDS) {
    const value = metadata[field];
    if (field === 'authors' && Array.isArray(value)) out.authors = value.map(writeAuthor);
    else if (value !== undefined) out[field] = value;
  }
  if (metadata.announce !== undefined) out.announce = metadata.announce;
  if (record.added !== undefined) out.added = record.added;
  return out;
}

function writeAuthor(author: Author): Record<string, string> {
  const out: Record<string, string> = { literal: author.literal };
  if (author.family !== undefined) out.family = author.family;
  if (author.given !== undefined) out.given = author.given;
  if (author.suffix !== undefined) out.suffix = author.suffix;
  return out;
}

const SOURCES: ReadonlySet<string> = new Set(['digest', 'huggingface', 'arxiv-email', 'arxiv-rss', 'arxiv-api', 'doi', 'manual']);

/** A record as read; hand-written records may give authors as plain strings or leave out `source`. */
function readRecord(item: unknown): MetadataRecord | undefined {
  if (!isObject(item) || typeof item.title !== 'string' || item.title.trim() === '') return undefined;
  const metadata: Record<string, unknown> = {};
  for (const field of ['arxiv', 'published', 'primaryClass', 'venue', 'journalDoi', 'url'] as const) {
    if (typeof item[field] === 'string' && item[field] !== '') metadata[field] = item[field];
  }
  if (Array.isArray(item.categories)) metadata.categories = item.categories.filter((c): c is string => typeof c === 'string');
  if (Array.isArray(item.authors)) {
    const authors = item.authors.map(readAuthor).filter((a): a is Author => a !== undefined);
    if (authors.length > 0) metadata.authors = authors;
  }
  if (typeof item.announce === 'string' && ['new', 'cross', 'replace', 'replace-cross'].includes(item.announce))
    metadata.announce = item.announce;
  const hasMetadata = hasData(metadata as PaperMetadata);
  const source =
    typeof item.source === 'string' && SOURCES.has(item.source) ? (item.source as MetadataSource) : hasMetadata ? 'manual' : undefined;
  return {
    title: item.title,
    ...(typeof item.key === 'string' && item.key !== '' ? { key: item.key } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(typeof item.retrieved === 'string' ? { retrieved: item.retrieved } : {}),
    ...(typeof item.found === 'boolean' ? { found: item.found } : hasMetadata ? { found: true } : {}),
    ...(hasMetadata ? { metadata: metadata as PaperMetadata } : {}),
    ...(typeof item.added === 'string' && item.added !== '' ? { added: item.added } : {}),
  };
}

/** A `digests` item: a non-empty path and a year between 1900 and 2100; anything else is skipped. */
function readDigestYear(item: unknown): DigestYearRecord[] {
  if (!isObject(item) || typeof item.path !== 'string' || item.path.trim() === '') return [];
  const year = typeof item.year === 'string' && /^\d{4}$/.test(item.year.trim()) ? Number(item.year) : item.year;
  return typeof year === 'number' && Number.isInteger(year) && year >= 1900 && year <= 2100 ? [{ path: item.path, year }] : [];
}

function readAuthor(value: unknown): Author | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : parseAuthorName(value);
  if (!isObject(value)) return undefined;
  const family = typeof value.family === 'string' && value.family !== '' ? value.family : undefined;
  const given = typeof value.given === 'string' && value.given !== '' ? value.given : undefined;
  const suffix = typeof value.suffix === 'string' && value.suffix !== '' ? value.suffix : undefined;
  const written = typeof value.literal === 'string' && value.literal !== '' ? value.literal : [given, family].filter(Boolean).join(' ');
  if (written === '') return undefined;
  // A hand-written author with only a literal is split like any other name.
  if (family === undefined && given === undefined) return parseAuthorName(written);
  return {
    literal: written,
    ...(family !== undefined ? { family } : {}),
    ...(given !== undefined ? { given } : {}),
    ...(suffix !== undefined ? { suffix } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
