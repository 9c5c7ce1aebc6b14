/**
 * The words of a paper for ranking, as arxiv-sanity-lite's tf-idf reads them: lowercased, accents
 * folded, runs of ASCII letters, digits and `_` that start with a letter and are two characters or more,
 * English function words dropped. No stemming: "circuits" and "circuit" are different features,
 * as in the method this starts from; word pairs carry most of a topic anyway.
 *
 * Word pairs are made from neighbours in the filtered sequence ("sparse autoencoders ... the
 * circuits" gives `sparse autoencoders`), never across the end of a field.
 */
import { fold, STOP_WORDS } from '../search/tokenize';

// ASCII after folding accents, as arxiv-sanity-lite's token pattern: a non-Latin script's words
// are not split by spaces anyway, and this is several times faster than a Unicode class.
const WORD = /[a-z_][a-z0-9_]+/g;

/** The words of a text in order, function words dropped. */
export function rankWords(text: string): string[] {
  return allWords(text).filter(word => !STOP_WORDS.has(word));
}

/** The words of a text in order, function words kept (the feature store drops them by id). */
export function allWords(text: string): readonly string[] {
  return fold(text).match(WORD) ?? [];
}

export { STOP_WORDS };

/** The words, then each pair of neighbouring words joined by a space. */
export function wordsAndPairs(text: string): string[] {
  const words = rankWords(text);
  const out = words.slice();
  for (let i = 1; i < words.length; i++) out.push(`${words[i - 1]} ${words[i]}`);
  return out;
}
