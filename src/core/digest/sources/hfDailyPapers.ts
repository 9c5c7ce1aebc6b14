/**
 * Hugging Face's daily papers as JSON: the answer of `/api/daily_papers?date=…` saved to a file
 * (an array of items, each with a nested `paper`), or the single paper object of
 * `/api/papers/{id}`. Read with `JSON.parse`; each item's lines are found by scanning the text for
 * its `"title"` key after the previous item's (JSON.parse gives no positions).
 *
 * The day: the paper's `submittedOnDailyAt` (the day it was featured), else the item's; the item's
 * own `publishedAt` is not the featured day in the real answers (it is the arXiv submission time,
 * 20:00 UTC the day before the paper's `publishedAt`), so it is only the last resort.
 */
import type { Author, PaperLink, PaperMetadata, ParsedDigest } from '../../model';
import { authorsOf } from './authors';
import {
  arxivAbsUrl,
  asText,
  buildParsedDigest,
  collapseSpaces,
  countLines,
  Diagnostics,
  LineCounter,
  normalizeArxivId,
  utcDate,
  type SourceRecord,
} from './common';

/** How many `"title"` keys are tried for an item before its line is left at the previous one. */
const TITLE_KEY_TRIES = 8;

/** Parses a saved Hugging Face daily-papers answer. Never throws. */
export function* hfDailyPapersSteps(text: string, path: string): Generator<void, ParsedDigest> {
  const lineCount = countLines(text);
  const diagnostics = new Diagnostics(lineCount);
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    diagnostics.report(lineOfJsonError(text, error), 'error', `Not readable as JSON (${(error as Error).message}); no papers read.`);
    return buildParsedDigest(path, [], diagnostics, lineCount);
  }
  yield;
  const items = Array.isArray(data) ? data : isObject(data) ? [data] : [];
  if (items.length === 0 && !Array.isArray(data))
    diagnostics.report(0, 'warning', 'The JSON is neither a list of daily papers nor one paper.');
  // The API's answer is one line: every item stands on line 0, and no scan is needed.
  const locator = lineCount === 1 ? ONE_LINE : new TitleLocator(text);
  const records: SourceRecord[] = [];
  for (let i = 0; i < items.length; i++) {
    const record = readItem(items[i], i, locator, diagnostics);
    if (record) records.push(record);
    yield;
  }
  return buildParsedDigest(path, records, diagnostics, lineCount);
}

/** Where items stand in the text. */
interface ItemLocator {
  readonly lastLine: number;
  locate(title: string): { titleLine: number; abstractRange?: { start: number; end: number } };
}

/** Every item of a one-line answer stands on line 0: one answer for all (records are only read). */
const LINE_ZERO = { titleLine: 0, abstractRange: { start: 0, end: 0 } } as const;
const ONE_LINE: ItemLocator = { lastLine: 0, locate: () => LINE_ZERO };

function readItem(item: unknown, index: number, locator: ItemLocator, diagnostics: Diagnostics): SourceRecord | undefined {
  if (!isObject(item)) {
    diagnostics.report(locator.lastLine, 'warning', `Item ${index + 1} is not an object; skipped.`);
    return undefined;
  }
  // The daily list nests the paper; `/api/papers/{id}` is the paper itself.
  const paper = isObject(item.paper) ? item.paper : item;
  const title = collapseSpaces(asText(paper.title) || asText(item.title));
  if (title === '') {
    diagnostics.report(locator.lastLine, 'warning', `Item ${index + 1} has no title; skipped.`);
    return undefined;
  }
  const place = locator.locate(title);
  const abstract = collapseSpaces(asText(paper.summary) || asText(item.summary));
  if (abstract === '') diagnostics.report(place.titleLine, 'warning', `"${preview(title)}" has no summary.`);
  const arxiv = normalizeArxivId(asText(paper.id));
  if (arxiv === undefined) diagnostics.report(place.titleLine, 'info', `"${preview(title)}" has no arXiv id.`);
  const featured =
    utcDate(asText(paper.submittedOnDailyAt)) ?? utcDate(asText(item.submittedOnDailyAt)) ?? utcDate(asText(item.publishedAt));
  if (featured === undefined) diagnostics.report(place.titleLine, 'warning', `"${preview(title)}" has no featured day.`);
  const authors = readAuthors(paper.authors);
  const published = utcDate(asText(paper.publishedAt));
  // Built field by field (not with spreads): one object, its fields in the order they had.
  const metadata: { -readonly [K in keyof PaperMetadata]: PaperMetadata[K] } = {};
  if (authors.length > 0) metadata.authors = authors;
  if (published) metadata.published = published;
  if (arxiv) {
    metadata.arxiv = arxiv;
    metadata.url = arxivAbsUrl(arxiv);
  }
  metadata.source = 'huggingface';
  const record: { -readonly [K in keyof SourceRecord]: SourceRecord[K] } = {
    title,
    abstract,
    extraLinks: ownLinks(paper),
    metadata,
    titleLine: place.titleLine,
    range: { start: place.titleLine, end: place.abstractRange?.end ?? place.titleLine },
    section: { label: featured ?? 'Undated', date: featured ?? null, line: place.titleLine },
  };
  if (place.abstractRange) record.abstractRange = place.abstractRange;
  return record;
}

/**
 * Every author, hidden ones too: `hidden` marks a name the paper page does not show (a claimed
 * profile its owner hid), while the name stays one of the paper's authors on arXiv.
 */
function readAuthors(value: unknown): Author[] {
  if (!Array.isArray(value)) return [];
  const names: string[] = new Array<string>(value.length);
  for (let i = 0; i < value.length; i++) {
    const author: unknown = value[i];
    names[i] = isObject(author) ? asText(author.name) : asText(author);
  }
  return authorsOf(names);
}

/** `githubRepo` is the code, `projectPage` the project; the HF landing page is never a link. */
function ownLinks(paper: Record<string, unknown>): PaperLink[] {
  const links: PaperLink[] = [];
  if (paper.githubRepo === undefined && paper.projectPage === undefined) return links;
  const code = asText(paper.githubRepo).trim();
  const project = asText(paper.projectPage).trim();
  if (/^https?:\/\//i.test(code)) links.push({ url: code, kind: 'code' });
  if (/^https?:\/\//i.test(project) && project !== code) links.push({ url: project, kind: 'project' });
  return links;
}

/** Finds each item's `"title"` and `"summary"` keys, in file order, one scan of the text. */
class TitleLocator implements ItemLocator {
  private cursor = 0;
  private readonly lines: LineCounter;
  lastLine = 0;

  constructor(private readonly text: string) {
    this.lines = new LineCounter(text);
  }

  locate(title: string): { titleLine: number; abstractRange?: { start: number; end: number } } {
    const found = this.findKey('title', title, TITLE_KEY_TRIES);
    if (found === undefined) return { titleLine: this.lastLine };
    this.cursor = found.end;
    this.lastLine = this.lines.lineAt(found.start);
    const summary = this.findKey('summary', undefined, 2);
    if (summary === undefined) return { titleLine: this.lastLine };
    const start = this.lines.lineAt(summary.start);
    const end = this.lines.lineAt(summary.end);
    return { titleLine: this.lastLine, abstractRange: { start, end } };
  }

  /** The next `"key": "value"` whose value (whitespace collapsed) is `expected`, or any value. */
  private findKey(key: string, expected: string | undefined, tries: number): { start: number; end: number } | undefined {
    const needle = `"${key}"`;
    let from = this.cursor;
    for (let tried = 0; tried < tries; tried++) {
      const at = this.text.indexOf(needle, from);
      if (at === -1) return undefined;
      from = at + needle.length;
      const value = this.stringAfter(from);
      if (value === undefined) continue;
      if (expected === undefined || collapseSpaces(value.text) === expected) return { start: at, end: value.end };
      from = value.end;
    }
    return undefined;
  }

  /** The JSON string after a key's colon: its decoded text and the offset after its closing quote. */
  private stringAfter(from: number): { text: string; end: number } | undefined {
    let at = from;
    while (at < this.text.length && /\s/.test(this.text[at])) at++;
    if (this.text[at] !== ':') return undefined;
    at++;
    while (at < this.text.length && /\s/.test(this.text[at])) at++;
    if (this.text[at] !== '"') return undefined;
    // The closing quote is the first one not escaped; the token itself goes to JSON.parse.
    let end = at + 1;
    for (; end < this.text.length; end++) {
      const c = this.text.charCodeAt(end);
      if (c === 92) end++;
      else if (c === 34) break;
    }
    try {
      return { text: JSON.parse(this.text.slice(at, end + 1)) as string, end: end + 1 };
    } catch {
      return undefined;
    }
  }
}

/** The line of a JSON.parse error: V8 says `at position N` (and newer ones `line L`). */
function lineOfJsonError(text: string, error: unknown): number {
  const message = error instanceof Error ? error.message : '';
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]) - 1;
  const position = /position (\d+)/.exec(message);
  if (position) return new LineCounter(text).lineAt(Number(position[1]));
  // "Unexpected end of JSON input": the file stops short, so the problem is at its end.
  return /end of JSON/i.test(message) ? countLines(text) - 1 : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function preview(title: string): string {
  return title.length > 60 ? `${title.slice(0, 57)}...` : title;
}
