/**
 * Where text goes: the one rule every command that writes into a draft follows (Insert Citation,
 * Suggest Citations, Insert Note Link, the quick fixes). Given the draft's text, its language and
 * the cursor, it says where an insertion may go, or why not and where instead. Pure: offsets are
 * UTF-16 indices into the text (as `TextDocument.offsetAt` gives).
 *
 * - Never in YAML front matter (Markdown, Quarto, R Markdown), a LaTeX preamble or a fenced code
 *   block: refused, with the end of the body's first paragraph (or the next body line) offered.
 * - Never inside a word, a key, a citation cluster (a note link), a URL, an inline code span, a
 *   math span or a link: after it. A citation inside a cluster joins it (citations.ts).
 * - A paragraph command (Suggest Citations) writes at the end of the sentence the cursor is in,
 *   unless the cursor is at a word's end.
 */
import type { Locator } from './locators';
import {
  findCitationClusterAt,
  findCitationClusters,
  findCitationKeys,
  formatCitation,
  placeNewCitation,
  planCitationInsert,
  type CitationInsert,
  type CitationSyntax,
} from './citations';
import { citationLanguageOfDraft, type DraftLanguage } from './languages';
import { frontMatterRange, maskLatexComments } from './masking';
import { protectedSpans, spanAt, type SpanKind } from './protectedSpans';

/** What is being inserted: a citation at the cursor, a note link, or a paragraph command's citation. */
export type InsertionKind = 'citation' | 'noteLink' | 'paragraph';

/** Why the insertion moved from the cursor (for the status message). */
export type MovedOutOf = SpanKind | 'word' | 'key' | 'cluster' | 'sentence';

/** Where the insertion may not go at all. */
export type RefusedIn = 'frontMatter' | 'preamble' | 'codeBlock';

export type InsertionPoint =
  | { readonly allowed: true; readonly offset: number; readonly movedOutOf?: MovedOutOf }
  | { readonly allowed: false; readonly refusedIn: RefusedIn; readonly reason: string; readonly alternative: number };

export interface InsertionContext {
  /** The draft language; undefined for other documents (read as Markdown-like text). */
  readonly language: DraftLanguage | undefined;
  /** How citations are written there (clusters are found with it). */
  readonly syntax: CitationSyntax;
  readonly kind: InsertionKind;
}

/** Where an insertion of `context.kind` at `offset` goes. */
export function insertionPoint(text: string, offset: number, context: InsertionContext): InsertionPoint {
  const at = Math.max(0, Math.min(offset, text.length));
  const refused = refusedRegion(text, at, context);
  if (refused) {
    return refused;
  }
  const cluster = findCitationClusterAt(text, at, context.syntax);
  if (cluster) {
    // A citation joins the cluster; a note link goes after it, never inside.
    return context.kind === 'noteLink' ? { allowed: true, offset: cluster.end, movedOutOf: 'cluster' } : { allowed: true, offset: at };
  }
  const family = context.language && citationLanguageOfDraft(context.language);
  const spans = spansAround(text, at, family);
  const span = spanAt(spans, at);
  const key = span ? undefined : bareKeyAt(text, at, context.syntax);
  const inWord = !span && !key && insideWord(text, at);
  if (context.kind === 'paragraph' && (span || key || inWord || !atWordEnd(text, at))) {
    return { allowed: true, offset: sentenceEnd(text, at, context), movedOutOf: 'sentence' };
  }
  if (span) {
    return { allowed: true, offset: span.after, movedOutOf: span.kind };
  }
  if (key !== undefined) {
    return { allowed: true, offset: key, movedOutOf: 'key' };
  }
  if (inWord) {
    return { allowed: true, offset: wordEnd(text, at), movedOutOf: 'word' };
  }
  return { allowed: true, offset: at };
}

/** A citation of `keys` planned by the rule: the insert, or the refusal (nothing is written then). */
export function planCitationAt(
  text: string,
  offset: number,
  keys: readonly string[],
  context: InsertionContext,
  locator?: Locator,
): { readonly insert?: CitationInsert; readonly point: InsertionPoint } {
  const point = insertionPoint(text, offset, context);
  if (!point.allowed) {
    return { point };
  }
  const insert = planCitationInsert(text, point.offset, keys, context.syntax, locator);
  // After code, math, a link or a command the citation still needs its space (or LaTeX's tie).
  const glued = insert && !insert.joined && point.movedOutOf && /\S/.test(text[insert.offset - 1] ?? ' ') && !/^[\s~]/.test(insert.text);
  return { point, insert: glued ? { ...insert, text: (context.syntax.kind === 'latex' ? '~' : ' ') + insert.text } : insert };
}

/** A citation at a refusal's alternative: joins a cluster that ends the paragraph, else a new one. */
export function planCitationAtAlternative(
  text: string,
  alternative: number,
  keys: readonly string[],
  syntax: CitationSyntax,
  locator?: Locator,
): CitationInsert | undefined {
  const joining = clusterEndingAt(text, alternative, syntax);
  if (joining !== undefined) {
    return planCitationInsert(text, joining, keys, syntax, locator);
  }
  const placed = placeNewCitation(text, alternative, formatCitation([...new Set(keys)], syntax, locator), syntax);
  return { ...placed, joined: false, added: [...new Set(keys)] };
}

/**
 * A note link at the cursor, with the blanks it needs around it (a space after a word, before a
 * following word). A link already standing there is not doubled: undefined then.
 */
export function planNoteLinkAt(
  text: string,
  offset: number,
  link: string,
  context: Omit<InsertionContext, 'kind'>,
): { readonly insert?: { readonly offset: number; readonly text: string }; readonly point: InsertionPoint } {
  const point = insertionPoint(text, offset, { ...context, kind: 'noteLink' });
  const at = point.allowed ? point.offset : point.alternative;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
  if (text.slice(lineStart, at).trimEnd().endsWith(link) || text.slice(at, lineEnd).trimStart().startsWith(link)) {
    return { point };
  }
  if (!point.allowed) {
    return { point };
  }
  const before = text[at - 1] ?? '';
  const after = text[at] ?? '';
  const lead = before && !/[\s([]/.test(before) ? ' ' : '';
  const trail = /[\p{L}\p{N}@[]/u.test(after) ? ' ' : '';
  return { point, insert: { offset: at, text: lead + link + trail } };
}

// ---------------------------------------------------------------------------------------------
// Regions where nothing is inserted

function refusedRegion(text: string, at: number, context: InsertionContext): InsertionPoint | undefined {
  const family = context.language ? citationLanguageOfDraft(context.language) : undefined;
  if (family === 'latex') {
    const begin = /\\begin\s*\{document\}[^\n]*\n?/.exec(maskLatexComments(text));
    if (begin && at < begin.index + begin[0].length) {
      const body = begin.index + begin[0].length;
      return refusal('preamble', 'the cursor is in the LaTeX preamble (before \\begin{document})', firstParagraphEnd(text, body, context));
    }
    return undefined;
  }
  if (family === 'typst') {
    return undefined;
  }
  const front = frontMatterRange(text);
  if (front && at < front.end) {
    return refusal(
      'frontMatter',
      "the cursor is in the front matter (YAML): text there would break the draft's metadata",
      firstParagraphEnd(text, front.end, context),
    );
  }
  const fence = fencedBlockAt(text, at);
  if (fence) {
    return refusal('codeBlock', 'the cursor is in a code block', fence.end < text.length ? fence.end : text.length);
  }
  return undefined;
}

function refusal(refusedIn: RefusedIn, reason: string, alternative: number): InsertionPoint {
  return { allowed: false, refusedIn, reason, alternative };
}

/** Fenced code blocks (``` or ~~~), from the opening fence's line to after the closing fence's line. */
function fencedBlockAt(text: string, at: number): { start: number; end: number } | undefined {
  for (const m of text.matchAll(/^([ \t]*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ \t]*\2[`~]*[ \t\r]*(?:\n|$)|(?![\s\S]))/gm)) {
    const end = m.index + m[0].length;
    if (m.index < at && at < end) {
      return { start: m.index, end };
    }
  }
  return undefined;
}

/**
 * The end of the body's first paragraph at or after `body` (headings, blank lines, commands,
 * comments and code skipped): after its last character. Without one, `body` (the next line).
 */
function firstParagraphEnd(text: string, body: number, context: InsertionContext): number {
  const latex = context.language === 'latex';
  const skip = latex ? /^\s*(?:\\|%|$)/ : /^\s*(?:#|<!--|:::|```|~~~|\||$)/;
  let lineStart = body;
  let inFence = false;
  while (lineStart < text.length) {
    const lineEnd = text.indexOf('\n', lineStart) === -1 ? text.length : text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd);
    if (!latex && /^\s*(?:```|~~~)/.test(line)) {
      inFence = !inFence;
    } else if (!inFence && !skip.test(line)) {
      return paragraphEnd(text, lineStart, latex);
    }
    lineStart = lineEnd + 1;
  }
  return body;
}

/** After the last non-blank character of the paragraph starting at `from` (up to a blank line; in LaTeX, a command line). */
function paragraphEnd(text: string, from: number, latex = false): number {
  const blank = latex ? /\n[ \t]*(?:\r?\n|$|\\(?:begin|end|section|subsection|chapter|paragraph|item)\b)/g : /\n[ \t]*(?:\r?\n|$)/g;
  blank.lastIndex = from;
  const m = blank.exec(text);
  let end = m ? m.index : text.length;
  while (end > from && /\s/.test(text[end - 1])) {
    end--;
  }
  return end;
}

// ---------------------------------------------------------------------------------------------
// Words, keys and sentences

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}\p{M}_]/u.test(c);
}

/** Inner joiners of a word: `state-of-the-art`, `don't`, `3.5`, `and/or`. */
function isJoiner(c: string | undefined): boolean {
  return c !== undefined && /[-'\u2019./]/.test(c);
}

/** Between two characters of one word (a joiner counts when a word character stands on its other side). */
function insideWord(text: string, at: number): boolean {
  const before = isWordChar(text[at - 1]) || (isJoiner(text[at - 1]) && isWordChar(text[at - 2]));
  const after = isWordChar(text[at]) || (isJoiner(text[at]) && isWordChar(text[at + 1]));
  return before && after && (isWordChar(text[at - 1]) || isWordChar(text[at]));
}

function wordEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length && (isWordChar(text[end]) || (isJoiner(text[end]) && isWordChar(text[end + 1])))) {
    end++;
  }
  return end;
}

/**
 * At a word's end: a word (or a closing bracket) just before and no word character just after, or
 * just after a sentence's closing punctuation (the citation then goes before it: citations.ts).
 */
function atWordEnd(text: string, at: number): boolean {
  if (isWordChar(text[at])) {
    return false;
  }
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const before = text.slice(lineStart, at);
  return isWordChar(text[at - 1]) || /[)\]}*`]$/.test(before) || /[\p{L}\p{N}\])}][.!?]+["'\u2019\u201D)\]]*[ \t]*$/u.test(before);
}

/** After the bare key (`@smith2020` in Pandoc, `@label` in Typst) the cursor is inside, if any. */
function bareKeyAt(text: string, at: number, syntax: CitationSyntax): number | undefined {
  const from = Math.max(0, at - 300);
  const window = text.slice(from, Math.min(text.length, at + 300));
  const local = at - from;
  const ref = findCitationKeys(window, syntax).find(k => k.start - 1 < local && local < k.end);
  return ref && from + ref.end;
}

/** Sentence-ending punctuation, closing quotes or brackets after it, then the next sentence or the paragraph's end. */
const SENTENCE_STOP = /[.!?]+["'\u2019\u201D)\]]*(?=[ \t]*(?:$|\r?\n)|\s+[\p{Lu}\p{N}"'\u201C([\\#@])/gu;

/**
 * The end of the sentence `at` stands in, before its closing punctuation; else the paragraph's
 * end. A cluster that ends the sentence is joined (its insert offset is returned) unless a note
 * link is being placed.
 */
function sentenceEnd(text: string, at: number, context: InsertionContext): number {
  const end = paragraphEnd(text, at, context.language === 'latex');
  const family = context.language && citationLanguageOfDraft(context.language);
  // Code, math and URLs hold dots that end no sentence.
  const start = Math.max(0, text.lastIndexOf('\n\n', at));
  const masked = blankSpans(text.slice(start, end), family);
  SENTENCE_STOP.lastIndex = wordEnd(text, at) - start;
  const stop = SENTENCE_STOP.exec(masked);
  let place = stop ? start + stop.index : end;
  while (place > at && /\s/.test(text[place - 1])) {
    place--;
  }
  const joining = context.kind === 'noteLink' ? undefined : clusterEndingAt(text, place, context.syntax);
  return joining ?? place;
}

/** How far around the cursor spans are looked for: whole paragraphs, so a long draft costs no more than a short one. */
const SPAN_WINDOW = 4000;

/** The protected spans of the paragraphs around `at` (offsets into the whole text). */
function spansAround(text: string, at: number, family: ReturnType<typeof citationLanguageOfDraft> | undefined) {
  const from = at - SPAN_WINDOW <= 0 ? 0 : Math.max(0, text.lastIndexOf('\n\n', at - SPAN_WINDOW));
  const next = text.indexOf('\n\n', at + SPAN_WINDOW);
  const to = next === -1 ? text.length : next;
  return protectedSpans(text.slice(from, to), family).map(span => ({
    ...span,
    start: span.start + from,
    end: span.end + from,
    after: span.after + from,
  }));
}

/** `text` with its protected spans blanked (same length), built in one pass. */
function blankSpans(text: string, family: ReturnType<typeof citationLanguageOfDraft> | undefined): string {
  const spans = protectedSpans(text, family).sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let from = 0;
  for (const span of spans) {
    if (span.end <= from) {
      continue; // nested in one already blanked
    }
    const start = Math.max(from, span.start);
    parts.push(text.slice(from, start), ' '.repeat(span.end - start));
    from = span.end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** The insert offset of a cluster that ends right before `at` (blanks and sentence punctuation between), if any. */
function clusterEndingAt(text: string, at: number, syntax: CitationSyntax): number | undefined {
  let end = at;
  while (end > 0 && /[\s.!?]/.test(text[end - 1])) {
    end--;
  }
  const from = Math.max(0, end - 2000);
  const cluster = findCitationClusters(text.slice(from, end), syntax).find(c => c.end === end - from);
  return cluster && from + cluster.insertOffset;
}
