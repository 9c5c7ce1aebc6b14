/**
 * Papers the writer added by identifier (or by hand): recorded in the metadata file with an
 * `added` date, and read back as one more digest, whose only day is "Added", so they join the
 * library like any digest's paper (search, the tree, notes, Cited In, keys) though no digest
 * lists them. A paper a digest also lists is one paper with two occurrences, as always.
 */
import { mergeAnswers, type LookupAnswer, type MetadataFile } from '../metadata/store';
import { titleMatchText } from '../metadata/match';
import type { DigestEntry, ParsedDigest } from '../model';

export const ADDED_DAY = 'Added';

/** The file with the answers merged (never over a record holding data) and each answered paper marked added on `now`. */
export function recordAdded(file: MetadataFile, answers: readonly LookupAnswer[], now: string): MetadataFile {
  const merged = mergeAnswers(file, answers, now);
  const titles = new Set(answers.filter(answer => answer.found).map(answer => titleMatchText(answer.title)));
  return {
    records: merged.records.map(record =>
      record.added === undefined && titles.has(titleMatchText(record.title)) ? { ...record, added: now.slice(0, 10) } : record,
    ),
  };
}

/** The added papers as a digest at `path` (the metadata file's), undefined when there are none. */
export function addedDigest(file: MetadataFile, path: string): ParsedDigest | undefined {
  const added = file.records.filter(record => record.added !== undefined);
  if (added.length === 0) return undefined;
  const entries: DigestEntry[] = added.map((record, line) => {
    const year = /^(\d{4})/.exec(record.metadata?.published ?? '')?.[1];
    return {
      title: record.title,
      abstract: '',
      day: ADDED_DAY,
      date: null,
      year: year !== undefined ? Number(year) : null,
      links: [],
      doi: record.metadata?.journalDoi ?? null,
      titleLine: line,
      range: { start: line, end: line },
      ...(record.metadata !== undefined ? { metadata: { ...record.metadata, source: record.source ?? 'manual' } } : {}),
    };
  });
  const range = { start: 0, end: entries.length - 1 };
  return {
    path,
    days: [{ label: ADDED_DAY, date: null, line: 0, range, entries }],
    entries,
    diagnostics: [],
    lineCount: entries.length,
  };
}
