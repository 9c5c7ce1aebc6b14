/**
 * The Papers view's text filter. Pure: no `vscode`.
 */

/** What a filter is matched against: the paper's title, citation key and abstract. */
export interface FilterablePaper {
  readonly title: string;
  readonly key: string;
  readonly abstract: string;
}

/**
 * The filter's words, lower-cased: `Sparse  Autoencoders` gives `['sparse', 'autoencoders']`.
 * Empty for a blank filter (which shows everything).
 */
export function filterTerms(filter: string): string[] {
  return filter
    .toLowerCase()
    .split(/\s+/)
    .filter(term => term.length > 0);
}

/**
 * Whether every term occurs (as a substring, case-insensitively) in the title, key or abstract;
 * terms may match in different fields ("transcoder circuits" finds the title word and the key).
 */
export function matchesFilter(paper: FilterablePaper, terms: readonly string[]): boolean {
  if (terms.length === 0) {
    return true;
  }
  const haystack = `${paper.title}\n${paper.key}\n${paper.abstract}`.toLowerCase();
  return terms.every(term => haystack.includes(term));
}
