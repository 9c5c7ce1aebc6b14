/**
 * The digests' papers as every command shows them: merged into one library, completed from the
 * sources' own metadata and from the workspace's metadata file, keyed so that a bibliography's
 * keys win, then the keys the metadata file recorded, then the key rule for the rest.
 */
import { buildLibrary } from '../core/library/library';
import { completePaper, withStoredMetadata } from '../core/metadata/apply';
import { MetadataIndex, recordedKeyEntries, type MetadataFile } from '../core/metadata/store';
import type { ExistingEntry, Paper, ParsedDigest } from '../core/model';

/**
 * The papers of `digests`, completed from `file`. `existing` (a bibliography's entries) keep their
 * keys first; the file's recorded keys come after them, so a key once written never moves.
 */
export function completedPapers(
  digests: readonly ParsedDigest[],
  file: MetadataFile,
  existing: readonly ExistingEntry[] = [],
): readonly Paper[] {
  const index = new MetadataIndex(file);
  const stored = file.records.length === 0 ? digests : digests.map(digest => withStoredMetadata(digest, index));
  const library = buildLibrary(stored, { existing: [...existing, ...recordedKeyEntries(file)] });
  return file.records.length === 0 ? library.papers : library.papers.map(paper => completePaper(paper, index));
}
