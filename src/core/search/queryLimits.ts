/**
 * Bounds on what one query may cost. Fuzzy matching builds a table of query-term length by
 * indexed-term length (MiniSearch's Levenshtein walk): a 40,000-character word took 1.6 GB and a
 * 100,000-character one failed with "Invalid typed array length". No real query word is that long,
 * so long words are matched exactly (and as prefixes) only, and a query is cut to a length no
 * writer types. Both the command line and the palette use these.
 */

/** Characters of a query that are searched; the rest is dropped (and the caller told). */
export const MAX_QUERY_LENGTH = 1000;

/** Terms longer than this are never matched fuzzily: the longest English words are about 30. */
export const MAX_FUZZY_TERM_LENGTH = 64;

export interface LimitedQuery {
  /** The query as it will be searched: at most MAX_QUERY_LENGTH characters. */
  readonly query: string;
  /** True when the query was longer and has been cut. */
  readonly cut: boolean;
  /** The length of the query as given, in UTF-16 code units. */
  readonly originalLength: number;
}

/** The query cut to MAX_QUERY_LENGTH (never inside a surrogate pair), and whether it was cut. */
export function limitQuery(query: string, maxLength = MAX_QUERY_LENGTH): LimitedQuery {
  if (query.length <= maxLength) return { query, cut: false, originalLength: query.length };
  let end = maxLength;
  const last = query.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // a high surrogate whose pair would be cut off
  return { query: query.slice(0, end), cut: true, originalLength: query.length };
}

/** How many typos a query term may have: none for short terms, and none for very long ones. */
export function fuzzyDistance(term: string): number | false {
  if (term.length > MAX_FUZZY_TERM_LENGTH) return false;
  return term.length >= 9 ? 2 : term.length >= 5 ? 1 : false;
}
