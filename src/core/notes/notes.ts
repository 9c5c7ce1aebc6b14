/**
 * Literature notes: file names that are safe everywhere, the note's text (YAML front matter and a
 * body, or a user template), and the link a draft gets to it. Pure: no file access, no `vscode`.
 */
import { paperDoi } from '../bib/csl';
import { stringify } from 'yaml';
import type { Paper } from '../model';
import { WINDOWS_DEVICE_NAMES } from '../library/keys';

/** Windows refuses these as a file's stem whatever the extension (`aux.md` too), in any case. */

/** Long enough for any key (at most 40 characters) and short of every file system's limit. */
const MAX_STEM_LENGTH = 100;

/**
 * The note's file name for a citation key, e.g. `smith2024.md`. Whatever the key holds, the name
 * is plain ASCII, has no path separator, no `..`, no leading dot, no trailing dot or space, and is
 * not a name Windows reserves (`aux` gives `aux_.md`); so it stays inside the notes folder and
 * opens on Windows, macOS and Linux. For a valid key (ASCII letters and digits) the stem is the key.
 */
export function noteFileName(key: string): string {
  return `${noteStem(key)}.md`;
}

/** The file name without `.md`: what a `[[wikilink]]` names. */
export function noteStem(key: string): string {
  let stem = key
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents fall away: é -> e
    .replace(/[^A-Za-z0-9._-]+/g, '-') // separators, spaces, control and non-ASCII characters
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    .replace(/^[.\-\s]+|[.\-\s]+$/g, '')
    .slice(0, MAX_STEM_LENGTH)
    .replace(/[.\-\s]+$/g, '');
  if (stem === '') {
    stem = 'note';
  }
  const firstPart = stem.split('.')[0];
  if (WINDOWS_DEVICE_NAMES.test(firstPart)) {
    stem = `${firstPart}_${stem.slice(firstPart.length)}`;
  }
  return stem;
}

/**
 * The key a note stem names: the inverse of `noteStem` for valid keys (letters and digits), so
 * `aux_` is the note of key `aux`.
 */
export function keyFromNoteStem(stem: string): string {
  const reserved = /^(.*)_$/.exec(stem);
  return reserved && WINDOWS_DEVICE_NAMES.test(reserved[1]) ? reserved[1] : stem;
}

export interface NoteOptions {
  /** The digest the paper comes from, relative to the workspace folder (`digests/mar14.digest.txt`). */
  readonly digestPath: string;
  /** Tags besides `paper`. */
  readonly tags: readonly string[];
  /** When the note is made, ISO date (`2024-03-14`). */
  readonly created: string;
  /**
   * A user template whose text replaces the body; placeholders `{{title}}`, `{{key}}`, `{{abstract}}`,
   * `{{day}}`, `{{links}}`, `{{digest}}`.
   */
  readonly template?: string;
}

export interface RenderedNote {
  readonly text: string;
  /** Placeholders in the template this version does not know, each once, as written (`{{author}}`). */
  readonly unknownPlaceholders: string[];
}

/** The whole note: YAML front matter, then the default body or the filled-in template. */
export function renderNote(paper: Paper, options: NoteOptions): RenderedNote {
  const frontMatter = `---\n${stringify(noteFrontMatter(paper, options), { lineWidth: 0 })}---\n\n`;
  if (options.template === undefined) {
    return { text: frontMatter + defaultBody(paper), unknownPlaceholders: [] };
  }
  const filled = fillTemplate(options.template, placeholderValues(paper, options));
  return { text: frontMatter + filled.text, unknownPlaceholders: filled.unknown };
}

/** The front matter as data; `yaml` writes it, so any title (quotes, colons, `#`, accents) round-trips. */
export function noteFrontMatter(paper: Paper, options: NoteOptions): Record<string, unknown> {
  const data: Record<string, unknown> = {
    title: paper.title,
    key: paper.key,
  };
  const metadata = paper.metadata;
  if (metadata?.authors?.length) {
    data.authors = metadata.authors.map(author => author.literal);
  }
  const year = metadata?.published ? Number(metadata.published.slice(0, 4)) : paper.year;
  if (year) {
    data.year = year;
  }
  if (metadata?.arxiv) {
    data.arxiv = metadata.arxiv;
  }
  const doi = paperDoi(paper);
  if (doi) {
    data.doi = doi;
  }
  data.digest = options.digestPath;
  data.day = paper.day;
  if (paper.date) {
    data.date = paper.date;
  }
  data.links = paper.links.map(link => link.url);
  data.tags = [...new Set(['paper', ...options.tags.map(t => t.trim()).filter(t => t !== '')])];
  data.created = options.created;
  return data;
}

function defaultBody(paper: Paper): string {
  const abstract = paper.abstract.trim() === '' ? '' : `${quote(paper.abstract)}\n\n`;
  const sections = ['Summary', 'Key ideas', 'Questions', 'Related'].map(s => `## ${s}\n\n`).join('');
  return `# ${singleLine(paper.title)}\n\n${abstract}${sections}`;
}

function quote(text: string): string {
  return text
    .trim()
    .split(/\r?\n/)
    .map(line => (line.trim() === '' ? '>' : `> ${line}`))
    .join('\n');
}

function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function placeholderValues(paper: Paper, options: NoteOptions): Record<string, string> {
  return {
    title: singleLine(paper.title),
    key: paper.key,
    abstract: paper.abstract,
    day: paper.day,
    links: paper.links.map(link => `- <${link.url}>`).join('\n'),
    digest: options.digestPath,
  };
}

/** Replaces `{{name}}` (spaces inside the braces allowed); unknown names stay as written. */
export function fillTemplate(template: string, values: Record<string, string>): { text: string; unknown: string[] } {
  const unknown = new Set<string>();
  const text = template.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (whole, name: string) => {
    if (Object.prototype.hasOwnProperty.call(values, name)) {
      return values[name];
    }
    unknown.add(whole);
    return whole;
  });
  return { text, unknown: [...unknown] };
}

export type NoteLinkStyle = 'comment' | 'wikilink' | 'markdown';

/** The setting `digestNotes.noteLinkStyle`: a style, or `auto` (a comment where pandoc renders the draft, else a wikilink). */
export type NoteLinkSetting = NoteLinkStyle | 'auto';

/**
 * The style a draft's note links take. `auto`: a draft pandoc renders (Quarto, R Markdown, or
 * Markdown with YAML front matter) gets a comment, which prints nothing in the paper; a plain
 * Markdown file (a Foam or Obsidian note) gets a wikilink.
 */
export function noteLinkStyleFor(
  setting: string | undefined,
  language: 'markdown' | 'quarto' | 'rmarkdown',
  hasFrontMatter: boolean,
): NoteLinkStyle {
  if (setting === 'comment' || setting === 'wikilink' || setting === 'markdown') {
    return setting;
  }
  return language !== 'markdown' || hasFrontMatter ? 'comment' : 'wikilink';
}

/**
 * The link a draft gets to a note: `[[stem]]` (Foam and Obsidian resolve it by file name, so it is
 * the key for every valid key), `[Title](../notes/key.md)` with the path relative to the draft, or
 * `<!-- note: [[stem]] ../notes/key.md -->`, an HTML comment pandoc leaves out of the paper (the
 * editor still follows it, and Cited In counts its wikilink).
 */
export function noteLink(style: NoteLinkStyle, key: string, title: string, notePathRelativeToDraft: string): string {
  if (style === 'wikilink') {
    return `[[${noteStem(key)}]]`;
  }
  if (style === 'comment') {
    return `<!-- note: [[${noteStem(key)}]] ${notePathRelativeToDraft.replace(/--/g, '%2D%2D').replace(/ /g, '%20')} -->`;
  }
  const text = singleLine(title).replace(/([\\[\]])/g, '\\$1');
  const target = notePathRelativeToDraft.split('/').map(encodeURIComponent).join('/');
  return `[${text}](${target})`;
}

/**
 * The path from a folder to a file, both `/`-separated and relative to the same root
 * (`drafts/ch1`, `notes/k.md` -> `../../notes/k.md`). '' or '.' is the root.
 */
export function relativePath(fromFolder: string, toFile: string): string {
  const from = splitPath(fromFolder);
  const to = splitPath(toFile);
  let shared = 0;
  while (shared < from.length && shared < to.length - 1 && from[shared] === to[shared]) {
    shared++;
  }
  return [...from.slice(shared).map(() => '..'), ...to.slice(shared)].join('/');
}

/** Resolves `.` and `..`; `..` above the root is dropped (a path never climbs out of it). */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '..') {
      parts.pop();
    } else if (part !== '' && part !== '.') {
      parts.push(part);
    }
  }
  return parts;
}
