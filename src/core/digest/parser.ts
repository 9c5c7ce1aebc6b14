/**
 * The digest parser: text in, `ParsedDigest` out. Never throws on bad input; whatever it cannot
 * read with confidence becomes a diagnostic.
 *
 * The text is cut into paragraphs (runs of non-blank lines). A paragraph's leading lines may be
 * boilerplate (skipped) or a day line (starts a day). What remains is read with the heuristics of
 * `blockShape`: a title paragraph, an abstract paragraph for the pending title, or a title line
 * with its abstract right under it. One pass over the lines plus one over each abstract's text:
 * linear in the input, no regex that can backtrack across lines.
 */
import { isAbstractLike, isTitleLike, isWrappedTitle, boilerplateKey, MAX_TITLE_LENGTH } from './blockShape';
import { isoDate, isValidDate, parseDayLine, yearFromPath } from './dates';
import { extractLinks } from './links';
import type { DigestDay, DigestEntry, DiagnosticSeverity, ParseDiagnostic, ParsedDigest } from '../model';
import { completeInSlices, completeNow, type SliceOptions } from '../util/slices';
import { decodeLinesSteps, splitLinesSteps } from '../util/text';

export interface ParseOptions {
  /** Year for day lines that state none, when the file name states none either (a setting). */
  readonly defaultYear?: number;
}

interface DayDraft {
  readonly label: string;
  readonly line: number;
  readonly date: string | null;
  readonly year: number | null;
  readonly entries: EntryDraft[];
}

interface EntryDraft {
  readonly titleLine: number;
  titleEnd: number;
  /** Flat pairs of inclusive line ranges holding the abstract; more than one pair only when a
   *  paragraph without a title was joined to it. */
  readonly abstractParts: number[];
  readonly day: DayDraft | null;
}

/** Parses a digest. `path` is recorded as given and read for a year (`2024-03-14-digest.txt`). */
export function parseDigest(text: string, path: string, options: ParseOptions = {}): ParsedDigest {
  return completeNow(parseSteps(text, path, options));
}

/**
 * As `parseDigest`, in time-boxed slices (default 10 ms) with the event loop served between them:
 * one digest of thousands of papers takes a few hundred milliseconds to parse.
 */
export function parseDigestInBackground(
  text: string,
  path: string,
  options: ParseOptions = {},
  slices: SliceOptions = {},
): Promise<ParsedDigest> {
  return completeInSlices(parseSteps(text, path, options), slices);
}

/**
 * A digest file's bytes decoded (as `decodeText`) and parsed in slices; null when the bytes are
 * binary. A 20 MB digest is decoded a megabyte at a time and never held as one string.
 */
export function parseDigestBytesInBackground(
  bytes: Uint8Array,
  path: string,
  options: ParseOptions = {},
  slices: SliceOptions = {},
): Promise<ParsedDigest | null> {
  const steps = function* (): Generator<void, ParsedDigest | null> {
    const lines = yield* decodeLinesSteps(bytes);
    return lines === null ? null : yield* new DigestParser(lines, path, options).steps();
  };
  return completeInSlices(steps(), slices);
}

/** The parse a step at a time: a step per piece of lines split, per paragraph, per entry built. */
function* parseSteps(text: string, path: string, options: ParseOptions): Generator<void, ParsedDigest> {
  const lines = yield* splitLinesSteps(text);
  return yield* new DigestParser(lines, path, options).steps();
}

class DigestParser {
  private readonly diagnostics: ParseDiagnostic[] = [];
  private readonly days: DayDraft[] = [];
  private readonly entries: EntryDraft[] = [];
  private readonly fallbackYear: number | null;
  private day: DayDraft | null = null;
  /** The last entry of the current day, if its abstract may still follow (pending) or extend. */
  private last: EntryDraft | null = null;

  constructor(
    private readonly lines: readonly string[],
    private readonly path: string,
    options: ParseOptions,
  ) {
    this.fallbackYear = yearFromPath(path) ?? this.checkedDefaultYear(options.defaultYear);
  }

  *steps(): Generator<void, ParsedDigest> {
    const paragraphs = paragraphBounds(this.lines);
    yield;
    for (let p = 0; p < paragraphs.length; p += 2) {
      const next = p + 2 < paragraphs.length ? p + 2 : -1;
      const nextIsAbstract = next !== -1 && isAbstractLike(this.lines, paragraphs[next], paragraphs[next + 1]);
      this.readParagraph(paragraphs[p], paragraphs[p + 1], nextIsAbstract);
      yield;
    }
    this.closeDay();
    return yield* this.result();
  }

  private readParagraph(first: number, end: number, nextIsAbstract: boolean): void {
    let start = first;
    while (start <= end) {
      const line = this.lines[start].trim();
      if (boilerplateKey(line) !== null) {
        start++;
        continue;
      }
      const day = parseDayLine(line);
      if (!day) break;
      this.startDay(line, start, day.month, day.day, day.year);
      start++;
    }
    // A day line with no blank line before it ("Daily Papers" / "Mar 15", or right under an
    // abstract) still starts a day: what comes before it is read on its own.
    for (let at = start + 1; at <= end; at++) {
      if (parseDayLine(this.lines[at]) !== null) {
        this.readContent(start, at - 1, false);
        this.readParagraph(at, end, nextIsAbstract);
        return;
      }
    }
    if (start <= end) this.readContent(start, end, nextIsAbstract);
  }

  private readContent(start: number, end: number, nextIsAbstract: boolean): void {
    const pending = this.last !== null && this.last.abstractParts.length === 0 ? this.last : null;
    const firstLine = this.lines[start].trim();
    const single = start === end;
    if (pending) {
      const isTitle = single ? isTitleLike(firstLine) : nextIsAbstract && isWrappedTitle(this.lines, start, end);
      if (!isTitle) {
        pending.abstractParts.push(start, end);
        return;
      }
      this.reportMissingAbstract(pending);
    }
    if (single) {
      if (isTitleLike(firstLine) || (nextIsAbstract && isTitleBeforeAbstract(firstLine))) this.addEntry(start, start);
      else this.orphan(start, end);
    } else if (nextIsAbstract && isWrappedTitle(this.lines, start, end)) {
      this.addEntry(start, end);
      this.report(start, 'info', `Title runs over ${end - start + 1} lines; read as one title.`);
    } else if (firstLine.length <= MAX_TITLE_LENGTH && isTitleBeforeAbstract(firstLine)) {
      // A title with its abstract right under it, no blank line between.
      this.addEntry(start, start).abstractParts.push(start + 1, end);
    } else {
      this.orphan(start, end);
    }
  }

  /** A paragraph that is neither a title nor the abstract of one. */
  private orphan(start: number, end: number): void {
    if (this.last) {
      this.last.abstractParts.push(start, end);
      this.report(start, 'warning', 'Paragraph without a title; read as a continuation of the abstract above.');
    } else {
      this.report(start, 'warning', 'Text that is neither a title nor an abstract of one; skipped.');
    }
  }

  private addEntry(titleLine: number, titleEnd: number): EntryDraft {
    const entry: EntryDraft = { titleLine, titleEnd, abstractParts: [], day: this.day };
    this.entries.push(entry);
    this.day?.entries.push(entry);
    this.last = entry;
    return entry;
  }

  private startDay(label: string, line: number, month: number, dayOfMonth: number, statedYear: number | null): void {
    this.closeDay();
    const year = statedYear ?? this.fallbackYear;
    let date: string | null = null;
    if (year !== null && isValidDate(year, month, dayOfMonth)) date = isoDate(year, month, dayOfMonth);
    else if (year !== null) this.report(line, 'warning', `${label} does not exist in ${year}; date left unknown.`);
    // An impossible day (Feb 29 in a file named 2023) keeps the stated year but gets no date.
    this.day = { label, line, date, year, entries: [] };
    this.days.push(this.day);
  }

  /** Ends the current day (or the entries before any day line): its last title may lack an abstract. */
  private closeDay(): void {
    if (this.last && this.last.abstractParts.length === 0) this.reportMissingAbstract(this.last);
    if (this.day && this.day.entries.length === 0) this.report(this.day.line, 'info', `Day "${this.day.label}" lists no papers.`);
    this.last = null;
  }

  private reportMissingAbstract(entry: EntryDraft): void {
    this.report(entry.titleLine, 'warning', `"${preview(this.joined(entry.titleLine, entry.titleEnd))}" has no abstract.`);
  }

  private report(line: number, severity: DiagnosticSeverity, message: string): void {
    this.diagnostics.push({ line, severity, message });
  }

  private checkedDefaultYear(year: number | undefined): number | null {
    if (year === undefined) return null;
    if (Number.isInteger(year) && year >= 1900 && year <= 2100) return year;
    this.report(0, 'warning', `Default year ${year} is not a year between 1900 and 2100; ignored.`);
    return null;
  }

  private *result(): Generator<void, ParsedDigest> {
    const built = new Map<EntryDraft, DigestEntry>();
    const entries: DigestEntry[] = [];
    for (const draft of this.entries) {
      const entry = this.buildEntry(draft);
      built.set(draft, entry);
      entries.push(entry);
      yield;
    }
    const days: DigestDay[] = this.days.map(day => {
      const dayEntries = day.entries.map(draft => built.get(draft)!);
      const end = dayEntries.length > 0 ? dayEntries[dayEntries.length - 1].range.end : day.line;
      return { label: day.label, date: day.date, line: day.line, range: { start: day.line, end }, entries: dayEntries };
    });
    if (entries.length === 0) this.report(0, 'info', 'No papers found.');
    const diagnostics = this.diagnostics.sort((a, b) => a.line - b.line);
    return { path: this.path, days, entries, diagnostics, lineCount: this.lines.length };
  }

  private buildEntry(draft: EntryDraft): DigestEntry {
    const parts = draft.abstractParts;
    const abstract = parts.length === 0 ? '' : this.joinedParts(parts);
    const { links, doi } = extractLinks(abstract);
    const day = draft.day;
    const end = parts.length === 0 ? draft.titleEnd : parts[parts.length - 1];
    const entry: DigestEntry = {
      title: this.joined(draft.titleLine, draft.titleEnd),
      abstract,
      day: day?.label ?? '',
      date: day?.date ?? null,
      year: day ? day.year : this.fallbackYear,
      links,
      doi,
      titleLine: draft.titleLine,
      // Absent, not undefined, when there is no abstract: `'abstractRange' in entry` stays honest.
      ...(parts.length === 0 ? {} : { abstractRange: { start: parts[0], end } }),
      range: { start: draft.titleLine, end },
    };
    return entry;
  }

  /** The trimmed non-blank lines start..end joined by single spaces (hard wraps undone). */
  private joined(start: number, end: number): string {
    if (start === end) return this.lines[start].trim();
    const pieces: string[] = [];
    for (let i = start; i <= end; i++) {
      const line = this.lines[i].trim();
      if (line.length > 0) pieces.push(line);
    }
    return pieces.join(' ');
  }

  private joinedParts(parts: readonly number[]): string {
    if (parts.length === 2) return this.joined(parts[0], parts[1]);
    const pieces: string[] = [];
    for (let i = 0; i < parts.length; i += 2) pieces.push(this.joined(parts[i], parts[i + 1]));
    return pieces.join(' ');
  }
}

/**
 * A line that stands right before an abstract is its title even when it ends with a full stop,
 * as long as it is one short sentence (not the first line of a wrapped abstract).
 */
function isTitleBeforeAbstract(line: string): boolean {
  return isTitleLike(line) || (line.length <= MAX_TITLE_LENGTH && line.endsWith('.') && !/[.!?]\s+\S/.test(line.slice(0, -1)));
}

/** Start and end lines of every run of non-blank lines, as flat pairs. */
function paragraphBounds(lines: readonly string[]): number[] {
  const bounds: number[] = [];
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    if (isBlankLine(lines[i])) {
      if (start !== -1) bounds.push(start, i - 1);
      start = -1;
    } else if (start === -1) {
      start = i;
    }
  }
  if (start !== -1) bounds.push(start, lines.length - 1);
  return bounds;
}

/** Blank test that does not trim long lines that visibly start with text. */
function isBlankLine(line: string): boolean {
  if (line.length === 0) return true;
  const first = line.charCodeAt(0);
  if (first > 32 && first !== 0xa0 && first < 0x2000) return false;
  return line.trim().length === 0;
}

function preview(title: string): string {
  return title.length > 60 ? `${title.slice(0, 57)}...` : title;
}
