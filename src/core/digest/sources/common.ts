/**
 * What the source readers (Hugging Face JSON, arXiv mail, RSS) share: the record each of them
 * reads a paper into, and the one place those records become the `ParsedDigest` the text parser
 * gives, so the tree, preview, search and library need not know where a paper came from.
 */
import { isValidDate } from '../dates';
import { extractLinks } from '../links';
import type {
  DiagnosticSeverity,
  DigestDay,
  DigestEntry,
  LineRange,
  ParseDiagnostic,
  ParsedDigest,
  PaperLink,
  PaperMetadata,
} from '../../model';

/** One paper as a source reader found it, with the lines it stands on. */
export interface SourceRecord {
  readonly title: string;
  readonly abstract: string;
  /** Links the source names apart from the abstract (HF's `githubRepo`, `projectPage`). */
  readonly extraLinks?: readonly PaperLink[];
  readonly metadata: PaperMetadata;
  readonly titleLine: number;
  readonly abstractRange?: LineRange;
  readonly range: LineRange;
  /** The day section the record belongs to: records with the same section key are grouped. */
  readonly section: SectionKey;
}

/** A day section: its label (as the tree shows it), its ISO date and where it starts. */
export interface SectionKey {
  readonly label: string;
  readonly date: string | null;
  readonly line: number;
}

/** Collects diagnostics, each with a line kept inside the file. */
export class Diagnostics {
  readonly list: ParseDiagnostic[] = [];
  constructor(private readonly lineCount: number) {}

  report(line: number, severity: DiagnosticSeverity, message: string): void {
    this.list.push({ line: clampLine(line, this.lineCount), severity, message });
  }
}

/**
 * The parsed digest of a source's records. A day section is a run of records with the same
 * section label: a label that comes back after another one starts a new section (the tree
 * numbers repeated labels), so a section's lines never overlap another's.
 */
export function buildParsedDigest(
  path: string,
  records: readonly SourceRecord[],
  diagnostics: Diagnostics,
  lineCount: number,
): ParsedDigest {
  const entries: DigestEntry[] = [];
  const days: DigestDay[] = [];
  let section: { key: SectionKey; entries: DigestEntry[] } | null = null;
  const closeSection = (): void => {
    if (section === null || section.entries.length === 0) return;
    const start = Math.min(section.key.line, section.entries[0].range.start);
    // A loop, not Math.max(...ends): a spread over ~125,000 entries overflows the call stack.
    let end = start;
    for (const entry of section.entries) end = Math.max(end, entry.range.end);
    days.push({ label: section.key.label, date: section.key.date, line: start, range: { start, end }, entries: section.entries });
  };
  for (const record of records) {
    const entry = toEntry(record, lineCount);
    entries.push(entry);
    if (section === null || section.key.label !== record.section.label) {
      closeSection();
      section = { key: record.section, entries: [] };
    }
    section.entries.push(entry);
  }
  closeSection();
  if (entries.length === 0) diagnostics.report(0, 'info', 'No papers found.');
  const sorted = [...diagnostics.list].sort((a, b) => a.line - b.line);
  return { path, days, entries, diagnostics: sorted, lineCount };
}

function toEntry(record: SourceRecord, lineCount: number): DigestEntry {
  const { links, doi } = extractLinks(record.abstract);
  const allLinks = mergeLinks(record.extraLinks ?? [], links);
  const range = clampRange(record.range, lineCount);
  const titleLine = Math.min(Math.max(clampLine(record.titleLine, lineCount), range.start), range.end);
  const date = record.section.date;
  const abstractRange = record.abstract !== '' && record.abstractRange ? clampRange(record.abstractRange, lineCount) : undefined;
  const year = date === null ? null : Number(date.slice(0, 4));
  // Two literals rather than a spread for the optional range: same fields, same order, each
  // object built at once (a spread in the middle of a literal is a slow copy per entry).
  if (abstractRange) {
    return {
      title: record.title,
      abstract: record.abstract,
      day: record.section.label,
      date,
      year,
      links: allLinks,
      doi,
      titleLine,
      abstractRange: withinRange(abstractRange, range),
      range,
      metadata: record.metadata,
    };
  }
  return {
    title: record.title,
    abstract: record.abstract,
    day: record.section.label,
    date,
    year,
    links: allLinks,
    doi,
    titleLine,
    range,
    metadata: record.metadata,
  };
}

/** The source's own links first (they say what they are), then the abstract's, each URL once. */
function mergeLinks(own: readonly PaperLink[], found: readonly PaperLink[]): PaperLink[] {
  // `found` is extractLinks' own new array: nothing else holds it, so it is not copied.
  if (own.length === 0) return found as PaperLink[];
  const seen = new Set(own.map(link => comparableUrl(link.url)));
  return [...own, ...found.filter(link => !seen.has(comparableUrl(link.url)))];
}

function comparableUrl(url: string): string {
  return url.toLowerCase().replace(/\/+$/, '');
}

function clampLine(line: number, lineCount: number): number {
  if (!Number.isFinite(line) || line < 0) return 0;
  return Math.min(Math.floor(line), Math.max(0, lineCount - 1));
}

function clampRange(range: LineRange, lineCount: number): LineRange {
  const start = clampLine(range.start, lineCount);
  return { start, end: Math.max(start, clampLine(range.end, lineCount)) };
}

function withinRange(inner: LineRange, outer: LineRange): LineRange {
  const start = Math.min(Math.max(inner.start, outer.start), outer.end);
  return { start, end: Math.min(Math.max(inner.end, start), outer.end) };
}

/**
 * Counts lines up to character offsets that only grow: the readers of JSON and XML locate each
 * item after the previous one, so the whole file is scanned once.
 */
export class LineCounter {
  private offset = 0;
  private line = 0;
  /** The first line feed at or after `offset` (-1: none left), so a one-line file is scanned once. */
  private nextFeed: number;
  constructor(private readonly text: string) {
    this.nextFeed = text.indexOf('\n');
  }

  /** The 0-based line of `offset` (clamped to the text); offsets before the last one give its line. */
  lineAt(offset: number): number {
    const target = Math.min(Math.max(offset, 0), this.text.length);
    while (this.nextFeed !== -1 && this.nextFeed < target) {
      this.line++;
      this.nextFeed = this.text.indexOf('\n', this.nextFeed + 1);
    }
    if (target > this.offset) this.offset = target;
    return this.line;
  }
}

/** Lines as an editor counts them (CRLF, CR and LF each end one), without splitting the text. */
export function countLines(text: string): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  if (!text.includes('\r')) return lines;
  // A CR alone (old Mac) ends a line too; a CR before LF was counted with its LF.
  for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 1)) if (text.charCodeAt(at + 1) !== 10) lines++;
  return lines;
}

/**
 * Lines as `splitLines` numbers them (CRLF, CR and LF end a line; a leading BOM dropped), with
 * the two common cases fast: no CR at all, and CRLF throughout (mails) split at CRLF, several
 * times faster than the general split. Only a text with a lone LF among CRLFs takes the general
 * one; a lone CR among CRLFs is not looked for (a second pass for what mails never have): it
 * would only shift the lines after it by one, inside the file still.
 */
export function splitLinesQuickly(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.includes('\r')) return body.split('\n');
  let feeds = 0;
  for (let at = body.indexOf('\n'); at !== -1; at = body.indexOf('\n', at + 1), feeds++) {
    if (body.charCodeAt(at - 1) !== 13) return body.split(/\r\n?|\n/);
  }
  return feeds === 0 ? body.split(/\r\n?|\n/) : body.split('\r\n');
}

/** An arXiv identifier without the `arXiv:` prefix, URL and version: `2406.11944`, `hep-th/9901001`. */
export function normalizeArxivId(raw: string): string | undefined {
  // The usual cases (Hugging Face's `id`, RSS's `arXiv:2406.11944v1` once its prefix is cut): a
  // bare new-style id, with or without a version, which the steps below give unchanged or unversioned.
  const bare = BARE_NEW_ID.exec(raw);
  if (bare) return bare[1];
  let id = raw.trim();
  const abs = id.search(/\/(abs|pdf|html)\//);
  if (abs !== -1) id = id.slice(id.indexOf('/', abs + 1) + 1);
  id = id
    .replace(/^arxiv:/i, '')
    .replace(/^oai:arxiv\.org:/i, '')
    .replace(/\.pdf$/i, '')
    .replace(/v\d+$/, '');
  if (/^\d{4}\.\d{4,5}$/.test(id) || /^[a-z][a-z.-]*(\.[A-Z]{2})?\/\d{7}$/.test(id)) return id;
  return undefined;
}

const BARE_NEW_ID = /^(\d{4}\.\d{4,5})(?:v\d+)?$/;

/** The version of an arXiv id (`2406.11944v2` gives 2), when it carries one. */
export function arxivVersion(raw: string): number | undefined {
  const match = /v(\d+)\s*$/.exec(raw.trim());
  return match ? Number(match[1]) : undefined;
}

export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

/** The UTC calendar date (`YYYY-MM-DD`) of an ISO or RFC 2822 timestamp; undefined when unreadable. */
export function utcDate(timestamp: string): string | undefined {
  // `2024-06-17T00:00:00.000Z`: already UTC, the date is its first ten characters.
  if (timestamp.length >= 20 && timestamp.endsWith('Z') && ISO_UTC.test(timestamp)) {
    const year = Number(timestamp.slice(0, 4));
    const month = Number(timestamp.slice(5, 7));
    const day = Number(timestamp.slice(8, 10));
    // Days 1-28 exist in every month (the pattern allows no other month): no calendar needed.
    return day <= 28 || isValidDate(year, month, day) ? timestamp.slice(0, 10) : undefined;
  }
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  return iso.startsWith('-') || iso.startsWith('+') ? undefined : iso.slice(0, 10);
}

/**
 * The calendar date an RFC 2822 date is written in (`Thu, 24 Sep 2026 00:00:00 -0400` gives
 * 2026-09-24): arXiv stamps its listings with midnight, US Eastern time, of the listing's day, so
 * the day as written is the listing's day, in whatever zone a feed is stamped (a conversion to
 * UTC keeps it for -0400 but would move a day stamped at midnight in a zone east of UTC back).
 */
export function writtenDate(rfc2822: string): string | undefined {
  const match = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})/.exec(rfc2822);
  if (!match) return utcDate(rfc2822);
  const month = MONTHS.indexOf(match[2].toLowerCase()) + 1;
  const day = Number(match[1]);
  if (month === 0 || day < 1 || day > 31) return undefined;
  return `${match[3]}-${pad(month)}-${pad(day)}`;
}

const ISO_UTC = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T\d{2}:\d{2}/;

export const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Runs of white space (line breaks too) as one space, trimmed. */
export function collapseSpaces(text: string): string {
  // Most values are single-spaced already: a test that finds nothing is far cheaper than a replace.
  return needsCollapse(text) ? text.replace(/[ \t\n\r\f\v]+/g, ' ').trim() : text;
}

/**
 * White space other than a single inner space: at either end, a run of spaces, a line break or
 * a tab (other Unicode spaces inside stay as they are). `indexOf` passes, several times faster
 * than one regular expression over a long abstract.
 */
function needsCollapse(text: string): boolean {
  if (text.length === 0) return false;
  if (isSpaceCode(text.charCodeAt(0)) || isSpaceCode(text.charCodeAt(text.length - 1))) return true;
  return (
    text.includes('  ') || text.includes('\n') || text.includes('\t') || text.includes('\r') || text.includes('\f') || text.includes('\v')
  );
}

function isSpaceCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0xfeff ||
    (c >= 0x2000 && (c <= 0x200a || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000)) ||
    c === 0x1680
  );
}

/** Text of a node read from JSON or XML that should be a string; '' for anything else. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length > 0 ? asText(value[0]) : '';
  if (value !== null && typeof value === 'object' && '#text' in value) return asText((value as { '#text': unknown })['#text']);
  return '';
}
