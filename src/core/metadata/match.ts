/**
 * When a service's paper is the digest's paper. A wrong author list is worse than none, so the
 * only rule is equality of titles after a normalisation that undoes differences of writing, not
 * of wording: TeX (`{LLM}`, `\'e`), Unicode forms, case, punctuation and spacing.
 */
import { latexToText } from '../bib/latex';

/**
 * The title as compared: TeX folded, NFKC, lower case, every run of characters that are not
 * letters or digits made one space. `Transcoders Find Interpretable {LLM} Feature Circuits.` and
 * `transcoders find interpretable LLM feature-circuits` both give
 * `transcoders find interpretable llm feature circuits`.
 */
export function titleMatchText(title: string): string {
  const text = /[\\{}]/.test(title) ? latexToText(title) : title;
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** True when the two titles are the same title (see `titleMatchText`); empty titles never match. */
export function sameTitle(a: string, b: string): boolean {
  const left = titleMatchText(a);
  return left !== '' && left === titleMatchText(b);
}

/**
 * The one candidate whose title is the paper's, or undefined when none is or when several with
 * different identities are (then the answer is ambiguous, and a guess could be wrong).
 */
export function pickMatch<T>(title: string, candidates: readonly T[], titleOf: (c: T) => string, idOf: (c: T) => string): T | undefined {
  const wanted = titleMatchText(title);
  if (wanted === '') return undefined;
  const matches = candidates.filter(c => titleMatchText(titleOf(c)) === wanted);
  if (matches.length === 0) return undefined;
  const ids = new Set(matches.map(idOf));
  return ids.size === 1 ? matches[0] : undefined;
}
