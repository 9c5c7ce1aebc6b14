import type { Author, Paper, PaperMetadata } from '../model';

/** Authors named in a byline before "et al.". */
const NAMED_AUTHORS = 3;

/** An author as a byline shows them: the family name when known, else as written. */
function shortName(author: Author): string {
  return author.family ?? author.literal;
}

/**
 * "Dunefsky, Chlenski and Nanda · 2024", "Liu et al. · 2023": who wrote the paper and when, for
 * the tree's tooltip, the hover, the search picker and the preview's cards. Undefined when
 * neither is known (a text digest before any lookup).
 */
export function byline(paper: { readonly year?: number | null; readonly metadata?: PaperMetadata }): string | undefined {
  const authors = paper.metadata?.authors ?? [];
  const year = paper.metadata?.published?.slice(0, 4) ?? (paper.year ? String(paper.year) : undefined);
  let names: string | undefined;
  if (authors.length > NAMED_AUTHORS) {
    names = `${shortName(authors[0])} et al.`;
  } else if (authors.length > 1) {
    names = `${authors.slice(0, -1).map(shortName).join(', ')} and ${shortName(authors[authors.length - 1])}`;
  } else if (authors.length === 1) {
    names = shortName(authors[0]);
  }
  const parts = [names, year].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join(' · ') : undefined;
}

/** Every author as written, for full lists (note front matter, card tooltips). */
export function authorNames(paper: Pick<Paper, 'metadata'>): string[] {
  return (paper.metadata?.authors ?? []).map(author => author.literal);
}
