/**
 * Turns titles, abstracts and queries into search terms. The index and the queries must agree on
 * every rule here, so both use these functions.
 *
 * Terms are lowercased runs of letters and digits with accents folded (`Schrödinger` finds
 * `schrodinger`), plural endings removed (`circuits` finds `circuit`, `studies` finds `study`).
 * English function words and single characters are dropped: they carry no meaning in a search,
 * and in abstracts they are a third of all words, so dropping them makes the index much cheaper
 * to build.
 */

/** Function words dropped from the index and from queries. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above across after again against all almost along already also although always am ' +
    'among an and another any are around as at be because been before being below between both ' +
    'but by can cannot could did do does doing done down during each either else et etc even ever ' +
    'every few for from further furthermore had has have having he hence her here hers herself him ' +
    'himself his how however i if in into is it its itself just may me might more moreover most ' +
    'much must my myself neither no nor not now of off often on once only onto or other others ' +
    'otherwise our ours ourselves out over own per rather same several shall she should since so ' +
    'some such than that the their theirs them themselves then there thereby therefore these they ' +
    'this those though through throughout thus to too toward towards under until up upon us very ' +
    'via was we were what whatever when where whereas whether which while who whom whose why will ' +
    'with within without would yet you your yours yourself yourselves'
  ).split(' '),
);

const WORD = /[\p{L}\p{N}]+/gu;
const NON_ASCII = /[^\x00-\x7f]/;
const COMBINING_MARKS = /\p{M}+/gu;

export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Folding accents costs a normalisation pass; most text is ASCII and skips it.
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(COMBINING_MARKS, '') : lower;
}

function keep(term: string): boolean {
  return term.length > 1 && !STOP_WORDS.has(term);
}

/**
 * Harman's "S" stemmer: only plural endings go, so a word typed halfway still prefixes the stem of
 * the whole word and prefix search keeps working. Words under four letters stay as they are.
 */
export function stem(term: string): string {
  const n = term.length;
  if (n < 4 || term.charCodeAt(n - 1) !== 115 /* s */) return term;
  if (term.endsWith('ies') && !term.endsWith('eies') && !term.endsWith('aies')) return term.slice(0, -3) + 'y';
  if (term.endsWith('es') && !term.endsWith('aes') && !term.endsWith('ees') && !term.endsWith('oes')) return term.slice(0, -1);
  if (term.endsWith('us') || term.endsWith('ss') || term.endsWith('is')) return term;
  return term.slice(0, -1);
}

/** The terms of a text in order, repeats kept. */
export function tokenize(text: string): string[] {
  const words = fold(text).match(WORD);
  if (!words) return [];
  const terms: string[] = [];
  for (const word of words) if (keep(word)) terms.push(stem(word));
  return terms;
}

/** Each term of a text once, in order of first appearance. */
export function distinctTerms(text: string): string[] {
  const words = fold(text).match(WORD);
  if (!words) return [];
  const seen = new Set<string>();
  for (const word of words) if (keep(word)) seen.add(stem(word));
  return [...seen];
}

/** How often each term occurs in a text. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of tokenize(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
