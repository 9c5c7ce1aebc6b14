/**
 * Day lines (`Mar 14`, `March 14, 2024`, `14 Mar 2024`, `2024-03-14`) and years in file names.
 * Every pattern is anchored and built from disjoint character classes, so matching is linear.
 */

export interface DayOfYear {
  readonly month: number;
  readonly day: number;
  /** Null when the line names no year (the usual case). */
  readonly year: number | null;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
/** Longer lines are never day lines; saves running the patterns over abstracts. */
const MAX_DAY_LINE_LENGTH = 40;

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['jan', 1],
  ['january', 1],
  ['feb', 2],
  ['february', 2],
  ['mar', 3],
  ['march', 3],
  ['apr', 4],
  ['april', 4],
  ['may', 5],
  ['jun', 6],
  ['june', 6],
  ['jul', 7],
  ['july', 7],
  ['aug', 8],
  ['august', 8],
  ['sep', 9],
  ['sept', 9],
  ['september', 9],
  ['oct', 10],
  ['october', 10],
  ['nov', 11],
  ['november', 11],
  ['dec', 12],
  ['december', 12],
]);

/** Optional weekday prefix, e.g. `Thu, ` or `Thursday `. */
const WEEKDAY = String.raw`(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?`;
/** `Mar 14`, `March 14th`, `Mar. 14, 2024`, `Thu, Mar 14 2024`. */
const MONTH_FIRST = new RegExp(String.raw`^${WEEKDAY}([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$`, 'i');
/** `14 Mar 2024`, `14 March`, `14th March, 2024`. */
const DAY_FIRST = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?(?:,?\s+(\d{4}))?$`, 'i');
/** ISO `2024-03-14`. */
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/**
 * Reads a day line. The whole (trimmed) line must be the date: a title that merely starts with a
 * month word ("March of the Penguins: ...", "May I Ask?") is not one. Impossible dates (Feb 30,
 * Feb 29 in a non-leap year) and years outside 1900-2100 give null.
 */
export function parseDayLine(line: string): DayOfYear | null {
  const text = line.trim();
  if (text.length < 5 || text.length > MAX_DAY_LINE_LENGTH) return null;
  let m = ISO.exec(text);
  if (m) return validated(Number(m[2]), Number(m[3]), m[1]);
  m = MONTH_FIRST.exec(text);
  if (m) return validated(MONTHS.get(m[1].toLowerCase()) ?? 0, Number(m[2]), m[3]);
  m = DAY_FIRST.exec(text);
  if (m) return validated(MONTHS.get(m[2].toLowerCase()) ?? 0, Number(m[1]), m[3]);
  return null;
}

function validated(month: number, day: number, yearText: string | undefined): DayOfYear | null {
  const year = yearText === undefined ? null : Number(yearText);
  if (year !== null && (year < MIN_YEAR || year > MAX_YEAR)) return null;
  if (!isValidDate(year, month, day)) return null;
  return { month, day, year };
}

/** Whether the day exists; without a year, Feb 29 is allowed (some year has it). */
export function isValidDate(year: number | null, month: number, day: number): boolean {
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1) return false;
  return day <= daysInMonth(year ?? 2000, month);
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC avoids time-zone shifts.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Digits not glued to letters or digits on either side (`_`, `-`, `.` and spaces separate). */
const PATH_DATE = /(?<![\p{L}\p{N}])(\d{4})-(\d{2})-(\d{2})(?![\p{L}\p{N}])/u;
const PATH_YEAR = /(?<![\p{L}\p{N}])(\d{4})(?![\p{L}\p{N}])/gu;

/**
 * The year a digest's file name states: `2024-03-14-digest.txt` or `papers 2024.txt` give 2024;
 * `digest2024.txt` (year glued to a word) and `1750.txt` (out of 1900-2100) give null. Only the
 * base name counts: a folder named `2023` says little about a file in it.
 */
export function yearFromPath(path: string): number | null {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dated = PATH_DATE.exec(base);
  if (dated) {
    const year = Number(dated[1]);
    if (inYearRange(year) && isValidDate(year, Number(dated[2]), Number(dated[3]))) return year;
  }
  for (const m of base.matchAll(PATH_YEAR)) {
    const year = Number(m[1]);
    if (inYearRange(year)) return year;
  }
  return null;
}

function inYearRange(year: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/** `YYYY-MM-DD`, zero-padded. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
