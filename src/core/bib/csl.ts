/**
 * CSL items (the data model of CSL-JSON and CSL-YAML, read by Pandoc's citeproc, Zotero and
 * Typst's hayagriva) built from papers.
 */
import type { Author, Paper } from '../model';

/** A CSL name: family/given, or a literal for a name that could not be split (an organisation). */
export interface CslName {
  family?: string;
  given?: string;
  suffix?: string;
  literal?: string;
}

/** The subset of a CSL item that Digest Notes writes. */
export interface CslItem {
  id: string;
  type: 'article' | 'article-journal';
  title: string;
  author?: CslName[];
  issued?: { 'date-parts': number[][] };
  'container-title'?: string;
  publisher?: string;
  number?: string;
  DOI?: string;
  URL?: string;
  abstract?: string;
  /** Where the paper was found and its code and project links: `annote` is printed by no standard style. */
  annote?: string;
}

/**
 * The CSL item of a paper.
 *
 * With an arXiv id (a lookup or a rich source gave it), as arXiv's own export describes a
 * preprint: type `article`, `publisher: arXiv`, `number: arXiv:<id>`, DOI `10.48550/arXiv.<id>`,
 * `URL` the abstract page. Once published (a venue and a journal DOI are known) it is an
 * `article-journal` in its `container-title` with the journal's DOI. Authors are family/given,
 * `issued` the publication date.
 *
 * Without an identifier (no arXiv id, no landing page) there is no `URL`: a code, project or
 * other link from the abstract is not the paper's address, and styles print `URL`. `issued` is
 * the digest's date.
 *
 * Where the paper was found (digest file and day) and its code and project links go in `annote`,
 * which the standard styles do not print (pandoc prints `note`, so that is not used).
 */
export function toCslItem(paper: Paper): CslItem {
  const metadata = paper.metadata;
  const published = metadata?.venue !== undefined && metadata.journalDoi !== undefined;
  const item: CslItem = { id: paper.key, type: published ? 'article-journal' : 'article', title: paper.title };
  const authors = metadata?.authors ?? [];
  if (authors.length > 0) item.author = authors.map(cslName);
  const parts = dateParts(paper);
  if (parts !== undefined) item.issued = { 'date-parts': [parts] };
  if (published) item['container-title'] = metadata!.venue;
  const arxiv = metadata?.arxiv;
  if (arxiv !== undefined && !published) {
    item.publisher = 'arXiv';
    item.number = `arXiv:${arxiv}`;
  }
  const doi = paperDoi(paper);
  if (doi !== undefined) item.DOI = doi;
  const url = entryUrl(paper);
  if (url !== undefined) item.URL = url;
  if (paper.abstract !== '') item.abstract = paper.abstract;
  const annote = provenance(paper);
  if (annote !== '') item.annote = annote;
  return item;
}

/**
 * The item as CSL-YAML holds it. Pandoc reads CSL-YAML strings as Markdown, so the text fields
 * (title, abstract, annote, names, container) get the Markdown specials backslash-escaped (`\_x\_`, `\@key`, `\$`);
 * Pandoc's Markdown accepts an escape before any ASCII punctuation. URL and DOI stay as they are.
 */
export function toCslYamlItem(paper: Paper): CslItem {
  const item = toCslItem(paper);
  item.title = escapeMarkdown(item.title);
  if (item.abstract !== undefined) item.abstract = escapeMarkdown(item.abstract);
  if (item.annote !== undefined) item.annote = escapeMarkdown(item.annote);
  if (item['container-title'] !== undefined) item['container-title'] = escapeMarkdown(item['container-title']);
  item.author = item.author?.map(name => Object.fromEntries(Object.entries(name).map(([part, text]) => [part, escapeMarkdown(text)])));
  if (item.author === undefined) delete item.author;
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

/**
 * `[year, month, day]` of the publication date when metadata gives it, else of the digest's ISO
 * date; `[year]` when only the year is known.
 */
export function dateParts(paper: Paper): number[] | undefined {
  const published = paper.metadata?.published;
  const ymd = published !== undefined ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(published) : null;
  if (ymd !== null)
    return ymd
      .slice(1)
      .filter(part => part !== undefined)
      .map(Number);
  const iso = paper.date !== null ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(paper.date) : null;
  if (iso !== null) return [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  return paper.year !== null ? [paper.year] : undefined;
}

/**
 * The paper's own DOI: the journal's once published (from a source or a lookup matched by title),
 * else arXiv's (`10.48550/arXiv.<id>`). A DOI quoted in the abstract (`paper.doi`) is not the
 * paper's: "the dataset is at doi.org/10.21227/..." names someone else's work.
 */
export function paperDoi(paper: Paper): string | undefined {
  const metadata = paper.metadata;
  if (metadata?.journalDoi !== undefined) return metadata.journalDoi;
  if (metadata?.arxiv !== undefined) return `10.48550/arXiv.${metadata.arxiv}`;
  return undefined;
}

/**
 * The entry's URL: the paper's landing page when an identifier gives it (a source's or a lookup's
 * `url`, else arXiv's abstract page); otherwise none. A code, project or other link of the
 * abstract is never the entry's URL: styles print `URL` as the reference's address.
 */
export function entryUrl(paper: Paper): string | undefined {
  const metadata = paper.metadata;
  if (metadata?.url !== undefined) return metadata.url;
  if (metadata?.arxiv !== undefined) return `https://arxiv.org/abs/${metadata.arxiv}`;
  return undefined;
}

/**
 * Where the paper came from and its own links, for a field styles do not print: the digest and
 * day, then its code and project links (`Digest x.digest.txt, Mar 14; code
 * https://github.com/o/r; project https://o.github.io/r`).
 */
export function provenance(paper: Paper): string {
  const parts = [digestNote(paper)];
  const url = entryUrl(paper);
  for (const kind of ['code', 'project'] as const) {
    for (const link of paper.links) if (link.kind === kind && link.url !== url) parts.push(`${kind} ${link.url}`);
  }
  return parts.filter(part => part !== '').join('; ');
}

/** A CSL name of an author; a name the parser could not split stays a literal. */
export function cslName(author: Author): CslName {
  if (author.family === undefined) return { literal: author.literal };
  const name: CslName = { family: author.family };
  if (author.given !== undefined) name.given = author.given;
  if (author.suffix !== undefined) name.suffix = author.suffix;
  return name;
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
