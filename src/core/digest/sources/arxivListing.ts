/**
 * arXiv's daily listing e-mail ("cs daily Subj-class mailing"), as plain text saved from a mail
 * client or as an `.eml` file (see `mime.ts`). One pass over the lines, like the digest parser.
 *
 * The mailing: a header block with the window ` received from  Fri 12 Jul 19 18:00:00 GMT  to  Mon
 * 15 Jul 19 18:00:00 GMT`, then entries, each opened by a `\\` line and closed by the
 * `\\ ( https://arxiv.org/abs/… ,  NNkb)` line: `arXiv:ID` (with `(*cross-listing*)` when it is
 * one), `Date: …` or, for a replacement, `replaced with revised version …`, then `Title:`,
 * `Authors:`, `Categories:` and optional fields whose values wrap onto lines indented by two
 * spaces, then the abstract between `\\` lines (replacements have none). `%-%-%…`, `%%--%%…` and
 * `%%%---…` lines end the new submissions, the cross-lists and the replacements.
 *
 * The day: the window's end is the announcement's deadline (14:00 US Eastern); arXiv announces at
 * 20:00 Eastern, which is the next day in UTC, and dates its listings (and RSS feeds) by that next
 * day. New submissions, cross-lists and replacements are three day sections of that date
 * (`2019-07-16`, `2019-07-16 cross-lists`, `2019-07-16 replacements`), each entry marked in
 * `metadata.announce`.
 */
import type { ParsedDigest, PaperMetadata } from '../../model';
import { completeNow } from '../../util/slices';
import { foldTitleTex, splitAuthorList } from './authors';
import {
  arxivAbsUrl,
  buildParsedDigest,
  collapseSpaces,
  Diagnostics,
  MONTHS,
  pad,
  splitLinesQuickly,
  utcDate,
  writtenDate,
  type SectionKey,
  type SourceRecord,
} from './common';
import { readMail } from './mime';

type Announce = NonNullable<PaperMetadata['announce']>;

const SECTION_SUFFIX: Readonly<Record<Announce, string>> = {
  new: '',
  cross: ' cross-lists',
  replace: ' replacements',
  'replace-cross': ' replacements',
};

/** The fields read from an entry's block, by name (lower case), continuation lines joined. */
type Fields = Map<string, { value: string; line: number; field: { value: string } }>;

/** The fields that go into the metadata; others (Comments, Report-no, MSC-class...) are skipped. */
const READ_FIELDS: ReadonlySet<string> = new Set(['title', 'authors', 'categories', 'journal-ref', 'doi']);

/** Parses an arXiv listing e-mail (text or `.eml`). Never throws. */
export function parseArxivListing(text: string, path: string): ParsedDigest {
  return completeNow(arxivListingSteps(text, path));
}

export function* arxivListingSteps(text: string, path: string): Generator<void, ParsedDigest> {
  const fileLines = yield* listingLines(text);
  return yield* arxivListingLinesSteps(fileLines, path);
}

/** As `arxivListingSteps`, from the file's lines (already split, as the bytes reader gives them). */
export function* arxivListingLinesSteps(fileLines: readonly string[], path: string): Generator<void, ParsedDigest> {
  const mail = readMail(fileLines);
  yield;
  const reader = new ListingReader(mail?.lines ?? fileLines, mail?.sourceLine ?? (n => n), fileLines.length);
  if (mail) reader.mailDate = mail.headers.get('date');
  yield* reader.read();
  return buildParsedDigest(path, reader.records, reader.diagnostics, fileLines.length);
}

class ListingReader {
  readonly records: SourceRecord[] = [];
  readonly diagnostics: Diagnostics;
  mailDate: string | undefined;
  private day: { label: string; date: string | null } | undefined;
  /** The last line that opens a section: the window line or a `%` separator. */
  private sectionLine = -1;
  private lastEnd = -1;

  constructor(
    private readonly lines: readonly string[],
    private readonly sourceLine: (line: number) => number,
    lineCount: number,
  ) {
    this.diagnostics = new Diagnostics(lineCount);
  }

  *read(): Generator<void> {
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i];
      const arxiv = line.startsWith('arXiv:') ? idOf(line) : undefined;
      if (arxiv !== undefined) {
        i = this.readEntry(i, arxiv);
        yield;
      } else if (line.startsWith('%')) {
        this.sectionLine = i;
      } else if (line.startsWith(' received from') || line.startsWith('received from')) {
        this.sectionLine = i;
        this.day ??= this.dayOfWindow(line, i);
      }
    }
  }

  /** Reads the entry whose `arXiv:` line is `start`; returns the last line it used. */
  private readEntry(start: number, arxiv: string): number {
    const cross = this.lines[start].includes('(*cross-listing*)');
    let replaced = false;
    let published: string | undefined;
    const fields: Fields = new Map();
    // The field continued by lines indented with spaces; null for one not read (Comments...).
    let field: { value: string } | null = null;
    let i = start + 1;
    // The date lines, the field block and the blank line between them.
    for (; i < this.lines.length; i++) {
      const line = this.lines[i];
      if (line.startsWith('\\\\') || isEntryEnd(line)) break;
      const first = line.charCodeAt(0);
      if (first === 32 || first === 9) {
        if (line.trim() === '') field = null;
        else if (field !== null) field.value += ' ' + line.trim();
      } else if (line.startsWith('Date:')) {
        // `Date: Fri, 12 Jul 2019 20:54:59 GMT   (37kb,D)`: the date as written is UTC.
        published = writtenDate(line);
      } else if (line.startsWith('replaced with revised version') || line.startsWith('Date (revised')) {
        replaced = true;
      } else {
        const colon = line.indexOf(':');
        const name = colon > 0 ? line.slice(0, colon).toLowerCase() : '';
        field = READ_FIELDS.has(name) && !fields.has(name) ? { value: line.slice(colon + 1).trim() } : null;
        if (field !== null) fields.set(name, { value: '', line: i, field });
      }
    }
    // The abstract, between this `\\` line and the closing `\\ ( url , size)` line.
    let abstractStart = -1;
    let abstractEnd = -1;
    let url: string | undefined;
    let closed = false;
    if (i < this.lines.length && this.lines[i].startsWith('\\\\') && !isLinkLine(this.lines[i])) {
      for (i++; i < this.lines.length; i++) {
        const line = this.lines[i];
        // An abstract line may start with "arXiv:"; only a `\\` line or a separator ends it.
        if (line.startsWith('\\\\') || isSeparator(line)) break;
        if (line.trim() === '') continue;
        if (abstractStart === -1) abstractStart = i;
        abstractEnd = i;
      }
    }
    if (i < this.lines.length && isLinkLine(this.lines[i])) {
      url = linkOf(this.lines[i]);
      closed = true;
    }
    const end = closed ? i : Math.max(start, abstractEnd === -1 ? i - 1 : abstractEnd);
    this.addRecord({ start, end, arxiv, cross, replaced, published, fields, abstractStart, abstractEnd, url, closed });
    return closed ? i : Math.max(start, i - 1);
  }

  private addRecord(entry: EntryLines): void {
    const map = this.sourceLine;
    const titleField = entry.fields.get('title');
    const title = titleField ? foldTitleTex(titleField.field.value) : '';
    if (title === '') {
      this.diagnostics.report(map(entry.start), 'warning', `arXiv:${entry.arxiv} has no title; skipped.`);
      return;
    }
    if (!entry.closed)
      this.diagnostics.report(
        map(entry.start),
        'warning',
        `arXiv:${entry.arxiv} ends before its closing \\\\ ( https://arxiv.org/abs/… ) line (a cut file?); read as far as it goes.`,
      );
    const announce: Announce = entry.replaced ? (entry.cross ? 'replace-cross' : 'replace') : entry.cross ? 'cross' : 'new';
    const abstract = entry.abstractStart === -1 ? '' : this.joined(entry.abstractStart, entry.abstractEnd);
    if (abstract === '' && !entry.replaced) this.diagnostics.report(map(entry.start), 'warning', `arXiv:${entry.arxiv} has no abstract.`);
    const start = map(entry.start);
    const end = Math.max(start, map(entry.end));
    const titleLine = Math.min(Math.max(map(titleField!.line), start), end);
    this.records.push({
      title,
      abstract,
      metadata: this.metadataOf(entry, announce),
      titleLine,
      ...(abstract !== '' ? { abstractRange: { start: map(entry.abstractStart), end: map(entry.abstractEnd) } } : {}),
      range: { start, end },
      section: this.sectionOf(announce, start),
    });
    this.lastEnd = end;
  }

  private metadataOf(entry: EntryLines, announce: Announce): PaperMetadata {
    const value = (name: string): string => collapseSpaces(entry.fields.get(name)?.field.value ?? '');
    const authors = splitAuthorList(value('authors'));
    const categories = value('categories')
      .split(' ')
      .filter(c => c !== '');
    const venue = value('journal-ref');
    const doi = value('doi').split(' ')[0];
    // Built field by field (not with spreads): one object, in the order the other sources use.
    const metadata: { -readonly [K in keyof PaperMetadata]: PaperMetadata[K] } = {};
    if (authors.length > 0) metadata.authors = authors;
    if (entry.published && !entry.replaced) metadata.published = entry.published;
    metadata.arxiv = entry.arxiv;
    if (categories.length > 0) {
      metadata.primaryClass = categories[0];
      metadata.categories = categories;
    }
    if (venue !== '') metadata.venue = venue;
    if (doi !== '') metadata.journalDoi = doi;
    metadata.url = entry.url ?? arxivAbsUrl(entry.arxiv);
    metadata.announce = announce;
    metadata.source = 'arxiv-email';
    return metadata;
  }

  /**
   * The entry's day section. Its first line is the separator or window line before it, unless that
   * stands before the previous entry (a file without separators): then the `\\` line before it.
   */
  private sectionOf(announce: Announce, entryStart: number): SectionKey {
    const day = this.day ?? this.fallbackDay();
    const separator = this.sectionLine === -1 ? -1 : this.sourceLine(this.sectionLine);
    const line = separator > this.lastEnd && separator < entryStart ? separator : Math.max(this.lastEnd + 1, entryStart - 1, 0);
    return { label: day.label + SECTION_SUFFIX[announce], date: day.date, line: Math.min(line, entryStart) };
  }

  /** No window line: the mail's Date header (in UTC), else an unknown day. */
  private fallbackDay(): { label: string; date: string | null } {
    const date = this.mailDate === undefined ? undefined : utcDate(this.mailDate);
    if (date === undefined)
      this.diagnostics.report(0, 'info', 'No " received from … to …" line nor mail date: the announcement day is unknown.');
    this.day = date === undefined ? { label: 'arXiv listing', date: null } : { label: date, date };
    return this.day;
  }

  /** The day after the window's end (see the module comment). */
  private dayOfWindow(line: string, at: number): { label: string; date: string | null } | undefined {
    const match = /\bto\s+[A-Za-z]{3}\s+(\d{1,2})\s+([A-Za-z]{3})\s+(\d{2,4})\b/.exec(line);
    const month = match ? MONTHS.indexOf(match[2].toLowerCase()) : -1;
    if (!match || month === -1) {
      this.diagnostics.report(this.sourceLine(at), 'warning', 'The " received from … to …" line has no readable end date.');
      return undefined;
    }
    const written = Number(match[3]);
    const year = match[3].length === 4 ? written : written >= 90 ? 1900 + written : 2000 + written;
    const next = new Date(Date.UTC(year, month, Number(match[1]) + 1));
    const date = `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
    return { label: date, date };
  }

  private joined(start: number, end: number): string {
    const pieces: string[] = [];
    for (let i = start; i <= end; i++) {
      const line = this.lines[i].trim();
      if (line !== '') pieces.push(line);
    }
    return pieces.join(' ');
  }
}

interface EntryLines {
  readonly start: number;
  readonly end: number;
  readonly arxiv: string;
  readonly cross: boolean;
  readonly replaced: boolean;
  readonly published: string | undefined;
  readonly fields: Fields;
  readonly abstractStart: number;
  readonly abstractEnd: number;
  readonly url: string | undefined;
  readonly closed: boolean;
}

/** The closing `\\ ( https://arxiv.org/abs/… ,  NNkb)` line. */
function isLinkLine(line: string): boolean {
  return line.startsWith('\\\\ (') || line.startsWith('\\\\(');
}

function linkOf(line: string): string | undefined {
  const match = /https?:\/\/\S+?(?=\s|,|\)|$)/.exec(line);
  return match ? match[0] : undefined;
}

/** A line that cannot be inside an entry: a dashed line, a `%` separator, the next entry. */
function isEntryEnd(line: string): boolean {
  return isSeparator(line) || line.startsWith('arXiv:');
}

function isSeparator(line: string): boolean {
  return line.startsWith('-----') || line.startsWith('%-%') || line.startsWith('%%');
}

/** The arXiv id of an `arXiv:ID [(*cross-listing*)]` line, when it is one. */
function idOf(line: string): string | undefined {
  const space = line.indexOf(' ');
  const id = line.slice(6, space === -1 ? line.length : space).trim();
  return /^(\d{4}\.\d{4,5}|[a-z][a-z.-]*(\.[A-Z]{2})?\/\d{7})(v\d+)?$/.test(id) ? id.replace(/v\d+$/, '') : undefined;
}

/** The file's lines (see `splitLinesQuickly`), in one step: a split is a few milliseconds. */
function* listingLines(text: string): Generator<void, string[]> {
  const lines = splitLinesQuickly(text);
  yield;
  return lines;
}
