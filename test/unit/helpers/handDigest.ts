/**
 * ParsedDigest values built by hand, for library and bibliography tests that must not depend on
 * the parser's heuristics.
 */
import type { DigestEntry, Paper, PaperLink, ParsedDigest } from '../../../src/core/model';

export interface HandEntry {
  readonly title: string;
  readonly abstract?: string;
  /** ISO date; its year becomes the entry's year. */
  readonly date?: string | null;
  readonly year?: number | null;
  readonly day?: string;
  readonly links?: readonly PaperLink[];
  readonly doi?: string | null;
}

/** A digest whose entries stand at lines 0, 3, 6, ... (title, abstract, blank). */
export function handDigest(path: string, entries: readonly HandEntry[]): ParsedDigest {
  const built: DigestEntry[] = entries.map((e, i) => {
    const date = e.date ?? null;
    const titleLine = i * 3;
    return {
      title: e.title,
      abstract: e.abstract ?? '',
      day: e.day ?? (date !== null ? date.slice(5) : ''),
      date,
      year: e.year ?? (date !== null ? Number(date.slice(0, 4)) : null),
      links: e.links ?? [],
      doi: e.doi ?? null,
      titleLine,
      abstractRange: e.abstract ? { start: titleLine + 1, end: titleLine + 1 } : undefined,
      range: { start: titleLine, end: e.abstract ? titleLine + 1 : titleLine },
    };
  });
  return { path, days: [], entries: built, diagnostics: [], lineCount: entries.length * 3 };
}

/** A paper as the library would give it, for formatter tests. */
export function handPaper(fields: Partial<Paper> & { key: string; title: string }): Paper {
  return {
    abstract: '',
    day: 'Mar 14',
    date: '2024-03-14',
    year: 2024,
    links: [],
    doi: null,
    occurrences: [
      { path: '/ws/digests/2024-03-14.digest.txt', day: 'Mar 14', date: '2024-03-14', titleLine: 8, range: { start: 8, end: 10 } },
    ],
    ...fields,
  };
}
