/**
 * What a reference will print when its paper lacks authors or a year, so the writer is told at the
 * moment of citing, not in the rendered PDF. Pandoc's default style (Chicago author-date) prints a
 * reference without authors under its title in quotes, and one without a year with "n.d.":
 * `("Interpreting Attention Layer Outputs with Sparse Autoencoders," n.d.)`, `(Dunefsky, n.d.)`.
 */
import type { Author, Paper } from '../model';
import { dateParts } from './csl';

export interface ReferenceGaps {
  readonly authors: boolean;
  readonly year: boolean;
}

/** Which of authors and year the paper's entry will lack, or undefined when it has both. */
export function referenceGaps(paper: Paper): ReferenceGaps | undefined {
  const authors = (paper.metadata?.authors?.length ?? 0) === 0;
  const year = dateParts(paper) === undefined;
  return authors || year ? { authors, year } : undefined;
}

/** The in-text citation pandoc's default style prints for the paper (author-date, Chicago). */
export function defaultStyleCitation(paper: Paper): string {
  const parts = dateParts(paper);
  const year = parts === undefined ? undefined : String(parts[0]);
  const authors = paper.metadata?.authors ?? [];
  if (authors.length === 0) {
    // The title stands for the author, in quotes; the comma goes inside them before "n.d.".
    return year === undefined ? `(\u201c${paper.title},\u201d n.d.)` : `(\u201c${paper.title}\u201d ${year})`;
  }
  const names = authorsText(authors);
  return year === undefined ? `(${names}, n.d.)` : `(${names} ${year})`;
}

/** What is missing, in words: "no authors and no year", "no year", "no authors". */
export function gapsText(gaps: ReferenceGaps): string {
  return [gaps.authors ? 'no authors' : '', gaps.year ? 'no year' : ''].filter(Boolean).join(' and ');
}

function authorsText(authors: readonly Author[]): string {
  const name = (author: Author) => author.family ?? author.literal;
  if (authors.length === 1) return name(authors[0]);
  if (authors.length === 2) return `${name(authors[0])} and ${name(authors[1])}`;
  if (authors.length === 3) return `${name(authors[0])}, ${name(authors[1])}, and ${name(authors[2])}`;
  return `${name(authors[0])} et al.`;
}
