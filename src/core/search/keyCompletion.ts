/**
 * Which papers citation-key completion offers while a key is typed, and in which order. Pure: the
 * editor glue gathers the candidates (the draft's neighbourhood, the index's answers) and this
 * decides.
 *
 * Completion is asked again on every keystroke, and an empty answer closes the editor's widget for
 * good in languages without quick suggestions (Markdown): so every prefix, from one letter, must
 * find what a writer means. The order:
 * - right after `[@` (nothing typed): papers cited or noted near the cursor and the draft's
 *   bibliography, then papers by relevance to the paragraph, then the rest of the library;
 * - with a prefix: keys starting with it, then papers with a title or author word starting with it
 *   (words folded as the search folds them: `schro` finds "Schrödinger"), then what the search
 *   index finds for it (abstract words, plurals, typos). Within each tier the order above holds,
 *   so a paper near the cursor comes before one from elsewhere in the library.
 */
import { fold, foldedWords } from './tokenize';

/** A paper or bibliography entry that completion may offer. */
export interface KeyCandidate {
  readonly key: string;
  readonly title?: string;
  /** Authors as written ("Jacob Dunefsky"); a library `Paper` is a candidate as it is. */
  readonly metadata?: { readonly authors?: readonly { readonly literal: string }[] };
}

export interface KeyCompletionSources<C extends KeyCandidate> {
  /** What is typed of the key so far ('' right after `[@`, `\cite{` or `@`). */
  readonly prefix: string;
  /** Papers cited or noted near the cursor (nearest first), then the draft's bibliography. */
  readonly nearby: readonly C[];
  /** Papers by relevance to the paragraph being written, best first. */
  readonly related: readonly C[];
  /** Every other candidate, in the order to show them when nothing ranks them (newest first). */
  readonly rest: readonly C[];
  /** What the search index finds for the prefix, best first: the last tier. */
  readonly searched?: readonly C[];
  readonly limit: number;
}

/** The candidates to offer, best first, each key once (case-insensitively), at most `limit`. */
export function rankKeyCompletions<C extends KeyCandidate>(sources: KeyCompletionSources<C>): C[] {
  const { limit } = sources;
  if (limit <= 0) {
    return [];
  }
  const pool = uniqueByKey([sources.nearby, sources.related, sources.rest]);
  const prefix = fold(sources.prefix);
  if (prefix === '') {
    return take(pool, limit);
  }
  const words = foldedWords(sources.prefix);
  // A prefix of one word can start a title or author word; `smith-20` can only start a key.
  const wordPrefix = words.length === 1 && words[0] === prefix ? prefix : undefined;
  const byKey: C[] = [];
  const byWord: C[] = [];
  for (const candidate of pool) {
    if (byKey.length >= limit) {
      break;
    }
    if (fold(candidate.key).startsWith(prefix)) {
      byKey.push(candidate);
    } else if (wordPrefix && byKey.length + byWord.length < limit && wordsOf(candidate).some(word => word.startsWith(wordPrefix))) {
      byWord.push(candidate);
    }
  }
  return take(uniqueByKey([byKey, byWord, sources.searched ?? []]), limit);
}

const WORDS = new WeakMap<KeyCandidate, readonly string[]>();

/** The folded words of a candidate's title and authors, computed once per candidate object. */
function wordsOf(candidate: KeyCandidate): readonly string[] {
  let words = WORDS.get(candidate);
  if (!words) {
    words = foldedWords(`${candidate.title ?? ''} ${(candidate.metadata?.authors ?? []).map(author => author.literal).join(' ')}`);
    WORDS.set(candidate, words);
  }
  return words;
}

/** The lists' candidates in order, the first of each key (case-insensitive, as BibTeX compares keys). */
function* uniqueByKey<C extends KeyCandidate>(lists: ReadonlyArray<readonly C[]>): Generator<C> {
  const seen = new Set<string>();
  for (const list of lists) {
    for (const candidate of list) {
      const key = candidate.key.toLowerCase();
      if (!seen.has(key)) {
        seen.add(key);
        yield candidate;
      }
    }
  }
}

function take<C>(items: Iterable<C>, limit: number): C[] {
  const taken: C[] = [];
  for (const item of items) {
    if (taken.length >= limit) {
      break;
    }
    taken.push(item);
  }
  return taken;
}
