/**
 * The writer's reading state: which papers are read, starred ("to read") or dismissed. One plain
 * JSON file per workspace folder (default `.digest-notes/reading.json`), never a bibliography or a
 * note. Papers are keyed by arXiv id, else by normalised title, so the same paper in two digests
 * (a Hugging Face day and an arXiv feed) shares its state.
 *
 * Every change is an operation stamped with its time, applied to the file as it stands on disk
 * just before writing: two windows, or a `git pull` between a read and a write, lose nothing. When
 * two records for one paper meet (a merge of two files), the later one wins.
 */
import { normalizeTitle } from '../util/text';

/** Where the file stands by default, relative to the workspace folder. */
export const READING_FILE = '.digest-notes/reading.json';
export const READING_FORMAT = 'digest-notes/reading';
export const READING_VERSION = 1;

/** A paper first seen is unread; the rest is what the writer said. */
export type ReadingStatus = 'unread' | 'read' | 'starred' | 'dismissed';
const STATUSES: readonly ReadingStatus[] = ['unread', 'read', 'starred', 'dismissed'];

export interface ReadingRecord {
  readonly status: ReadingStatus;
  /** When the writer said so, ISO date-time (UTC): the later of two records wins a merge. */
  readonly at: string;
  /** The title when it was set, so a reader of the file (or a diff) sees which paper it is. */
  readonly title?: string;
}

export interface ReadingFile {
  /** By reading id (`arxiv:2406.11944`, `title:transcoders find ...`). */
  readonly papers: ReadonlyMap<string, ReadingRecord>;
}

export const EMPTY_READING_FILE: ReadingFile = { papers: new Map() };

export interface ReadingReadResult {
  readonly file: ReadingFile;
  /** Set when the text is not a reading file: `file` is then empty and must not be written over. */
  readonly error?: string;
}

/** What identifies a paper for its reading state. */
export interface ReadingPaper {
  readonly title: string;
  readonly metadata?: { readonly arxiv?: string };
}

/** The paper's id in the file: its arXiv id (without version) when known, else its title. */
export function readingId(paper: ReadingPaper): string {
  return arxivReadingId(paper) ?? `title:${normalizeTitle(paper.title)}`;
}

function arxivReadingId(paper: ReadingPaper): string | undefined {
  const arxiv = paper.metadata?.arxiv?.trim().replace(/v\d+$/, '');
  return arxiv ? `arxiv:${arxiv}` : undefined;
}

/** The ids a paper may have been stored under: a title record written before its arXiv id was known counts too. */
export function readingIds(paper: ReadingPaper): string[] {
  const byTitle = `title:${normalizeTitle(paper.title)}`;
  const arxiv = arxivReadingId(paper);
  return arxiv === undefined ? [byTitle] : [arxiv, byTitle];
}

/** The paper's status: the latest of its records, unread when it has none. */
export function statusOf(file: ReadingFile, paper: ReadingPaper): ReadingStatus {
  return recordOf(file, paper)?.status ?? 'unread';
}

export function recordOf(file: ReadingFile, paper: ReadingPaper): ReadingRecord | undefined {
  let latest: ReadingRecord | undefined;
  for (const id of readingIds(paper)) {
    const record = file.papers.get(id);
    if (record && (!latest || record.at > latest.at)) latest = record;
  }
  return latest;
}

/** One change the writer made: applied to the file as it is on disk when written. */
export interface ReadingChange {
  readonly papers: readonly ReadingPaper[];
  readonly status: ReadingStatus;
  /** ISO date-time of the change. */
  readonly at: string;
}

/**
 * The file with `change` applied. A record newer than the change (another window wrote later)
 * is kept. Returns the same object when nothing changes, so no write is needed.
 */
export function applyChange(file: ReadingFile, change: ReadingChange): ReadingFile {
  let papers: Map<string, ReadingRecord> | undefined;
  for (const paper of change.papers) {
    const current = recordOf(file, paper);
    if (current && (current.at > change.at || current.status === change.status)) continue;
    if (!current && change.status === 'unread') continue;
    papers ??= new Map(file.papers);
    for (const id of readingIds(paper)) papers.delete(id);
    papers.set(readingId(paper), { status: change.status, at: change.at, title: paper.title });
  }
  return papers ? { papers } : file;
}

/** Two versions of the file as one: per paper, the later record wins (two windows, a merge conflict resolved by hand). */
export function mergeReadingFiles(a: ReadingFile, b: ReadingFile): ReadingFile {
  const papers = new Map(a.papers);
  for (const [id, record] of b.papers) {
    const mine = papers.get(id);
    if (!mine || record.at > mine.at) papers.set(id, record);
  }
  return { papers };
}

/** Reads the file's text; an empty text is an empty file. Never throws. */
export function parseReadingFile(text: string): ReadingReadResult {
  if (text.trim() === '') return { file: EMPTY_READING_FILE };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { file: EMPTY_READING_FILE, error: `not valid JSON (${(error as Error).message})` };
  }
  if (!isObject(value) || value.format !== READING_FORMAT || !isObject(value.papers)) {
    return { file: EMPTY_READING_FILE, error: `not a reading-state file (expected "format": "${READING_FORMAT}" and "papers")` };
  }
  if (typeof value.version === 'number' && value.version > READING_VERSION) {
    return { file: EMPTY_READING_FILE, error: `written by a newer version (${value.version}) of Digest Notes` };
  }
  const papers = new Map<string, ReadingRecord>();
  for (const [id, raw] of Object.entries(value.papers)) {
    // A record damaged by hand is skipped, not fatal: the rest of the writer's triage stays.
    if (!isObject(raw) || !STATUSES.includes(raw.status as ReadingStatus) || typeof raw.at !== 'string') continue;
    const title = typeof raw.title === 'string' ? raw.title : undefined;
    papers.set(id, { status: raw.status as ReadingStatus, at: raw.at, ...(title !== undefined ? { title } : {}) });
  }
  return { file: { papers } };
}

/** The file's text: ids sorted, one record per line group, so it diffs well when committed. */
export function formatReadingFile(file: ReadingFile): string {
  const papers: Record<string, ReadingRecord> = {};
  for (const id of [...file.papers.keys()].sort()) papers[id] = file.papers.get(id)!;
  return JSON.stringify({ format: READING_FORMAT, version: READING_VERSION, papers }, null, 2) + '\n';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
