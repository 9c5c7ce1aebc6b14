/**
 * CSL items (the data model of CSL-JSON and CSL-YAML, read by Pandoc's citeproc, Zotero and
 * Typst's hayagriva) built from papers.
 */
import type { Paper, PaperLink } from '../model';

/** The subset of a CSL item that Digest Notes writes. */
export interface CslItem {
  id: string;
  type: 'article';
  title: string;
  abstract?: string;
  URL?: string;
  DOI?: string;
  issued?: { 'date-parts': number[][] };
  note?: string;
}

/**
 * The CSL item of a paper. `URL` is the paper's first project link, else its first code link,
 * else its first other link; DOI links only give `DOI` (styles print the DOI themselves, so a
 * doi.org URL would show twice). `issued` is the full date when known, the year alone when only
 * the year is. `note` names the digest file and day of the first occurrence.
 */
export function toCslItem(paper: Paper): CslItem {
  const item: CslItem = { id: paper.key, type: 'article', title: paper.title };
  if (paper.abstract !== '') item.abstract = paper.abstract;
  const url = preferredUrl(paper.links);
  if (url !== undefined) item.URL = url;
  if (paper.doi !== null) item.DOI = paper.doi;
  const parts = dateParts(paper);
  if (parts !== undefined) item.issued = { 'date-parts': [parts] };
  const note = digestNote(paper);
  if (note !== '') item.note = note;
  return item;
}

/**
 * The item as CSL-YAML holds it. Pandoc reads CSL-YAML strings as Markdown, so the text fields
 * (title, abstract, note) get the Markdown specials backslash-escaped (`\_x\_`, `\@key`, `\$`);
 * Pandoc's Markdown accepts an escape before any ASCII punctuation. URL and DOI stay as they are.
 */
export function toCslYamlItem(paper: Paper): CslItem {
  const item = toCslItem(paper);
  item.title = escapeMarkdown(item.title);
  if (item.abstract !== undefined) item.abstract = escapeMarkdown(item.abstract);
  if (item.note !== undefined) item.note = escapeMarkdown(item.note);
  return item;
}

/** Escapes the characters Pandoc's Markdown could read as markup in running text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>$@~^&#|]/g, '\\$&');
}

/** Undoes Markdown backslash escapes (before ASCII punctuation), for titles read from CSL-YAML. */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

const URL_PREFERENCE: readonly PaperLink['kind'][] = ['project', 'code', 'other'];

/** The link a bibliography entry's `url` gets (see `toCslItem`). */
export function preferredUrl(links: readonly PaperLink[]): string | undefined {
  for (const kind of URL_PREFERENCE) {
    const link = links.find((l) => l.kind === kind);
    if (link !== undefined) return link.url;
  }
  return undefined;
}

/** `[year, month, day]` from the ISO date, `[year]` when only the year is known. */
export function dateParts(paper: Paper): number[] | undefined {
  const iso = paper.date !== null ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(paper.date) : null;
  if (iso !== null) return [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  return paper.year !== null ? [paper.year] : undefined;
}

/** `Digest hf-daily-papers-mar14.digest.txt, Mar 14`: where the paper was found. */
export function digestNote(paper: Paper): string {
  const first = paper.occurrences[0];
  if (first === undefined) return '';
  const file = baseName(first.path);
  return first.day !== '' ? `Digest ${file}, ${first.day}` : `Digest ${file}`;
}

/** The last segment of a path or URI string (either slash). */
function baseName(path: string): string {
  const segments = path.split(/[\\/]/);
  return decodeURIComponentSafe(segments[segments.length - 1] || path);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return /%[0-9A-Fa-f]{2}/.test(s) ? decodeURIComponent(s) : s;
  } catch {
    return s;
  }
}
