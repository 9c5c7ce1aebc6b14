/**
 * Author names as sources write them ("Jacob Dunefsky", "Sol\`a, Joan", "H. de Vries") split into
 * family and given names by @citation-js/name, a maintained CSL name parser, after TeX accents are
 * folded to Unicode. Particles stay with the family name (`van der Berg`), as `Author` says; a
 * suffix (`Jr.`, `III`) is kept apart.
 */
import { parse as parseCslName } from '@citation-js/name';
import type { Author } from '../model';
import { latexToText } from '../bib/latex';

/** What @citation-js/name returns: a CSL name object. */
interface CslName {
  readonly family?: string;
  readonly given?: string;
  readonly suffix?: string;
  readonly literal?: string;
  readonly 'non-dropping-particle'?: string;
  readonly 'dropping-particle'?: string;
}

/**
 * The parser's reading, or a literal where it throws (it does on a name that is only a suffix or
 * degree: `Jr`, `III`, `DC`, `v`).
 */
function parseName(name: string): CslName {
  try {
    return parseCslName(name) as CslName;
  } catch {
    return { literal: name };
  }
}

/** Suffixes the parser knows only without their final dot at the end of a name. */
const DOTTED_SUFFIX = /,?\s+(Jr|Sr)\.$/;

/**
 * One author. `literal` is the name with TeX folded and spaces collapsed; `family`/`given` are set
 * when the parser could split it (a one-word name gives a family name alone).
 */
export function parseAuthorName(written: string): Author {
  const literal = foldTex(written);
  if (literal === '') return { literal };
  // `King Jr.` and `King, Jr.` are read by the parser as a family name `Jr.` and a name in
  // `Family, Given` order: give it the dotless suffix at the end, then restore the dot.
  const dotted = DOTTED_SUFFIX.exec(literal);
  const input = dotted === null ? literal : `${literal.slice(0, dotted.index)} ${dotted[1]}`;
  const split = splitName(input);
  if (split === undefined) return { literal };
  const suffix = split.suffix !== undefined && dotted !== null && split.suffix === dotted[1] ? `${dotted[1]}.` : split.suffix;
  return withoutEmpty({ literal, family: split.family, given: split.given, suffix });
}

/**
 * The authors of an "A, B and C" string (also "A, B, and C", "A and B", arXiv's `Authors:` line
 * with parenthesised affiliations, RSS `dc:creator`). A piece that is only a suffix (`Jr.`) joins
 * the name before it; `et al.` and `others` are dropped.
 */
export function parseAuthorList(text: string): Author[] {
  return splitAuthorNames(text)
    .map(parseAuthorName)
    .filter(author => author.literal !== '');
}

/** The names of an "A, B and C" string, as written, in order (the one splitter of the core). */
export function splitAuthorNames(text: string): string[] {
  const pieces: string[] = [];
  for (const piece of splitTopLevel(stripAffiliations(text))) {
    const name = piece.trim().replace(/^and\s+/i, '');
    if (name === '' || /^(et\.?\s*al\.?|others)$/i.test(name)) continue;
    if (/^(Jr|Sr|I{1,3}|IV)\.?$/.test(name) && pieces.length > 0)
      pieces[pieces.length - 1] += `, ${name}`; // as written
    else pieces.push(name);
  }
  return pieces;
}

/** TeX accents and braces folded to Unicode (`Sol\`a` → `Solà`), whitespace collapsed. */
function foldTex(name: string): string {
  const text = /[\\{}]/.test(name) ? latexToText(name) : name.normalize('NFC');
  return text.replace(/\s+/g, ' ').trim();
}

interface SplitName {
  readonly family?: string;
  readonly given?: string;
  readonly suffix?: string;
}

function splitName(name: string): SplitName | undefined {
  let parsed = parseName(name);
  // A last word the parser takes for a degree (`Ma` for MA, `Do` for DO) is dropped, leaving the
  // given name as the family name (`Lintao Ma` gives family `Lintao`): read it as `Ma, Lintao`.
  const words = name.split(' ');
  if (parsed.family !== undefined && parsed.given === undefined && words.length > 1 && !name.includes(',')) {
    parsed = parseName(`${words[words.length - 1]}, ${words.slice(0, -1).join(' ')}`);
  }
  if (parsed.family !== undefined && parsed.literal === undefined) {
    const particle = parsed['non-dropping-particle'];
    const family = particle !== undefined ? `${particle.trim()} ${parsed.family}` : parsed.family;
    // The parser files a leading title or initial it knows (`M`, `Prof`) as a dropping particle:
    // it is part of the name as written, so it goes back to the given names.
    const given = [parsed['dropping-particle'], parsed.given]
      .filter(part => part !== undefined)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    return { family, given: given === '' ? undefined : given, suffix: parsed.suffix };
  }
  // A first word that is also a particle (`Da Li`, `Pietro Perona`, `O. Mac Aodha`) makes the
  // parser give up: read the rest alone and put that word back in front of the given names.
  const space = name.indexOf(' ');
  if (space <= 0 || name.includes(',')) return undefined;
  const first = name.slice(0, space);
  const rest = name.slice(space + 1);
  const restSplit = splitName(rest);
  if (restSplit !== undefined && restSplit.family !== undefined) {
    return { ...restSplit, given: restSplit.given === undefined ? first : `${first} ${restSplit.given}` };
  }
  // The rest is itself one particle family (`Mac Aodha`): it is the family name.
  return /\s/.test(rest) && parseName(rest).literal === rest ? { family: rest, given: first } : undefined;
}

/** Drops undefined and empty fields so authors compare and serialise cleanly. */
function withoutEmpty(author: { literal: string; family?: string; given?: string; suffix?: string }): Author {
  const out: { literal: string; family?: string; given?: string; suffix?: string } = { literal: author.literal };
  if (author.family) out.family = author.family.trim();
  if (author.given) out.given = author.given.trim();
  if (author.suffix) out.suffix = author.suffix.trim();
  return out;
}

/** Parenthesised text (affiliations in arXiv's `Authors:` lines) removed, nesting respected. */
function stripAffiliations(text: string): string {
  if (!text.includes('(')) return text.replace(/\s+/g, ' '); // most author lines name no affiliation
  let out = '';
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 /* ( */) {
      if (depth === 0) out += text.slice(from, i);
      depth++;
    } else if (c === 41 /* ) */ && depth > 0) {
      depth--;
      if (depth === 0) from = i + 1;
    }
  }
  if (depth === 0) out += text.slice(from);
  return out.replace(/\s+/g, ' ');
}

/** Splits at commas and at the word `and`, outside TeX braces. */
function splitTopLevel(text: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */ && depth > 0) depth--;
    else if (depth === 0 && c === 44 /* , */) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    } else if (depth === 0 && isSpace(c)) {
      // ` and ` (any spaces, any case), read in place: slicing the rest at every space was quadratic.
      let j = i;
      while (j < text.length && isSpace(text.charCodeAt(j))) j++;
      if (
        (text.charCodeAt(j) | 32) === 97 &&
        (text.charCodeAt(j + 1) | 32) === 110 &&
        (text.charCodeAt(j + 2) | 32) === 100 &&
        isSpace(text.charCodeAt(j + 3))
      ) {
        pieces.push(text.slice(start, i));
        j += 3;
        while (j < text.length && isSpace(text.charCodeAt(j))) j++;
        i = j - 1;
        start = j;
      }
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** White space as `\s` has it for author lines (ASCII, tab, line breaks, no-break space). */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 160;
}
