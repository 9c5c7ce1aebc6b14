/**
 * Content sniffing for `.txt` files: does this text look like a saved paper digest? Runs on every
 * `.txt` opened, so it reads only the head of the text.
 */
import { boilerplateKey, DISTINCTIVE_BOILERPLATE } from './blockShape';
import { parseDigest } from './parser';
import { sniffSource, type SourceKind } from './sources/sniff';

/** What kind of digest a file is: the text page, or one of the other sources (`sources/`). */
export type DigestKind = 'text-digest' | SourceKind;

/** A file named as a digest (`*.digest`, `*.digest.txt`) is one by name when no source claims it. */
const DIGEST_NAME = /\.digest(\.txt)?$/i;

/**
 * The kind of digest a file is, read from the head of its text only (as much as `looksLikeDigest`
 * reads, so the whole text or just its head may be passed): a Hugging Face daily-papers JSON, an arXiv listing e-mail (text or
 * `.eml`), an arXiv RSS feed, or the text page. Undefined for anything else, so a `package.json`,
 * another site's RSS or a shopping list is left alone. `path` is only read for the digest names:
 * a `*.digest` file no source claims is the text page.
 */
export function detectDigestKind(text: string, path: string): DigestKind | undefined {
  const head = headOf(text);
  const source = sniffSource(head);
  if (source !== undefined) return source;
  if (DIGEST_NAME.test(path)) return 'text-digest';
  if (startsLikeMarkup(head)) return undefined;
  return looksLikeDigest(head) ? 'text-digest' : undefined;
}

/** JSON and XML are never the text page, whatever their strings say. */
function startsLikeMarkup(head: string): boolean {
  const first = head
    .replace(/^\uFEFF/, '')
    .trimStart()
    .charAt(0);
  return first === '{' || first === '[' || first === '<';
}

/** Lines read from the head of the text. */
const HEAD_LINES = 200;
/** Characters read at most, so a huge single-line file costs nothing. */
const HEAD_CHARS = 256 * 1024;
/** A lone title/abstract pair counts only with an abstract this long (real ones run 600-2000). */
const LONE_ABSTRACT_MIN = 300;
/** Abstracts shorter than this do not count towards a pair (a shopping list's "Eggs"). */
const ABSTRACT_MIN = 80;

/**
 * True when the text looks like a digest: it has one of the page's distinctive header lines
 * ("Get trending papers in your email inbox!", "byAK and the research community") or two generic
 * ones ("new", "Subscribe"); or a day line is followed by title/abstract pairs — two, or one with
 * an abstract of real length. A day line alone, or a date in a sentence, is not enough.
 */
export function looksLikeDigest(text: string): boolean {
  const head = headOf(text);
  if (hasBoilerplate(head)) return true;
  const parsed = parseDigest(head, '');
  let pairs = 0;
  let longest = 0;
  for (const day of parsed.days) {
    for (const entry of day.entries) {
      if (entry.abstract.length < ABSTRACT_MIN) continue;
      pairs++;
      longest = Math.max(longest, entry.abstract.length);
    }
  }
  return pairs >= 2 || (pairs === 1 && longest >= LONE_ABSTRACT_MIN);
}

function headOf(text: string): string {
  let end = 0;
  for (let line = 0; line < HEAD_LINES; line++) {
    const newline = text.indexOf('\n', end);
    if (newline === -1 || newline >= HEAD_CHARS) return text.slice(0, Math.min(text.length, HEAD_CHARS));
    end = newline + 1;
  }
  return text.slice(0, end);
}

function hasBoilerplate(head: string): boolean {
  const generic = new Set<string>();
  for (const line of head.split(/\r\n?|\n/)) {
    const key = boilerplateKey(line.trim());
    if (key === null) continue;
    if (DISTINCTIVE_BOILERPLATE.has(key)) return true;
    generic.add(key);
  }
  return generic.size >= 2;
}
