/** A query term and how much it should count. */
export interface WeightedTerm {
  readonly term: string;
  readonly weight: number;
}

/**
 * The terms that best tell a text apart from the rest of the collection: tf-idf, with term
 * frequency damped (a word repeated five times is not five times as telling). Terms found in fewer
 * than `minDocuments` documents are skipped: they cannot lead anywhere else.
 */
export function distinctiveTerms(
  counts: ReadonlyMap<string, number>,
  documentFrequency: (term: string) => number,
  documentCount: number,
  options: { readonly limit: number; readonly minDocuments: number },
): WeightedTerm[] {
  const scored: WeightedTerm[] = [];
  for (const [term, count] of counts) {
    const frequency = documentFrequency(term);
    if (frequency < options.minDocuments) continue;
    const idf = Math.log(1 + documentCount / frequency);
    scored.push({ term, weight: (1 + Math.log(count)) * idf });
  }
  scored.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1));
  return scored.slice(0, options.limit);
}
