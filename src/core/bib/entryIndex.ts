/**
 * The one rule for matching a paper to an entry already in a bibliography, shared by the key
 * planner, the insertion planner and the library: titles compare as `normalizeTitle` with BibTeX's
 * protecting braces ignored, keys compare case-insensitively (as BibTeX does), and of two entries
 * with the same title or key the first counts (as BibTeX and Biber read them).
 */
import type { ExistingEntry } from '../model';
import { normalizeTitle } from '../util/text';

/** The comparison key of a title, in a bibliography or a digest. */
export function titleMatchKey(title: string): string {
  return normalizeTitle(title.replace(/[{}]/g, ''));
}

export interface EntryIndex {
  /** By `titleMatchKey`. */
  readonly byTitle: ReadonlyMap<string, ExistingEntry>;
  /** By lower-cased key. */
  readonly byKey: ReadonlyMap<string, ExistingEntry>;
}

export function indexEntries(entries: readonly ExistingEntry[]): EntryIndex {
  const byTitle = new Map<string, ExistingEntry>();
  const byKey = new Map<string, ExistingEntry>();
  for (const entry of entries) {
    if (entry.title !== undefined) {
      const title = titleMatchKey(entry.title);
      if (!byTitle.has(title)) byTitle.set(title, entry);
    }
    const key = entry.key.toLowerCase();
    if (!byKey.has(key)) byKey.set(key, entry);
  }
  return { byTitle, byKey };
}
