/**
 * BibTeX entries written for papers. A paper with an arXiv id is written as arXiv's own export
 * writes it: `@misc` with author (`Family, Given and ...`), title, year, eprint, archivePrefix,
 * primaryClass, doi (`10.48550/arXiv.<id>`) and url (the abstract page); once published (venue
 * and journal DOI known) it is an `@article` with `journal` and the journal's DOI. A paper
 * without metadata keeps `@misc` with title, abstract and the digest's date, in the order it
 * always had, and no url: a code or project link is not the paper's address (styles print `url`).
 * Where the paper was found, with its code and project links, goes in `annotation`: biblatex's
 * field for annotated bibliographies, read by pandoc as CSL `annote`, printed by no standard style
 * (pandoc prints `note`, `addendum` and `howpublished`, so none of those is used).
 *
 * Text fields are LaTeX-escaped (`latex.ts`); url and doi are verbatim fields in biblatex, so
 * they are only made brace-safe.
 */
import type { Author, Paper } from '../model';
import { dateParts, entryUrl, paperDoi, provenance } from './csl';
import { escapeLatex, latexTitle } from './latex';

/** Field order of arXiv's own export, then ours. */
const ARXIV_ORDER = [
  ...['title', 'author', 'journal', 'year', 'month', 'eprint', 'archivePrefix', 'primaryClass', 'doi', 'url'],
  ...['abstract', 'annotation'],
];
/** Field order of a paper known only from its digest, as before metadata existed. */
const DIGEST_ORDER = ['title', 'abstract', 'url', 'doi', 'year', 'month', 'annotation'];

const MONTH_MACROS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** One `@misc{key, ...}` (or `@article`) entry, fields indented by two spaces, ending with `}` (no newline). */
export function formatBibtexEntry(paper: Paper): string {
  const metadata = paper.metadata;
  const published = metadata?.venue !== undefined && metadata.journalDoi !== undefined;
  const fields = new Map<string, string>([['title', `{${latexTitle(paper.title)}}`]]);
  const authors = metadata?.authors ?? [];
  if (authors.length > 0) fields.set('author', `{${authors.map(bibtexName).join(' and ')}}`);
  if (published) fields.set('journal', `{${escapeLatex(metadata!.venue!)}}`);
  const parts = dateParts(paper);
  if (parts !== undefined) fields.set('year', `{${parts[0]}}`);
  // The month macros (`mar`) are understood by BibTeX styles, biblatex and Pandoc alike.
  if (parts !== undefined && parts.length > 1) fields.set('month', MONTH_MACROS[parts[1] - 1]);
  if (metadata?.arxiv !== undefined) {
    fields.set('eprint', `{${verbatimSafe(metadata.arxiv)}}`).set('archivePrefix', '{arXiv}');
    if (metadata.primaryClass !== undefined) fields.set('primaryClass', `{${verbatimSafe(metadata.primaryClass)}}`);
  }
  const doi = paperDoi(paper);
  if (doi !== undefined) fields.set('doi', `{${verbatimSafe(doi)}}`);
  const url = entryUrl(paper);
  if (url !== undefined) fields.set('url', `{${verbatimSafe(url)}}`);
  if (paper.abstract !== '') fields.set('abstract', `{${escapeLatex(paper.abstract)}}`);
  const annotation = provenance(paper);
  if (annotation !== '') fields.set('annotation', `{${escapeLatex(annotation)}}`);
  const order = authors.length > 0 || metadata?.arxiv !== undefined ? ARXIV_ORDER : DIGEST_ORDER;
  const body = order.flatMap(name => (fields.has(name) ? [`  ${name} = ${fields.get(name)}`] : [])).join(',\n');
  return `@${published ? 'article' : 'misc'}{${paper.key},\n${body}\n}`;
}

/**
 * `Family, Given` (`Family, Suffix, Given` with a suffix), as BibTeX's name parser reads it; a
 * name that could not be split is braced whole so BibTeX does not split it either.
 */
function bibtexName(author: Author): string {
  if (author.family === undefined) return `{${escapeLatex(author.literal)}}`;
  const family = escapeLatex(author.family);
  // A family name with a comma would be read as two parts: brace it.
  const safeFamily = family.includes(',') ? `{${family}}` : family;
  const parts = [safeFamily];
  if (author.suffix !== undefined) parts.push(escapeLatex(author.suffix));
  if (author.given !== undefined) parts.push(escapeLatex(author.given));
  return parts.join(', ');
}

/** Entries separated by a blank line, with a final newline. */
export function formatBibtex(papers: readonly Paper[]): string {
  return papers.length === 0 ? '' : papers.map(formatBibtexEntry).join('\n\n') + '\n';
}

/**
 * URLs and DOIs stay verbatim (a `%` in them is fine in biblatex's verbatim fields); only braces,
 * backslashes and whitespace, which would unbalance or cut the field, are %-encoded.
 */
function verbatimSafe(value: string): string {
  return value.replace(/[{}\\\s]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}
