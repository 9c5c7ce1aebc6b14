/**
 * The digests' papers as every command shows them: merged into one library, completed from the
 * sources' own metadata and from the workspace's metadata file, keyed so that a bibliography's
 * keys win, then the keys the metadata file recorded, then the key rule for the rest.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { buildLibrary } from '../core/library/library';
import { digestYearOf, withDigestYear } from '../core/metadata/digestYears';
import { completePaper, withStoredMetadata } from '../core/metadata/apply';
import { MetadataIndex, recordedKeyEntries, type MetadataFile } from '../core/metadata/store';
import type { ExistingEntry, Paper, ParsedDigest } from '../core/model';

/**
 * The papers of `digests`, completed from `file`. `existing` (a bibliography's entries) keep their
 * keys first; the file's recorded keys come after them, so a key once written never moves. A
 * digest whose year the writer gave (the file's `digests`, by path relative to `root`, the folder
 * the metadata file is kept under: the current one) is dated with it first.
 */
export function completedPapers(
  digests: readonly ParsedDigest[],
  file: MetadataFile,
  existing: readonly ExistingEntry[] = [],
  root: string = process.cwd(),
): readonly Paper[] {
  const index = new MetadataIndex(file);
  const dated = file.digests?.length ? digests.map(digest => datedDigest(digest, file, root)) : digests;
  const stored = file.records.length === 0 ? dated : dated.map(digest => withStoredMetadata(digest, index));
  const library = buildLibrary(stored, { existing: [...existing, ...recordedKeyEntries(file)] });
  return file.records.length === 0 ? library.papers : library.papers.map(paper => completePaper(paper, index));
}

/** The digest dated with the year the metadata file keeps for it, when it keeps one. */
function datedDigest(digest: ParsedDigest, file: MetadataFile, root: string): ParsedDigest {
  const path = relative(root, resolve(root, digest.path));
  if (path === '' || path.startsWith('..') || isAbsolute(path)) return digest;
  const year = digestYearOf(file, path.split(sep).join('/'));
  return year === undefined ? digest : withDigestYear(digest, year);
}
