/**
 * What a line or paragraph of a digest looks like: boilerplate, a title, or an abstract. The
 * parser and the content detector share these heuristics.
 *
 * Titles and abstracts differ in ways that hold across the digests we have seen:
 * - a title is one line of at most MAX_TITLE_LENGTH characters that does not end like a clause
 *   (`.`, `,`, `;`, `:`); it may end with `?` or `!` ("Can Brain Signals Reveal ...?") and hold
 *   one `? ` inside ("Why Are ... LLMs? A Security Analysis");
 * - an abstract is long (hundreds to thousands of characters), has several sentences and ends
 *   with a full stop, or is hard-wrapped over several lines whose last one ends a sentence.
 * A short line without final punctuation after a title is therefore read as the next title (the
 * previous one lacking its abstract), and reported, rather than as a one-line abstract.
 */

/** Longest line taken for a title; the longest in the seed is ~190 characters. */
export const MAX_TITLE_LENGTH = 300;

/** The header lines of a saved "Daily Papers" page, as comparison keys. */
const BOILERPLATE = new Set([
  'daily papers',
  'new',
  'get trending papers in your email inbox!',
  'subscribe',
  'byak and the research community',
]);
/** The boilerplate lines only a digest has (a note might say "new" or "Subscribe"). */
export const DISTINCTIVE_BOILERPLATE = new Set(['get trending papers in your email inbox!', 'byak and the research community']);
const LONGEST_BOILERPLATE = 60;

/** The comparison key of a (trimmed) line if it could be boilerplate, else null. Cheap on long lines. */
export function boilerplateKey(trimmed: string): string | null {
  if (trimmed.length > LONGEST_BOILERPLATE) return null;
  const key = trimmed.toLowerCase().replace(/\s+/g, ' ');
  return BOILERPLATE.has(key) ? key : null;
}

/** A sentence end followed by the start of another sentence. */
const SENTENCE_BREAK = /[.!?]\s+[\p{Lu}\p{N}]/gu;

/** Whether a single trimmed line can be a title. */
export function isTitleLike(trimmed: string): boolean {
  if (trimmed.length === 0 || trimmed.length > MAX_TITLE_LENGTH) return false;
  const last = trimmed[trimmed.length - 1];
  if (last === ',' || last === ';' || last === ':') return false;
  if (last === '.' && !trimmed.endsWith('...')) return false;
  // Two or more sentence breaks is prose, whatever the length.
  return countUpTo(trimmed, SENTENCE_BREAK, 2) < 2;
}

function countUpTo(text: string, pattern: RegExp, limit: number): number {
  pattern.lastIndex = 0;
  let count = 0;
  while (count < limit && pattern.exec(text)) count++;
  pattern.lastIndex = 0;
  return count;
}

/**
 * Whether a paragraph (its trimmed non-blank lines) reads as an abstract rather than a title: one
 * line that cannot be a title; several lines too long together to be one title, or where a line
 * ends a sentence (a wrapped abstract's last line ends its last sentence).
 */
export function isAbstractLike(lines: readonly string[], start: number, end: number): boolean {
  if (start === end) return !isTitleLike(lines[start].trim());
  let total = 0;
  for (let i = start; i < end; i++) {
    // Inner lines of a wrapped title may end with `:` or `,` ("A Long Title:" / "Its Subtitle").
    const line = lines[i].trim();
    if (line.endsWith('.') && !line.endsWith('...')) return true;
    total += line.length + 1;
  }
  const last = lines[end].trim();
  total += last.length;
  return total > MAX_TITLE_LENGTH || !isTitleLike(last);
}

/** Whether every line of a paragraph is title-like and together they still fit one title. */
export function isWrappedTitle(lines: readonly string[], start: number, end: number): boolean {
  return end > start && !isAbstractLike(lines, start, end);
}
