/**
 * Citation syntax per draft language: how a citation is written, where the citations of a draft
 * stand, how a new key joins the cluster under the cursor, and which bibliographies the draft
 * declares. Pure: offsets are UTF-16 indices into the text (as `TextDocument.offsetAt` gives).
 *
 * Used by the Insert Citation command, and by completion, hover, definition and diagnostics.
 */
import { citationLanguageOf } from './languages';
import { parse as parseYaml } from 'yaml';
import { formatCitationWithLocator, locatorAfterKey, type Locator } from './locators';
import { frontMatterRange, maskLatexComments, maskPandocNonText, maskTypstNonText } from './masking';

/** The families of citation syntax a draft can use. */
export type CitationKind = 'pandoc' | 'latex' | 'typst' | 'template';

/** How citations are written in one draft. */
export type CitationSyntax =
  | { readonly kind: 'pandoc' }
  | { readonly kind: 'latex'; readonly command: string }
  | { readonly kind: 'typst' }
  | { readonly kind: 'template'; readonly template: string };

/** The settings that shape citations (`digestNotes.latexCiteCommand`, `digestNotes.citationTemplate`). */
export interface CitationSettings {
  readonly latexCiteCommand?: string;
  readonly citationTemplate?: string;
}

/** One key as it stands in the text; `start`/`end` cover the key alone (no `@`). */
export interface CitationKeyRef {
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

/** A citation group in the text: `[@a; @b]`, `\citep[p.~3]{a,b}`, or a run `@a @b` in Typst. */
export interface CitationCluster {
  readonly kind: CitationKind;
  /** The whole cluster, from `[` / `\` / `@` to after `]` / `}` / the last key. */
  readonly start: number;
  readonly end: number;
  readonly keys: readonly CitationKeyRef[];
  /** Where a joining key goes (after the last non-blank character before the closing delimiter). */
  readonly insertOffset: number;
  /** Put before each joining key: `; @`, `,` (or `, ` when the cluster uses it), ` @`. */
  readonly separator: string;
}

/** A text insertion; nothing in the draft is ever replaced or deleted by citing. */
export interface CitationInsert {
  readonly offset: number;
  readonly text: string;
  /** Whether the keys joined an existing cluster. */
  readonly joined: boolean;
  /** The keys actually added (those not already in the cluster). */
  readonly added: readonly string[];
}

export const DEFAULT_CITATION_TEMPLATE = '[@${keys}]';

/**
 * The citation syntax of a document (by language id, else by its path's extension: see
 * languages.ts), with the user's settings applied; other languages get the template.
 */
export function citationSyntaxFor(languageId: string, settings: CitationSettings = {}, path = ''): CitationSyntax {
  const language = citationLanguageOf(languageId, path);
  if (language === 'markdown') {
    return { kind: 'pandoc' };
  }
  if (language === 'latex') {
    const command = (settings.latexCiteCommand ?? 'cite').trim().replace(/^\\/, '');
    return { kind: 'latex', command: /^[A-Za-z]+\*?$/.test(command) ? command : 'cite' };
  }
  if (language === 'typst') {
    return { kind: 'typst' };
  }
  const template = settings.citationTemplate?.includes('${keys}') ? settings.citationTemplate : DEFAULT_CITATION_TEMPLATE;
  return { kind: 'template', template };
}

/**
 * A new citation of `keys` (one cluster): `[@a; @b]`, `\cite{a,b}`, `@a @b`, or the template with
 * `${keys}` replaced by the keys joined by `; `. When `${keys}` directly follows `@` in the
 * template (as in the default `[@${keys}]`), every key gets its `@`: `[@a; @b]`.
 */
export function formatCitation(keys: readonly string[], syntax: CitationSyntax, locator?: Locator): string {
  // A locator is for one paper: Insert Citation with Locator cites one at a time.
  if (locator && keys.length === 1) {
    return formatCitationWithLocator(keys[0], locator, syntax);
  }
  switch (syntax.kind) {
    case 'pandoc':
      return `[${keys.map(k => `@${k}`).join('; ')}]`;
    case 'latex':
      return `\\${syntax.command}{${keys.join(',')}}`;
    case 'typst':
      return keys.map(k => `@${k}`).join(' ');
    case 'template': {
      const { prefix, suffix, separator } = templateParts(syntax.template);
      return prefix + keys.join(separator) + suffix;
    }
  }
}

/**
 * Plans citing `keys` at `offset`: inside an existing cluster the keys not yet in it join it;
 * otherwise a new cluster is inserted where its syntax expects it (see `placeNewCitation`).
 * Undefined when every key is already in the cluster under the cursor, or there are no keys.
 */
export function planCitationInsert(
  text: string,
  offset: number,
  keys: readonly string[],
  syntax: CitationSyntax,
  locator?: Locator,
): CitationInsert | undefined {
  const unique = [...new Set(keys)];
  const found = findCitationClusterAt(text, offset, syntax);
  // A LaTeX cluster has one locator for all its keys: a key with its own is cited after it.
  const cluster = locator && found?.kind === 'latex' ? undefined : found;
  if (found && !cluster) {
    if (found.keys.some(k => unique.includes(k.key))) {
      return undefined;
    }
    const placed = placeNewCitation(text, found.end, formatCitation(unique, syntax, locator), syntax);
    return { ...placed, joined: false, added: unique };
  }
  if (cluster) {
    const present = new Set(cluster.keys.map(k => k.key));
    const added = unique.filter(k => !present.has(k));
    if (added.length === 0) {
      return undefined;
    }
    const before = text.slice(cluster.start, cluster.insertOffset);
    const needsFirstSeparator = cluster.keys.length > 0 && !/[,;]\s*$/.test(before);
    const keyPrefix = cluster.separator.replace(/^[,;]\s*|^\s+/, '');
    // The locator follows the last key joined; the cluster's own locators are left as they stand.
    const joinedText =
      added.map((k, i) => (i > 0 || needsFirstSeparator ? cluster.separator : keyPrefix) + k).join('') +
      (locator ? locatorAfterKey(locator, syntax) : '');
    return { offset: cluster.insertOffset, text: joinedText, joined: true, added };
  }
  if (unique.length === 0) {
    return undefined;
  }
  const placed = placeNewCitation(text, offset, formatCitation(unique, syntax, locator), syntax);
  return { ...placed, joined: false, added: unique };
}

/**
 * The cluster the cursor at `offset` stands in: strictly between `[` and `]` for Pandoc, between
 * `\` and the closing `}` for LaTeX, within or right after a run of `@key`s for Typst.
 * `syntaxOrLanguageId` is a syntax, or a language id (read with default settings).
 */
export function findCitationClusterAt(
  text: string,
  offset: number,
  syntaxOrLanguageId: CitationSyntax | string,
  settings: CitationSettings = {},
): CitationCluster | undefined {
  const syntax = typeof syntaxOrLanguageId === 'string' ? citationSyntaxFor(syntaxOrLanguageId, settings) : syntaxOrLanguageId;
  // Clusters are short; a window around the cursor keeps this cheap in long drafts.
  const windowStart = Math.max(0, offset - 2000);
  const windowEnd = Math.min(text.length, offset + 2000);
  const window = text.slice(windowStart, windowEnd);
  const local = offset - windowStart;
  const inside = (c: CitationCluster) => (c.kind === 'typst' ? c.start < local && local <= c.end : c.start < local && local < c.end);
  const found = findClusters(window, syntax).find(inside);
  return found && shiftCluster(found, windowStart);
}

/** Every citation cluster in the text, in order (code, comments and front matter skipped). */
export function findCitationClusters(
  text: string,
  syntaxOrLanguageId: CitationSyntax | string,
  settings: CitationSettings = {},
): CitationCluster[] {
  const syntax = typeof syntaxOrLanguageId === 'string' ? citationSyntaxFor(syntaxOrLanguageId, settings) : syntaxOrLanguageId;
  return findClusters(text, syntax);
}

/**
 * Every cited key in the text, in order: the keys of all clusters plus, in Pandoc drafts, the
 * bare in-text citations (`@key says`). E-mail addresses and code are not citations.
 */
export function findCitationKeys(
  text: string,
  syntaxOrLanguageId: CitationSyntax | string,
  settings: CitationSettings = {},
): CitationKeyRef[] {
  const syntax = typeof syntaxOrLanguageId === 'string' ? citationSyntaxFor(syntaxOrLanguageId, settings) : syntaxOrLanguageId;
  const clusters = findClusters(text, syntax);
  const keys = clusters.flatMap(c => c.keys);
  if (syntax.kind === 'pandoc' || (syntax.kind === 'template' && isPandocTemplate(syntax.template))) {
    const masked = maskPandocNonText(text);
    const taken = new Set(keys.map(k => k.start));
    for (const m of masked.matchAll(BARE_PANDOC_KEY)) {
      const start = m.index + m[0].length - m[1].length;
      if (!taken.has(start)) {
        keys.push({ key: m[1], start, end: start + m[1].length });
      }
    }
    keys.sort((a, b) => a.start - b.start);
  }
  return keys;
}

/** Whether `key` is a well-formed citation key in this syntax (completion and quick fixes check it). */
export function isCitationKey(key: string, syntax: CitationSyntax): boolean {
  switch (syntax.kind) {
    case 'latex':
      return /^[^\s,{}%\\#~]+$/.test(key);
    case 'typst':
      return new RegExp(`^${TYPST_KEY.source}$`, 'u').test(key);
    default:
      return new RegExp(`^${PANDOC_KEY.source}$`, 'u').test(key);
  }
}

/**
 * The bibliography files a draft declares, as written (relative to the draft's folder unless
 * absolute), in order: Pandoc front matter `bibliography:` (one or a list), LaTeX
 * `\bibliography{a,b}` (`.bib` added when there is no extension) and `\addbibresource{x.bib}`,
 * Typst `#bibliography("x.bib")` or `#bibliography(("a.bib", "b.yml"))`. Never throws.
 */
export function parseDeclaredBibliographies(text: string, languageId: string, path = ''): string[] {
  const language = citationLanguageOf(languageId, path);
  let found: string[];
  if (language === 'latex') {
    found = latexBibliographies(text);
  } else if (language === 'typst') {
    found = typstBibliographies(text);
  } else {
    found = frontMatterBibliographies(text);
  }
  return [...new Set(found.map(p => p.trim()).filter(p => p.length > 0))];
}

// ---------------------------------------------------------------------------------------------
// Cluster scanning

/** Pandoc: a key starts with a letter, digit or `_`; inner punctuation only between word characters. */
const PANDOC_KEY = /[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*/u;
/** `@key` or `-@key` not preceded by a word character (which would make it an e-mail address). */
const PANDOC_KEY_IN_CLUSTER = new RegExp(`(?<![\\p{L}\\p{N}_.@])-?@(${PANDOC_KEY.source})`, 'gu');
const BARE_PANDOC_KEY = new RegExp(`(?<![\\p{L}\\p{N}_.@\\\\])@(${PANDOC_KEY.source})`, 'gu');
/** Typst labels: letters, digits, `_`, `-`, `.`, `:`; a trailing `.`/`:` ends the sentence instead. */
const TYPST_KEY = /[\p{L}\p{N}_](?:[\p{L}\p{N}_-]|[.:](?=[\p{L}\p{N}_-]))*/u;
const LATEX_CITE = /\\([A-Za-z]*[cC]ite[A-Za-z]*\*?)((?:\s*\[[^\]\n]*\]){0,2})\s*\{([^{}]*)\}/g;

function findClusters(text: string, syntax: CitationSyntax): CitationCluster[] {
  switch (syntax.kind) {
    case 'pandoc':
      return pandocClusters(maskPandocNonText(text), text);
    case 'latex':
      return latexClusters(maskLatexComments(text));
    case 'typst':
      return typstClusters(maskTypstNonText(text));
    case 'template':
      return isPandocTemplate(syntax.template) ? pandocClusters(maskPandocNonText(text), text) : templateClusters(text, syntax.template);
  }
}

/** `[...]` groups without nested brackets that hold at least one `@key`, and are not link text. */
function pandocClusters(masked: string, text: string): CitationCluster[] {
  const clusters: CitationCluster[] = [];
  for (const m of masked.matchAll(/\[([^[\]]*)\]/g)) {
    const start = m.index;
    const end = start + m[0].length;
    if (text[end] === '(' || (text[end] === '[' && !/@/.test(text.slice(end, end + 2)))) {
      continue; // [text](url) and [text][ref] are links, not citations
    }
    const keys = [...m[1].matchAll(PANDOC_KEY_IN_CLUSTER)].map(k => {
      const keyStart = start + 1 + k.index + k[0].length - k[1].length;
      return { key: k[1], start: keyStart, end: keyStart + k[1].length };
    });
    if (keys.length > 0) {
      clusters.push({ kind: 'pandoc', start, end, keys, insertOffset: insertionPoint(text, start + 1, end - 1), separator: '; @' });
    }
  }
  return clusters;
}

function latexClusters(masked: string): CitationCluster[] {
  const clusters: CitationCluster[] = [];
  for (const m of masked.matchAll(LATEX_CITE)) {
    const end = m.index + m[0].length;
    const braceOpen = end - m[3].length - 2;
    const keys: CitationKeyRef[] = [];
    let cursor = braceOpen + 1;
    for (const part of m[3].split(',')) {
      const lead = part.length - part.trimStart().length;
      const key = part.trim();
      if (key) {
        keys.push({ key, start: cursor + lead, end: cursor + lead + key.length });
      }
      cursor += part.length + 1;
    }
    const separator = /,[ \t]+\S/.test(m[3]) ? ', ' : ',';
    clusters.push({ kind: 'latex', start: m.index, end, keys, insertOffset: insertionPoint(masked, braceOpen + 1, end - 1), separator });
  }
  return clusters;
}

/**
 * A run of `@key`s separated by spaces on one line (`masked`: comments and raw text blanked). An
 * `@` after a letter or a slash is an e-mail address or part of a URL, not a reference.
 */
function typstClusters(masked: string): CitationCluster[] {
  const clusters: CitationCluster[] = [];
  // A key's supplement (`@a[p. 3]`) belongs to it: a joining key goes after it, never between.
  const cited = `@${TYPST_KEY.source}(?:\\[[^\\]\\n]*\\])?`;
  const run = new RegExp(`(?<![\\p{L}\\p{N}_@/])${cited}(?:[ \\t]+${cited})*`, 'gu');
  for (const m of masked.matchAll(run)) {
    const keys = [...m[0].matchAll(new RegExp(`@(${TYPST_KEY.source})`, 'gu'))].map(k => {
      const keyStart = m.index + k.index + 1;
      return { key: k[1], start: keyStart, end: keyStart + k[1].length };
    });
    const end = m.index + m[0].length;
    clusters.push({ kind: 'typst', start: m.index, end, keys, insertOffset: end, separator: ' @' });
  }
  return clusters;
}

/** Clusters of a custom template: its prefix, keys joined by its separator, its suffix, on one line. */
function templateClusters(text: string, template: string): CitationCluster[] {
  const { prefix, suffix, separator, keyPrefix } = templateParts(template);
  // Keys are joined by `;` (see formatCitation), so that is what splits them back.
  if (!prefix.trim() || !suffix.trim()) {
    return []; // without both delimiters a cluster cannot be told from prose
  }
  const clusters: CitationCluster[] = [];
  const pattern = new RegExp(`${escapeRegExp(prefix)}([^\\n]*?)${escapeRegExp(suffix)}`, 'g');
  for (const m of text.matchAll(pattern)) {
    const bodyStart = m.index + prefix.length;
    const keys: CitationKeyRef[] = [];
    let cursor = bodyStart;
    for (const part of m[1].split(';')) {
      const item = /^(\s*)(\S*)/.exec(part)!;
      const skip = keyPrefix && item[2].startsWith(keyPrefix) ? keyPrefix.length : 0;
      const key = item[2].slice(skip);
      if (key) {
        const keyStart = cursor + item[1].length + skip;
        keys.push({ key, start: keyStart, end: keyStart + key.length });
      }
      cursor += part.length + 1;
    }
    const end = m.index + m[0].length;
    clusters.push({
      kind: 'template',
      start: m.index,
      end,
      keys,
      insertOffset: insertionPoint(text, bodyStart, end - suffix.length),
      separator,
    });
  }
  return clusters;
}

function templateParts(template: string): { prefix: string; suffix: string; separator: string; keyPrefix: string } {
  const at = template.indexOf('${keys}');
  const prefix = template.slice(0, at);
  const suffix = template.slice(at + '${keys}'.length);
  const keyPrefix = prefix.endsWith('@') ? '@' : '';
  return { prefix, suffix, separator: `; ${keyPrefix}`, keyPrefix };
}

function isPandocTemplate(template: string): boolean {
  return template.replace(/\s/g, '') === DEFAULT_CITATION_TEMPLATE;
}

/** After the last non-blank character in [from, to): where a joining key is written. */
function insertionPoint(text: string, from: number, to: number): number {
  let at = to;
  while (at > from && /\s/.test(text[at - 1])) {
    at--;
  }
  return at;
}

/** Sentence-ending punctuation a citation goes before, with closing quotes or brackets after it. */
const SENTENCE_END = /(?<=[\p{L}\p{N}\])}])[.!?]+["'\u2019\u201D)\]]*\s*$/u;
/** What may follow a sentence's end on its line: nothing, or the next sentence (a capital). */
const NEXT_SENTENCE = /^\s*(?:$|[\p{Lu}\p{N}"'\u201C([])/u;

/**
 * Where and how a new citation goes at the cursor: before the sentence's closing punctuation
 * (`polysemantic.|` gives `polysemantic [@k].`, never `polysemantic.[@k]`), with the space its
 * syntax expects after a word (`autoencoders [@k]`, LaTeX's tie `autoencoders~\cite{k}`, Typst's
 * `autoencoders @k`), and a space after it when a word follows (glued, pandoc would render
 * `autoencoders(Doe 2020)` and Typst would read `@k` as part of the word).
 */
export function placeNewCitation(text: string, offset: number, citation: string, syntax: CitationSyntax): { offset: number; text: string } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const beforeCursor = text.slice(lineStart, offset);
  const lineEnd = text.indexOf('\n', offset);
  const afterCursor = text.slice(offset, lineEnd === -1 ? text.length : lineEnd);
  // "e.g. |the" continues the sentence: only a sentence that ends here takes the citation inside it.
  const end = NEXT_SENTENCE.test(afterCursor) ? SENTENCE_END.exec(beforeCursor) : null;
  const at = end ? lineStart + end.index : offset;
  const before = at > 0 ? text[at - 1] : '';
  const after = text[at] ?? '';
  // After a LaTeX command's closing brace (`\cite{a}|`) no tie: the braces end a command, not a word.
  const touchesWord =
    (syntax.kind === 'latex' ? /[\p{L}\p{N}_)\]]/u : /[\p{L}\p{N}_)\]}*`>]/u).test(before) || (syntax.kind === 'typst' && before === '@');
  const lead = touchesWord ? (syntax.kind === 'latex' ? '~' : ' ') : '';
  const trail = /[\p{L}\p{N}_@]/u.test(after) ? ' ' : '';
  return { offset: at, text: lead + citation + trail };
}

function shiftCluster(cluster: CitationCluster, by: number): CitationCluster {
  return {
    ...cluster,
    start: cluster.start + by,
    end: cluster.end + by,
    insertOffset: cluster.insertOffset + by,
    keys: cluster.keys.map(k => ({ ...k, start: k.start + by, end: k.end + by })),
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// Declared bibliographies

function frontMatterBibliographies(text: string): string[] {
  const front = frontMatterRange(text);
  if (!front) {
    return [];
  }
  let data: unknown;
  try {
    data = parseYaml(text.slice(front.contentStart, front.contentEnd));
  } catch {
    return []; // broken front matter declares nothing we can trust
  }
  if (!data || typeof data !== 'object') {
    return [];
  }
  const value = (data as Record<string, unknown>).bibliography;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

function latexBibliographies(text: string): string[] {
  const masked = maskLatexComments(text);
  const found: Array<[number, string]> = [];
  for (const m of masked.matchAll(/\\bibliography\s*\{([^{}]*)\}/g)) {
    for (const name of m[1].split(',')) {
      const trimmed = name.trim();
      found.push([m.index, /\.[A-Za-z0-9]+$/.test(trimmed) ? trimmed : `${trimmed}.bib`]);
    }
  }
  for (const m of masked.matchAll(/\\addbibresource\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}/g)) {
    found.push([m.index, m[1]]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, path]) => path);
}

function typstBibliographies(text: string): string[] {
  const found: string[] = [];
  const masked = maskTypstNonText(text);
  for (const m of masked.matchAll(/#bibliography\(\s*(\([^)]*\)|"[^"\n]*")/g)) {
    for (const s of m[1].matchAll(/"([^"\n]*)"/g)) {
      found.push(s[1]);
    }
  }
  return found;
}
