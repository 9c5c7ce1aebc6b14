/**
 * BibTeX entries written for papers. `@misc` because a digest paper is usually a preprint with
 * no venue; biblatex and Pandoc read it the same way. Fields, in this order: title, abstract,
 * url, doi, year, month, note. Text fields are LaTeX-escaped (`latex.ts`); url and doi are
 * verbatim fields in biblatex, so they are only made brace-safe.
 */
import type { Paper } from '../model';
import { dateParts, digestNote, preferredUrl } from './csl';
import { escapeLatex, latexTitle } from './latex';

const MONTH_MACROS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** One `@misc{key, ...}` entry, fields indented by two spaces, ending with `}` (no newline). */
export function formatBibtexEntry(paper: Paper): string {
  const fields: [string, string][] = [['title', `{${latexTitle(paper.title)}}`]];
  if (paper.abstract !== '') fields.push(['abstract', `{${escapeLatex(paper.abstract)}}`]);
  const url = preferredUrl(paper.links);
  if (url !== undefined) fields.push(['url', `{${verbatimSafe(url)}}`]);
  if (paper.doi !== null) fields.push(['doi', `{${verbatimSafe(paper.doi)}}`]);
  const parts = dateParts(paper);
  if (parts !== undefined) fields.push(['year', `{${parts[0]}}`]);
  // The month macros (`mar`) are understood by BibTeX styles, biblatex and Pandoc alike.
  if (parts !== undefined && parts.length > 1) fields.push(['month', MONTH_MACROS[parts[1] - 1]]);
  const note = digestNote(paper);
  if (note !== '') fields.push(['note', `{${escapeLatex(note)}}`]);
  const body = fields.map(([name, value]) => `  ${name} = ${value}`).join(',\n');
  return `@misc{${paper.key},\n${body}\n}`;
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
  return value.replace(/[{}\\\s]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}
