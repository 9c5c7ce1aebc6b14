/** What the command line prints: JSON shapes (1-based lines) and plain tables. */
import { paperDoi } from '../core/bib/csl';
import type { ParsedDigest, Paper } from '../core/model';
import type { SearchHit } from '../core/search';

export function paperJson(paper: Paper) {
  const { authors, year, arxiv, doi } = paperMetadataJson(paper);
  return {
    key: paper.key,
    title: paper.title,
    authors,
    year,
    arxiv,
    abstract: paper.abstract,
    day: paper.day,
    date: paper.date,
    links: paper.links.map(({ url, kind }) => ({ url, kind })),
    doi,
    // An arXiv mailing's or feed's announce type (new, cross, replace, replace-cross); null elsewhere.
    announceType: paper.metadata?.announce ?? null,
    occurrences: paper.occurrences.map(o => ({ path: o.path, line: o.titleLine + 1 })),
  };
}

/**
 * The metadata part of a paper as `parse --json` and `metadata --json` print it. `doi` is the
 * paper's own DOI as the bibliography writes it: the journal's, else arXiv's `10.48550/arXiv.<id>`;
 * a DOI the abstract quotes is one of its `links` (kind `doi`), not this. A name that is not a
 * person's (a collaboration) stays `{literal}`.
 */
export function paperMetadataJson(paper: Paper) {
  const metadata = paper.metadata;
  const published = metadata?.published;
  return {
    authors: (metadata?.authors ?? []).map(a =>
      a.family !== undefined ? { family: a.family, given: a.given ?? '' } : { literal: a.literal },
    ),
    year: published !== undefined ? Number(published.slice(0, 4)) : paper.year,
    arxiv: metadata?.arxiv ?? null,
    doi: paperDoi(paper) ?? null,
  };
}

/** "Dunefsky", "Dunefsky and Nanda", "Dunefsky et al." as a table cell; empty without authors. */
export function authorsText(paper: Paper): string {
  const authors = paper.metadata?.authors ?? [];
  const name = (at: number) => authors[at].family ?? authors[at].literal;
  if (authors.length === 0) return '';
  if (authors.length === 1) return name(0);
  return authors.length === 2 ? `${name(0)} and ${name(1)}` : `${name(0)} et al.`;
}

export function diagnosticsJson(digests: readonly ParsedDigest[]) {
  return digests.flatMap(digest =>
    digest.diagnostics.map(d => ({ path: digest.path, line: d.line + 1, message: d.message, severity: d.severity })),
  );
}

export function searchJson(hits: readonly Pick<SearchHit, 'key' | 'title' | 'score'>[]) {
  return { results: hits.map(hit => ({ key: hit.key, title: hit.title, score: Number(hit.score.toFixed(4)) })) };
}

/**
 * Columns padded to their widest cell; the last column is cut to fit `width` (a terminal's),
 * or left whole when there is no terminal to fit. Cells are `plainText`: a title holding an
 * escape sequence cannot move the cursor or retitle the terminal.
 */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, width?: number): string {
  const all = [header, ...rows].map(row => row.map(plainText));
  const last = header.length - 1;
  // A loop, not Math.max(...cells): spreading 125,000 arguments overflows the call stack.
  const widths = header.map(() => 0);
  for (const row of all) row.forEach((cell, c) => (widths[c] = Math.max(widths[c], cell.length)));
  const lead = widths.slice(0, last).reduce((sum, w) => sum + w + 2, 0);
  const room = width === undefined ? Infinity : Math.max(10, width - lead - 1);
  return all
    .map(row =>
      row
        .map((cell, c) => (c === last ? truncate(cell, room) : cell.padEnd(widths[c])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function truncate(text: string, room: number): string {
  return text.length <= room ? text : text.slice(0, room - 1) + '…';
}

/**
 * Terminal escape sequences (ESC followed by CSI `[...`, OSC `]...` up to BEL or ST, a string
 * command `P`/`X`/`^`/`_` up to ST, or a single character) and the 8-bit CSI (U+009B).
 */
const ESCAPE_SEQUENCE =
  /\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[ -/]*[0-~]?)|\x9b[0-?]*[ -/]*[@-~]?/g;
/** Tab, line feed and carriage return: a space in one-line text. */
const LINE_BREAKING = /[\t\n\r]/g;
/** What is left of C0 (tab and line breaks aside), DEL and C1. */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;

/** The text without control characters or escape sequences, for a table cell or a message line. */
export function plainText(text: string): string {
  // Most text has no control character at all: skip the replacements then.
  if (!/[\x00-\x1f\x7f-\x9f]/.test(text)) return text;
  return text.replace(ESCAPE_SEQUENCE, '').replace(LINE_BREAKING, ' ').replace(CONTROL, '');
}
