/**
 * The stretches of a draft no insertion may split: inline code, math, URLs and e-mail addresses,
 * links (their text and target), wikilinks, HTML comments, LaTeX commands that take a key or a
 * path, Typst labels. Pure; used by insertionPoint.ts. Offsets are UTF-16 indices into the text.
 */
import type { CitationLanguage } from './languages';

/** What a span is, so a message can say why text went after it. */
export type SpanKind = 'code' | 'math' | 'url' | 'link' | 'comment' | 'command';

/** A stretch the cursor may not split: an insertion strictly inside [start, end) goes to `after`. */
export interface ProtectedSpan {
  readonly kind: SpanKind;
  readonly start: number;
  readonly end: number;
  /** Where text goes instead (the end of the whole construct, e.g. after a command's arguments). */
  readonly after: number;
}

const URL = /\b(?:https?|ftp):\/\/[^\s<>"'`\])}]*[^\s<>"'`\])}.,;:!?]/g;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

const MARKDOWN: ReadonlyArray<[SpanKind, RegExp]> = [
  ['comment', /<!--[\s\S]*?-->/g],
  ['code', /(`+)(?!`)[^\n]*?[^`]\1(?!`)/g],
  ['math', /\$\$[\s\S]+?\$\$/g],
  // Pandoc's inline math: `$` not followed by a blank, closing `$` not after a blank nor before a digit.
  ['math', /(?<![\\$])\$(?![\s$])[^$\n]*?(?<![\s\\])\$(?!\d)/g],
  ['link', /!?\[\[[^[\]\n]+\]\]/g],
  ['link', /!?\[[^[\]\n]*\]\([^()\n]*\)/g],
  ['link', /!?\[[^[\]\n]*\]\[[^[\]\n]*\]/g],
  ['link', /<(?:https?|ftp|mailto):[^\s<>]*>/g],
];

const LATEX: ReadonlyArray<[SpanKind, RegExp]> = [
  ['math', /\$\$[\s\S]+?\$\$|\\\[[\s\S]+?\\\]|\\\([\s\S]+?\\\)/g],
  ['math', /(?<![\\$])\$[^$\n]+?(?<!\\)\$/g],
  [
    'command',
    /\\(?:ref|eqref|cref|Cref|autoref|pageref|label|url|href|input|include|includegraphics|verb)\*?(?:\s*\[[^\]\n]*\])?(?:\s*\{[^{}\n]*\}){1,2}/g,
  ],
];

const TYPST: ReadonlyArray<[SpanKind, RegExp]> = [
  ['code', /```[\s\S]*?```|`[^`\n]*`/g],
  ['math', /(?<!\\)\$[^$]+?(?<!\\)\$/g],
  ['link', /<[\p{L}\p{N}_:.-]+>/gu],
];

/** Every protected span of `text`, in the order found (spans may nest: the caller takes the outermost). */
export function protectedSpans(text: string, language: CitationLanguage | undefined): ProtectedSpan[] {
  const table = language === 'latex' ? LATEX : language === 'typst' ? TYPST : MARKDOWN;
  const spans: ProtectedSpan[] = [];
  for (const [kind, pattern] of table) {
    for (const m of text.matchAll(pattern)) {
      spans.push({ kind, start: m.index, end: m.index + m[0].length, after: m.index + m[0].length });
    }
  }
  for (const pattern of [URL, EMAIL]) {
    for (const m of text.matchAll(pattern)) {
      spans.push({ kind: 'url', start: m.index, end: m.index + m[0].length, after: m.index + m[0].length });
    }
  }
  if (language === 'latex') {
    // A command's name (`\sec|tion{Intro}`): text goes after the command and its arguments.
    for (const m of text.matchAll(/\\[A-Za-z@]+\*?((?:\[[^\]\n]*\])*(?:\{[^{}\n]*\})*)/g)) {
      spans.push({ kind: 'command', start: m.index, end: m.index + m[0].length - m[1].length, after: m.index + m[0].length });
    }
  }
  return spans;
}

/** The outermost span the offset stands strictly inside (between its first and last character), if any. */
export function spanAt(spans: readonly ProtectedSpan[], offset: number): ProtectedSpan | undefined {
  let found: ProtectedSpan | undefined;
  for (const span of spans) {
    if (span.start < offset && offset < span.end && (!found || span.after > found.after)) {
      found = span;
    }
  }
  return found;
}
