/**
 * Citation keys while a draft is being written: where a key is being typed (completion), which
 * key stands under the cursor (hover, go to definition), which cited keys to check (diagnostics)
 * and which library key a mistyped one most likely meant (quick fix). Pure: offsets are UTF-16
 * indices into the text, as `TextDocument.offsetAt` gives.
 *
 * What counts as a citation is decided by citations.ts and citedIn.ts; this module only asks them.
 */
import { findCitationClusters, findCitationKeys, isCitationKey, parseDeclaredBibliographies, type CitationKeyRef } from './citations';
import { LineIndex } from '../util/lineIndex';
import { frontMatterRange } from './masking';
import { findMentions, type CitationLanguage } from './mentions';

/** A key being typed: `prefix` is the text from the key's start to the cursor. */
export interface KeyCompletionContext {
  readonly prefix: string;
  /** Where the key starts (after `@`, `{` or `,`). */
  readonly start: number;
  /** The end of the key's characters after the cursor (the cursor itself when there are none). */
  readonly end: number;
}

/** The characters a partly typed key may hold, per syntax. */
const PANDOC_KEY_CHAR = /[\p{L}\p{N}_:.#$%&\-+?<>~/]/u;
const TYPST_KEY_CHAR = /[\p{L}\p{N}_\-.:]/u;
const LATEX_KEY_CHAR = /[^\s,{}%\\#~]/u;
/** What may stand before `@`: not a word character (so `me@example.org` is no citation). */
const BEFORE_AT = /^$|[\s[;(-]$/u;
/** `\cite{`, `\citep[p.~3]{a,` ... up to the cursor, the brace not closed yet. */
const OPEN_LATEX_CITE = /\\[A-Za-z]*[cC]ite[A-Za-z]*\*?(?:\s*\[[^\]\n]*\]){0,2}\s*\{([^{}]*)$/;
/** How far back a `\cite{` may open before the cursor. */
const LATEX_LOOKBACK = 500;

/**
 * Whether a citation key is being typed at `offset`, and which part of it: after `[@`, after `@`
 * in prose (not inside an e-mail address or a word, not in code or front matter), after `\cite{`
 * and the family (`\citep{`, `\parencite[p.~3]{`) or a comma inside one, and after `@` in Typst.
 */
export function completionContextAt(text: string, offset: number, language: CitationLanguage): KeyCompletionContext | undefined {
  if (offset < 0 || offset > text.length) {
    return undefined;
  }
  switch (language) {
    case 'latex':
      return latexCompletionContext(text, offset);
    case 'typst':
      return typstCompletionContext(text, offset);
    case 'markdown':
      return pandocCompletionContext(text, offset);
  }
}

function pandocCompletionContext(text: string, offset: number): KeyCompletionContext | undefined {
  const start = scanBack(text, offset, PANDOC_KEY_CHAR);
  if (text[start - 1] !== '@' || !BEFORE_AT.test(text.slice(Math.max(0, start - 2), start - 1))) {
    return undefined;
  }
  const front = frontMatterRange(text);
  const from = proseStart(text, start);
  if ((front && start < front.end) || from === undefined) {
    return undefined;
  }
  // Would a key typed here be read as a citation? A placeholder key in the cursor's paragraph
  // answers for code spans and the `@` rules exactly as the citation scanner sees them.
  const lineEnd = text.indexOf('\n', offset);
  const probe = `${text.slice(from, start)}x${text.slice(start, lineEnd === -1 ? text.length : lineEnd)}`;
  if (!findCitationKeys(probe, 'markdown').some(ref => ref.start === start - from)) {
    return undefined;
  }
  return { prefix: text.slice(start, offset), start, end: scanForward(text, offset, PANDOC_KEY_CHAR) };
}

/**
 * Where the paragraph holding `offset` starts (after a blank line or a closing code fence), or
 * undefined when `offset` is inside a fenced code block. Only fence lines before it are read, so
 * completing in a long draft does not rescan the whole text.
 */
function proseStart(text: string, offset: number): number | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let open: { char: string; length: number } | undefined;
  let afterFence = 0;
  for (const m of text.matchAll(/^[ \t]*(`{3,}|~{3,})([^\n]*)$/gm)) {
    if (m.index >= lineStart) {
      break;
    }
    if (!open) {
      open = m[1][0] === '`' && m[2].includes('`') ? undefined : { char: m[1][0], length: m[1].length };
    } else if (m[1][0] === open.char && m[1].length >= open.length && m[2].trim() === '') {
      open = undefined;
      afterFence = m.index + m[0].length;
    }
  }
  if (open) {
    return undefined;
  }
  let paragraph = lineStart;
  while (paragraph > afterFence + 1) {
    const previous = text.lastIndexOf('\n', paragraph - 2) + 1;
    if (text.slice(previous, paragraph - 1).trim() === '') {
      break; // the line before is blank
    }
    paragraph = previous;
  }
  return Math.max(afterFence, paragraph);
}

function typstCompletionContext(text: string, offset: number): KeyCompletionContext | undefined {
  const start = scanBack(text, offset, TYPST_KEY_CHAR);
  if (text[start - 1] !== '@' || !BEFORE_AT.test(text.slice(Math.max(0, start - 2), start - 1))) {
    return undefined;
  }
  const lineBefore = text.slice(text.lastIndexOf('\n', start - 1) + 1, start - 1);
  const inRaw = (lineBefore.match(/`/g)?.length ?? 0) % 2 === 1;
  if (inRaw || /(?<!:)\/\//.test(lineBefore) || isInsideBlockComment(text, start)) {
    return undefined;
  }
  return { prefix: text.slice(start, offset), start, end: scanForward(text, offset, TYPST_KEY_CHAR) };
}

function latexCompletionContext(text: string, offset: number): KeyCompletionContext | undefined {
  const before = text.slice(Math.max(0, offset - LATEX_LOOKBACK), offset);
  const open = OPEN_LATEX_CITE.exec(before);
  if (!open) {
    return undefined;
  }
  const commandStart = offset - before.length + open.index;
  const lineStart = text.lastIndexOf('\n', commandStart - 1) + 1;
  if (/(?<!\\)%/.test(text.slice(lineStart, commandStart))) {
    return undefined; // commented out
  }
  const start = scanBack(text, offset, LATEX_KEY_CHAR);
  return { prefix: text.slice(start, offset), start, end: scanForward(text, offset, LATEX_KEY_CHAR) };
}

function isInsideBlockComment(text: string, offset: number): boolean {
  const open = text.lastIndexOf('/*', offset);
  return open !== -1 && text.lastIndexOf('*/', offset) < open;
}

function scanBack(text: string, offset: number, keyChar: RegExp): number {
  let at = offset;
  while (at > 0 && keyChar.test(text[at - 1])) {
    at--;
  }
  return at;
}

function scanForward(text: string, offset: number, keyChar: RegExp): number {
  let at = offset;
  while (at < text.length && keyChar.test(text[at])) {
    at++;
  }
  return at;
}

/**
 * Cross-references share the citation syntax: pandoc-crossref and Quarto write `@fig:x`,
 * `@sec-intro`, `@tbl-1`... These never name a paper.
 */
export function isCrossReference(key: string): boolean {
  return /^(fig|sec|tbl|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|apx|tab|chap|ch)[:-]/i.test(key);
}

/** Every cited key of a draft, in order (note links left out; `\nocite{*}` and macro arguments too). */
export function citedKeyRefs(text: string, language: CitationLanguage): CitationKeyRef[] {
  const lines = new LineIndex(text);
  const syntax =
    language === 'markdown'
      ? { kind: 'pandoc' as const }
      : language === 'latex'
        ? { kind: 'latex' as const, command: 'cite' }
        : { kind: 'typst' as const };
  return findMentions(text, language)
    .filter(m => m.kind === 'citation' && m.key !== '*' && isCitationKey(m.key, syntax) && !isCrossReference(m.key))
    .map(m => {
      const start = lines.offsetAt(m.line, m.column);
      return { key: m.key, start, end: start + m.key.length };
    });
}

/** The cited key under (or right after) the cursor. */
export function keyRefAt(text: string, offset: number, language: CitationLanguage): CitationKeyRef | undefined {
  return citedKeyRefs(text, language).find(ref => ref.start <= offset && offset <= ref.end);
}

/**
 * The cited keys worth checking against the library and the bibliography. `@word` in prose is
 * also how people write handles and decorators, so bare keys count only in drafts that clearly
 * cite: LaTeX always; Markdown when the draft declares a bibliography or has a bracketed citation;
 * Typst (where `@x` also refers to the draft's own labels) when it declares a bibliography, and
 * never for a label `<x>` it defines.
 */
export function checkableKeyRefs(text: string, language: CitationLanguage): CitationKeyRef[] {
  const refs = citedKeyRefs(text, language);
  if (refs.length === 0 || language === 'latex') {
    return refs;
  }
  const declares = parseDeclaredBibliographies(text, language).length > 0;
  if (language === 'typst') {
    if (!declares) {
      return [];
    }
    const labels = new Set([...text.matchAll(/<([\p{L}\p{N}_\-.:]+)>/gu)].map(m => m[1]));
    return refs.filter(ref => !labels.has(ref.key));
  }
  return declares || findCitationClusters(text, 'markdown').length > 0 ? refs : [];
}

// ---------------------------------------------------------------------------------------------
// Close matches for a key that resolves nowhere

/** Why a library key is offered for a typed one; earlier reasons rank first. */
export type MatchReason = 'same-base' | 'edit-distance' | 'prefix' | 'search';

export interface KeyMatch {
  readonly key: string;
  readonly reason: MatchReason;
  readonly distance: number;
}

/** The key without a trailing year and clash suffix, lower-cased: `smith2024b` -> `smith`. */
export function keyBase(key: string): string {
  return key.toLowerCase().replace(/(1[5-9]|20)\d\d[a-z]{0,2}$/, '');
}

/** The key's letters only, lower-cased: what the search index is asked for. */
export function keyLetters(key: string): string {
  return key.toLowerCase().replace(/[^\p{L}]+/gu, '');
}

/**
 * The words a key is made of, as a search query: `smith2023sparse` gives `smith 2023 sparse`,
 * `Smith_SparseCoding` gives `smith sparse coding` (letters and digits apart, camel case and
 * punctuation split). The year stays a word: the search falls back to any word when all miss.
 */
export function keyQuery(key: string): string {
  return key
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})|(\p{N})(\p{L})/gu, (_, a, b, c, d) => (a ? `${a} ${b}` : `${c} ${d}`))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

/** Longer keys tolerate more typos; a 4-letter key with 2 edits is another word. */
function maxDistanceFor(key: string): number {
  return key.length >= 8 ? 2 : key.length >= 4 ? 1 : 0;
}

/**
 * The library keys `typed` most likely meant, best first (at most `limit`): the same base key
 * (year or clash suffix differing), an edit distance of at most 2 (1 for short keys), one key's
 * letters a prefix of the other's (at least 6 letters: a truncated key), and `searchHits` (the
 * search index's best keys for the typed letters) when they share the first 4 letters.
 */
export function closeKeyMatches(typed: string, libraryKeys: Iterable<string>, searchHits: readonly string[] = [], limit = 3): KeyMatch[] {
  const base = keyBase(typed);
  const letters = keyLetters(typed);
  const lower = typed.toLowerCase();
  const maxDistance = maxDistanceFor(typed);
  const found = new Map<string, KeyMatch>();
  const offer = (match: KeyMatch) => {
    const known = found.get(match.key);
    if (!known || rank(match) < rank(known)) {
      found.set(match.key, match);
    }
  };
  for (const key of libraryKeys) {
    if (key === typed) {
      continue;
    }
    const distance = editDistance(lower, key.toLowerCase(), Math.max(maxDistance, 2));
    if (base.length >= 3 && keyBase(key) === base) {
      offer({ key, reason: 'same-base', distance });
    } else if (distance <= maxDistance) {
      offer({ key, reason: 'edit-distance', distance });
    } else if (isLetterPrefix(letters, keyLetters(key))) {
      offer({ key, reason: 'prefix', distance });
    }
  }
  for (const key of searchHits.slice(0, 1)) {
    if (key !== typed && letters.length >= 4 && keyLetters(key).startsWith(letters.slice(0, 4))) {
      offer({ key, reason: 'search', distance: editDistance(lower, key.toLowerCase(), 2) });
    }
  }
  return [...found.values()].sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key)).slice(0, limit);
}

function isLetterPrefix(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 6 && long.startsWith(short);
}

const REASON_ORDER: Record<MatchReason, number> = { 'same-base': 0, 'edit-distance': 1, prefix: 2, search: 3 };

function rank(match: KeyMatch): number {
  return REASON_ORDER[match.reason] * 100 + Math.min(match.distance, 99);
}

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps), cut
 * off: any distance above `max` is returned as `max + 1`, so comparing against a large library
 * stays cheap.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) {
    return max + 1;
  }
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, prevPrev[j - 2] + 1);
      }
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) {
      return max + 1;
    }
    prevPrev = prev;
    prev = row;
  }
  return Math.min(prev[b.length], max + 1);
}
