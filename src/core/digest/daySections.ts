import type { DigestEntry, ParsedDigest } from '../model';

/** One day of a digest as the views list it; the papers before any day line come first, unlabelled. */
export interface DaySection {
  readonly label: string;
  readonly date: string | null;
  /** The day line, -1 for the papers before any day line. */
  readonly line: number;
  readonly entries: readonly DigestEntry[];
}

/**
 * The digest's day sections in file order, the undated papers first. A loop, never a spread
 * (`push(...days)`): a file of ~125,000 day lines overflowed the call stack.
 */
export function daySections(parsed: ParsedDigest): DaySection[] {
  const sections: DaySection[] = [];
  const undated = parsed.entries.filter(entry => entry.day === '');
  if (undated.length > 0) {
    sections.push({ label: '', date: null, line: -1, entries: undated });
  }
  for (const day of parsed.days) {
    sections.push({ label: day.label, date: day.date, line: day.line, entries: day.entries });
  }
  return sections;
}
