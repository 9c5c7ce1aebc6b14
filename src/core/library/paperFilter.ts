/**
 * The one text-filter rule, shared by the Papers view, the preview's filter box and (through the
 * same tokenizer) search: words are folded and stripped of plural endings exactly as the search
 * index does it (core/search/tokenize.ts), so "sparse autoencoders" finds "Sparse Autoencoder" and
 * "Schrodinger" finds "Schrödinger"; every word must start a word of the paper's title, key,
 * authors, day or abstract. Pure, and free of `vscode` and Node: the webview bundles it too.
 */
import { distinctTerms } from '../search/tokenize';

/** What a filter is matched against. */
export interface FilterablePaper {
  readonly title: string;
  readonly key: string;
  readonly abstract: string;
  /** Authors as written ("Jacob Dunefsky"). */
  readonly authors?: readonly string[];
  /** The day line as written (`Mar 14`). */
  readonly day?: string;
}

/**
 * The filter's terms, as the search tokenizer makes them: `Sparse  Autoencoders` gives
 * `['sparse', 'autoencoder']`. Empty for a blank filter, or one of function words only (which
 * shows everything, as it would find everything).
 */
export function filterTerms(filter: string): string[] {
  return distinctTerms(filter);
}

/**
 * A paper's terms in one string, each preceded by a space: matching a term as the start of a word
 * is then one `includes`. Build it once per paper and match it on every keystroke.
 */
export function filterHaystack(paper: FilterablePaper): string {
  const text = [paper.title, paper.key, (paper.authors ?? []).join(', '), paper.day ?? '', paper.abstract].join('\n');
  return ` ${distinctTerms(text).join(' ')}`;
}

/** Whether every term starts a term of the haystack (terms may match in different fields). */
export function matchesHaystack(haystack: string, terms: readonly string[]): boolean {
  return terms.every(term => haystack.includes(` ${term}`));
}

/** Whether the paper matches every term: `matchesHaystack` on its `filterHaystack`. */
export function matchesFilter(paper: FilterablePaper, terms: readonly string[]): boolean {
  return terms.length === 0 || matchesHaystack(filterHaystack(paper), terms);
}
