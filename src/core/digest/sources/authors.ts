/**
 * Authors and titles as arXiv writes them: one "A, B and C" string with TeX accents, parenthesised
 * affiliations and now and then a `Jr.` after a comma. Split here into one literal per author; the
 * family/given split is the name parser's (`parseAuthorName`).
 */
import { splitAuthorNames } from '../../metadata/names';
import { latexToText } from '../../bib/latex';
import { parseAuthorName } from '../../metadata/names';
import type { Author } from '../../model';
import { collapseSpaces } from './common';

/**
 * An author from the name as the source wrote it (TeX already folded), split into family and
 * given names by the shared name parser. The same name recurs across a workspace's digests (and
 * the parser costs a few microseconds a name), so answers are kept for the names seen last.
 */
export function authorOf(literal: string): Author {
  const known = parsedNames.get(literal);
  if (known !== undefined) return known;
  const author = splitOrLiteral(literal);
  if (parsedNames.size >= NAME_CACHE_SIZE) parsedNames.clear();
  parsedNames.set(literal, author);
  return author;
}

/**
 * The name parser's answer, or the literal alone when it fails: @citation-js/name throws on some
 * one-word names (`v`, `DC`, `Jr`: found by the sources' property test), and a reader never throws.
 */
function splitOrLiteral(literal: string): Author {
  try {
    return parseAuthorName(literal);
  } catch {
    return { literal };
  }
}

/** Names kept parsed; cleared whole when full (cheap, and a digest's names come together). */
const NAME_CACHE_SIZE = 20_000;
const parsedNames = new Map<string, Author>();

/** Authors of a list given one name per item (Hugging Face, Atom): TeX folded, empty ones dropped. */
export function authorsOf(names: readonly string[]): Author[] {
  const authors: Author[] = [];
  for (const name of names) {
    // The name as written, before folding: a name seen again skips the folding too.
    let author = writtenNames.get(name);
    if (author === undefined) {
      const literal = foldTex(name);
      author = literal === '' ? null : authorOf(literal);
      if (writtenNames.size >= NAME_CACHE_SIZE) writtenNames.clear();
      writtenNames.set(name, author);
    }
    if (author !== null) authors.push(author);
  }
  return authors;
}

/** Names as written, to their author (null: nothing left once folded); cleared as `parsedNames`. */
const writtenNames = new Map<string, Author | null>();

/**
 * The authors of an arXiv author string ("A, B and C", affiliations in parentheses): one splitter
 * for the whole core, `parseAuthorList` (metadata/names.ts); `~` ties are spaces first.
 */
export function splitAuthorList(text: string): Author[] {
  // Names repeat across a mailing: authorsOf parses each distinct one once.
  return authorsOf(splitAuthorNames(text.includes('~') ? text.replace(/~/g, ' ') : text));
}

/** TeX accents and braces folded to Unicode (`Bal\'azs` gives `Balázs`), spaces collapsed. */
export function foldTex(text: string): string {
  return collapseSpaces(/[\\{}~]/.test(text) ? latexToText(text) : text.normalize('NFC'));
}

/**
 * A title with TeX accents folded outside math: `Schr\"odinger` gives `Schrödinger`, while
 * `$\mathcal{G}$-softmax` stays as written (the math is the title's own; folding it would lose it).
 */
export function foldTitleTex(title: string): string {
  if (!title.includes('\\') && !title.includes('{')) return collapseSpaces(title);
  let out = '';
  let at = 0;
  while (at < title.length) {
    const open = title.indexOf('$', at);
    const close = open === -1 ? -1 : title.indexOf('$', open + 1);
    if (open === -1 || close === -1) {
      out += foldOutsideMath(title.slice(at));
      break;
    }
    out += foldOutsideMath(title.slice(at, open)) + title.slice(open, close + 1);
    at = close + 1;
  }
  return collapseSpaces(out);
}

function foldOutsideMath(text: string): string {
  if (!text.includes('\\') && !text.includes('{')) return text;
  // latexToText trims; keep the spaces that join this piece to the math around it.
  const lead = /^\s/.test(text) ? ' ' : '';
  const trail = /\s$/.test(text) ? ' ' : '';
  return lead + latexToText(text) + trail;
}
