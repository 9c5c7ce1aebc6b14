/**
 * The year a writer gives a digest whose day lines (`Mar 14`) and file name state none. It is kept
 * in the metadata file (`digests`, by the digest's path relative to the workspace folder) and
 * applied to the parsed digest before the library is built, so the Papers view, keys not yet
 * written, entries and the command line all date its papers alike. A year the day line or the
 * file name states (or `defaultYear`, applied while parsing) is never overridden: the writer's
 * year only fills what is unknown.
 */
import { isoDate, isValidDate, parseDayLine } from '../digest/dates';
import type { DigestDay, DigestEntry, ParsedDigest } from '../model';
import type { DigestYearRecord, MetadataFile } from './store';

/** The year kept for the digest at `path` (relative, `/`-separated), if any. */
export function digestYearOf(file: MetadataFile, path: string): number | undefined {
  return file.digests?.find(record => record.path === path)?.year;
}

/** The file with `year` kept for the digest at `path` (replacing an earlier one). */
export function withDigestYearRecord(file: MetadataFile, path: string, year: number): MetadataFile {
  const digests: DigestYearRecord[] = (file.digests ?? []).filter(record => record.path !== path);
  digests.push({ path, year });
  return { ...file, digests };
}

/**
 * `path` relative to the folder `root` (both `/`-separated, as URI paths are), or undefined when
 * it is not inside it. A trailing `/` on the root is ignored.
 */
export function relativeDigestPath(root: string, path: string): string | undefined {
  const folder = root.replace(/\/+$/, '');
  return path.startsWith(folder + '/') ? path.slice(folder.length + 1) : undefined;
}

/** True when some paper of the digest has no year (its day line, file name and settings state none). */
export function lacksYear(digest: ParsedDigest): boolean {
  return digest.entries.some(entry => entry.year === null);
}

/**
 * The digest with `year` given to every day and entry whose year is unknown: days get their ISO
 * date (none for a day that does not exist that year, Feb 29), entries their day's date and the
 * year. The same object when nothing was unknown.
 */
export function withDigestYear(digest: ParsedDigest, year: number): ParsedDigest {
  if (!lacksYear(digest)) return digest;
  const dated = new Map<DigestEntry, DigestEntry>();
  const date = (entry: DigestEntry, iso: string | null): DigestEntry => {
    if (entry.year !== null) return entry;
    let out = dated.get(entry);
    if (out === undefined) dated.set(entry, (out = { ...entry, year, date: entry.date ?? iso }));
    return out;
  };
  const days = digest.days.map((day): DigestDay => {
    const iso = day.date ?? dayDate(day.label, year);
    const entries = day.entries.map(entry => date(entry, iso));
    return iso === day.date && entries.every((entry, i) => entry === day.entries[i]) ? day : { ...day, date: iso, entries };
  });
  // Entries before any day line have no date, only the year.
  const entries = digest.entries.map(entry => dated.get(entry) ?? date(entry, null));
  return { ...digest, days, entries };
}

function dayDate(label: string, year: number): string | null {
  const day = parseDayLine(label);
  if (day === null || day.year !== null || !isValidDate(year, day.month, day.day)) return null;
  return isoDate(year, day.month, day.day);
}
