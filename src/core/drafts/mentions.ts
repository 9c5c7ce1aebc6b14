/**
 * Where a text cites papers or links their notes: the scanner behind the "Cited In" view.
 * Pure: the VS Code layer feeds it a file's text and keeps a per-file index of the results.
 *
 * Citations are found by citations.ts (shared with completion and diagnostics). Recognised:
 * - Markdown, Quarto, R Markdown (Pandoc): `[@k]`, `[see @a, p. 3; -@b]`, in-text `@k`;
 *   note links `[[k]]`, `[[notes/k|alias]]` and `[text](../notes/k.md)`. Code blocks and code
 *   spans are skipped; an e-mail address is not a citation.
 * - LaTeX: `\cite{a,b}` and the family (`\citep`, `\parencite[p.~3]{k}`, `\textcite`,
 *   `\autocite*`, `\nocite`...); comments skipped except `% note: notes/k.md`.
 * - Typst: `@k`, `#cite(<k>)`, `#cite(label("k"))`; comments and raw blocks skipped.
 */
import { findCitationKeys } from './citations';
import { LineIndex } from '../util/lineIndex';
import { maskMarkdownCode, maskTypstNonText } from './masking';
import { keyFromNoteStem, splitPath } from '../notes/notes';

export type { CitationLanguage } from './languages';
import type { CitationLanguage } from './languages';

export interface Mention {
  /** The citation key, or for a note link the key whose note it names. */
  readonly key: string;
  /** 0-based. */
  readonly line: number;
  /** 0-based, in UTF-16 code units like VS Code's `Position.character`. */
  readonly column: number;
  readonly kind: 'citation' | 'note';
}

export interface ScanOptions {
  /** The scanned file, relative to the workspace folder, to resolve relative note links. */
  readonly filePath?: string;
  /** The notes folder, relative to the workspace folder (default `notes`). */
  readonly notesFolder?: string;
}

/** Which scanner reads a file, by VS Code language id or file name (see languages.ts). */
export { citationLanguageOf } from './languages';

/** Every citation and note link in `text`, in text order. Never throws. */
export function findMentions(text: string, language: CitationLanguage, options: ScanOptions = {}): Mention[] {
  const lines = new LineIndex(text);
  const found: Array<{ key: string; offset: number; kind: Mention['kind'] }> = [];
  const add = (key: string, offset: number, kind: Mention['kind']) => {
    if (key !== '') {
      found.push({ key, offset, kind });
    }
  };
  scanCitations(text, language, add);
  if (language === 'markdown') {
    scanMarkdownNoteLinks(text, options, add);
  } else if (language === 'latex') {
    scanLatexNoteComments(text, options, add);
  }
  found.sort((a, b) => a.offset - b.offset);
  return found.map(({ key, offset, kind }) => ({ key, kind, ...lines.position(offset) }));
}

/** Groups mentions by key: key -> its mentions in text order. */
export function mentionsByKey(mentions: readonly Mention[]): Map<string, Mention[]> {
  const byKey = new Map<string, Mention[]>();
  for (const mention of mentions) {
    const list = byKey.get(mention.key) ?? [];
    list.push(mention);
    byKey.set(mention.key, list);
  }
  return byKey;
}

type Add = (key: string, offset: number, kind: Mention['kind']) => void;

/**
 * Citations come from `findCitationKeys` (citations.ts), the one definition of a citation that
 * completion, hover and diagnostics share; this module adds the note links and Typst's `#cite(<k>)`.
 */
function scanCitations(text: string, language: CitationLanguage, add: Add): void {
  for (const ref of findCitationKeys(text, language)) {
    add(ref.key, ref.start, 'citation');
  }
  if (language === 'typst') {
    for (const match of maskTypstNonText(text).matchAll(/#cite\(\s*(?:<([^<>\s]+)>|label\(\s*"([^"\n]+)"\s*\))/g)) {
      const key = match[1] ?? match[2];
      add(key, match.index + match[0].lastIndexOf(key), 'citation');
    }
  }
}

function scanMarkdownNoteLinks(text: string, options: ScanOptions, add: Add): void {
  const masked = maskMarkdownCode(text);
  for (const match of masked.matchAll(/\[\[([^[\]\n|#]+)(?:[#|][^[\]\n]*)?\]\]/g)) {
    const target = splitPath(match[1].trim().replace(/\.md$/i, ''));
    add(target.length ? keyFromNoteStem(target[target.length - 1]) : '', match.index + 2, 'note');
  }
  for (const match of masked.matchAll(/\]\(\s*<?([^()\s<>#]+\.md)(?:#[^()\s<>]*)?>?(?:\s+"[^"]*")?\s*\)/gi)) {
    add(noteKeyOfPath(match[1], options), match.index + 2, 'note');
  }
}

/** `% note: notes/k.md`, the comment Create Literature Note can leave in a LaTeX draft. */
function scanLatexNoteComments(text: string, options: ScanOptions, add: Add): void {
  for (const match of text.matchAll(/(?<!\\)%\s*note:\s*(\S+\.md)\s*$/gim)) {
    add(noteKeyOfPath(match[1], options), match.index + match[0].indexOf(match[1]), 'note');
  }
}

/** The key of the note a relative link points at, '' when it points elsewhere. */
function noteKeyOfPath(linkPath: string, options: ScanOptions): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(linkPath)) {
    return ''; // https:, file: ... not a workspace note
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(linkPath);
  } catch {
    return '';
  }
  const fileFolder = splitPath(options.filePath ?? '').slice(0, -1);
  const resolved = decoded.startsWith('/') ? splitPath(decoded) : splitPath([...fileFolder, decoded].join('/'));
  const notes = splitPath(options.notesFolder ?? 'notes');
  const inNotes = resolved.length === notes.length + 1 && notes.every((part, i) => part === resolved[i]);
  return inNotes ? keyFromNoteStem(resolved[resolved.length - 1].replace(/\.md$/i, '')) : '';
}
