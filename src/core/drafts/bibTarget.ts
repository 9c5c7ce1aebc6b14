/**
 * Which bibliography a draft's citations go to, and under which keys. Pure: the VS Code layer
 * finds the candidates and reads the file; this decides.
 */
import { indexEntries, titleMatchKey } from '../bib/entryIndex';
import { bibFormatForPath, type BibFormat } from '../bib/format';
import { draftLanguageOf } from './languages';
import { suffixedKey } from '../library/keys';
import type { ExistingEntry, Paper } from '../model';

/**
 * The format Digest Notes writes for `path` in a draft of `languageId`, undefined when it cannot
 * write one the draft's toolchain reads: Typst's `.yml`/`.yaml` bibliographies are Hayagriva, not
 * CSL-YAML, so only `.bib` is known there.
 */
export function bibFormatForDraft(path: string, languageId: string, draftPath = ''): BibFormat | undefined {
  const format = bibFormatForPath(path);
  if (draftLanguageOf(languageId, draftPath) === 'typst' && format !== 'bibtex') {
    return undefined;
  }
  return format;
}

export interface DeclaredCandidate {
  /** Where the file is (a path or URI string, whatever the caller uses). */
  readonly path: string;
  readonly exists: boolean;
}

/**
 * Of the bibliographies a draft declares, the one to write: the first that exists and has a
 * format we write, else the first one declared (created, or reported when its format is unknown).
 */
export function chooseDeclaredBibliography(
  candidates: readonly DeclaredCandidate[],
  languageId: string,
  draftPath = '',
): DeclaredCandidate | undefined {
  return candidates.find(c => c.exists && bibFormatForDraft(c.path, languageId, draftPath) !== undefined) ?? candidates[0];
}

/** Whether a declared path is absolute: POSIX `/x`, Windows `C:\x` or `C:/x`, UNC `\\x`. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** How one paper is cited against one bibliography. */
export interface CitationKeyPlan {
  readonly paper: Paper;
  /** The key written in the draft. */
  readonly key: string;
  /** False when the bibliography already holds the paper (same title, or same key without a title). */
  readonly add: boolean;
}

/**
 * The key each paper is cited with, given the entries already in the target bibliography:
 * - an entry with the paper's title (compared as `titleMatchKey`) is reused,
 *   whatever its key: the bibliography wins;
 * - an entry with the paper's key but no title is taken to be the paper (never duplicated);
 * - an entry with the paper's key and another title is a different work: the paper gets the
 *   first suffixed key (`a`, `b`, ...) free in the bibliography and not used by another paper
 *   of `libraryKeys`.
 * Keys compare case-insensitively, as BibTeX does.
 */
export function planCitationKeys(
  papers: readonly Paper[],
  existing: readonly ExistingEntry[],
  libraryKeys: ReadonlySet<string> = new Set(),
): CitationKeyPlan[] {
  const { byTitle, byKey } = indexEntries(existing);
  const taken = new Set([...byKey.keys()]);
  const lowerLibrary = new Set([...libraryKeys].map(k => k.toLowerCase()));
  const plans: CitationKeyPlan[] = [];
  // A paper passed twice is planned once: its own key must not look like a clash.
  for (const paper of new Map(papers.map(p => [p.key, p])).values()) {
    const sameTitle = byTitle.get(titleMatchKey(paper.title));
    if (sameTitle) {
      plans.push({ paper, key: sameTitle.key, add: false });
      continue;
    }
    const sameKey = byKey.get(paper.key.toLowerCase());
    if (sameKey && sameKey.title === undefined) {
      plans.push({ paper, key: sameKey.key, add: false });
      continue;
    }
    const isFree = (k: string) => !taken.has(k.toLowerCase()) && (k === paper.key || !lowerLibrary.has(k.toLowerCase()));
    let key = paper.key;
    for (let n = 1; !isFree(key); n++) {
      key = suffixedKey(paper.key, n);
    }
    taken.add(key.toLowerCase());
    plans.push({ paper, key, add: true });
  }
  return plans;
}
