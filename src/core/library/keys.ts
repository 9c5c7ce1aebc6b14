/**
 * Citation keys derived from a paper's first author, year and title. Keys must be safe as Pandoc, LaTeX and
 * Typst citation keys and as file names on every OS, so they are plain ASCII letters and digits.
 */

/** The longest key, including the year and a clash suffix. */
export const MAX_KEY_LENGTH = 40;
/** Room kept for the year (4 digits) and a clash suffix of up to 2 letters. */
export const MAX_WORD_PART_LENGTH = MAX_KEY_LENGTH - 4 - 2;
/** The word part used when a title yields no ASCII letter. */
export const FALLBACK_WORD = 'paper';

/** Words skipped by the three-word rule (compared after lower-casing). */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'by',
  'for',
  'from',
  'in',
  'into',
  'is',
  'of',
  'on',
  'or',
  'the',
  'to',
  'toward',
  'towards',
  'via',
  'with',
]);

/** Windows device names: a file `con.md` cannot be created, so no key may be one of these. */
export const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * The base citation key of a title (before clash suffixes). The rule, as written in the README:
 *
 * 1. The title is folded to ASCII: Unicode compatibility decomposition (NFKD), accents dropped,
 *    then every character that is not an ASCII letter or digit is removed from each word.
 * 2. **Name rule**: when the text before the title's first colon is a single word (no spaces),
 *    like `Causalainer: Causal Explainer for ...`, the word part is that name (`causalainer`).
 * 3. **Three-word rule**: otherwise the word part is the first three significant words of the
 *    title (words are separated by spaces; hyphenated words stay one word), lower-cased and joined:
 *    `Transcoders Find Interpretable LLM Feature Circuits` gives `transcodersfindinterpretable`.
 *    Stop words (a, an, and, are, as, at, by, for, from, in, into, is, of, on, or, the, to, toward,
 *    towards, via, with) are skipped; a title made only of stop words uses its first three words.
 * 4. The word part is all lower case, cut to 34 characters; when it has no ASCII letter at all
 *    (an empty, all-digit or non-Latin title, or a name rule giving only digits) it is `paper`.
 *    A name without letters falls through to the three-word rule first.
 * 5. The year is appended when known: `transcodersfindinterpretable2024`.
 * 6. A key that would be a Windows device name (con, prn, aux, nul, com0-9, lpt0-9) gets `paper`
 *    appended (`CON: Reserved Names` without a year gives `conpaper`).
 * 7. Clashes (decided by the library, not here): the oldest paper keeps the key, newer ones get a
 *    suffix `a`, `b`, ... `z`, `aa`, `ab`, ... A key may start with a digit (Pandoc, BibTeX and
 *    Typst accept it) but always contains a letter; it is at most 40 characters.
 *
 * **Author rule** (Google Scholar's short form), used instead of rules 2-5 when the first author's
 * family name and the year are both known: `<family><year><firstword>`, e.g.
 * `dunefsky2024transcoders`. The family name is folded to ASCII like the title (particles and
 * hyphens kept as letters: `van der Berg` gives `vanderberg`), the first word is the title's first
 * significant word (stop words skipped as in rule 3; the first word when all are stop words). The
 * family part is cut so the key keeps the year and room for a clash suffix; a family name without
 * an ASCII letter (`李`) falls back to the title rules. Rules 6 and 7 apply as before.
 */
export function baseKey(title: string, year: number | null, firstAuthorFamily?: string): string {
  const folded = foldToAscii(title);
  const authorKey = firstAuthorFamily === undefined ? undefined : scholarKey(folded, year, firstAuthorFamily);
  if (authorKey !== undefined) return authorKey;
  const name = leadingName(folded);
  let wordPart = name !== null && hasLetter(name) ? name : threeWords(folded);
  wordPart = wordPart.slice(0, MAX_WORD_PART_LENGTH);
  if (!hasLetter(wordPart)) wordPart = FALLBACK_WORD;
  const key = wordPart + yearPart(year);
  return WINDOWS_DEVICE_NAMES.test(key) ? key + FALLBACK_WORD : key;
}

/** `<family><year><firstword>`, or undefined when the family name or the year cannot give one. */
function scholarKey(foldedTitle: string, year: number | null, family: string): string | undefined {
  const yearText = yearPart(year);
  const familyPart = keepAlphanumerics(foldToAscii(family));
  if (yearText === '' || !hasLetter(familyPart)) return undefined;
  const firstWord = significantWords(foldedTitle, 1);
  const room = MAX_WORD_PART_LENGTH - familyPart.length;
  const key = room > 0 ? familyPart + yearText + firstWord.slice(0, room) : familyPart.slice(0, MAX_WORD_PART_LENGTH) + yearText;
  return WINDOWS_DEVICE_NAMES.test(key) ? key + FALLBACK_WORD : key;
}

/**
 * The key with the n-th clash suffix (n = 1 gives `a`, 26 gives `z`, 27 gives `aa`), the word part
 * cut further when a long suffix would pass 40 characters. `n = 0` returns the key unchanged.
 */
export function suffixedKey(key: string, n: number): string {
  if (n <= 0) return key;
  const suffix = clashSuffix(n);
  const overflow = key.length + suffix.length - MAX_KEY_LENGTH;
  if (overflow <= 0) return key + suffix;
  // Cut the letters before a trailing year so the year survives.
  const match = /^(.*?)([0-9]*)$/.exec(key)!;
  return match[1].slice(0, Math.max(1, match[1].length - overflow)) + match[2] + suffix;
}

/** `a`..`z`, then `aa`, `ab`, ... (bijective base 26). */
export function clashSuffix(n: number): string {
  let s = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    s = String.fromCharCode(97 + ((rest - 1) % 26)) + s;
  }
  return s;
}

/** True when the text is a well-formed key of ours: ASCII letters and digits, 1 to 40 of them. */
export function isValidKey(key: string): boolean {
  return key.length > 0 && key.length <= MAX_KEY_LENGTH && /^[A-Za-z0-9]+$/.test(key) && /[A-Za-z]/.test(key);
}

function leadingName(title: string): string | null {
  const colon = title.indexOf(':');
  if (colon <= 0) return null;
  const before = title.slice(0, colon).trim();
  if (before === '' || /\s/.test(before)) return null;
  return keepAlphanumerics(before);
}

function threeWords(folded: string): string {
  return significantWords(folded, 3);
}

/** The first `count` significant words joined (the first words when all are stop words). */
function significantWords(folded: string, count: number): string {
  const significant: string[] = [];
  const firstWords: string[] = [];
  // Stops as soon as enough significant words are found: titles can be long, keys are short.
  for (const raw of folded.split(/\s+/)) {
    const word = keepAlphanumerics(raw);
    if (word === '') continue;
    if (firstWords.length < count) firstWords.push(word);
    if (!STOP_WORDS.has(word) && significant.push(word) === count) break;
  }
  return (significant.length > 0 ? significant : firstWords).join('');
}

/** The title lower-cased with accents folded away (NFKD, combining marks dropped). */
function foldToAscii(title: string): string {
  // Most titles are plain ASCII already; NFKD is the costly step, so skip it for them.
  const decomposed = /^[\x00-\x7f]*$/.test(title) ? title : title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return decomposed.toLowerCase();
}

/** The ASCII letters and digits of a lower-cased word. */
function keepAlphanumerics(word: string): string {
  return word.replace(/[^a-z0-9]/g, '');
}

function hasLetter(s: string): boolean {
  return /[a-z]/i.test(s);
}

function yearPart(year: number | null): string {
  return year !== null && Number.isInteger(year) && year >= 1000 && year <= 9999 ? String(year) : '';
}
