/**
 * The order of the Papers view and the preview: newest first. A digest stands by its latest day;
 * days by their date. What has no date (a day line without a year, papers before any day line)
 * comes after everything dated, in its original order: a date is never guessed.
 */

/** The latest ISO date among `dates`, or null when none is known. */
export function latestDate(dates: Iterable<string | null>): string | null {
  let latest: string | null = null;
  for (const date of dates) {
    if (date !== null && (latest === null || date > latest)) latest = date;
  }
  return latest;
}

/** `items` sorted newest first by `dateOf`; ties and undated items keep their order (the sort is stable). */
export function newestFirst<T>(items: readonly T[], dateOf: (item: T) => string | null): T[] {
  return [...items].sort((a, b) => {
    const da = dateOf(a);
    const db = dateOf(b);
    if (da === db) return 0;
    if (da === null) return 1;
    if (db === null) return -1;
    return da > db ? -1 : 1;
  });
}
