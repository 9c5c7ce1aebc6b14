/**
 * What the ranker reads of a paper: only what a digest holds (title, abstract, authors,
 * categories, links). Built from a library `Paper` by `rankDocumentOf`; the bench and tests build
 * them directly.
 */
import type { Paper, PaperLink } from '../model';

export interface RankDocument {
  readonly key: string;
  readonly title: string;
  readonly abstract: string;
  /** Names as written, first author first; empty when the source gives none (a text digest). */
  readonly authors: readonly string[];
  /** arXiv categories, primary first; empty when unknown. */
  readonly categories: readonly string[];
  readonly links: readonly PaperLink[];
  /** ISO day (`YYYY-MM-DD`) of the paper's first listing, when known. */
  readonly date: string | null;
  readonly arxiv?: string;
}

export function rankDocumentOf(paper: Paper): RankDocument {
  const metadata = paper.metadata;
  const categories = metadata?.categories ?? (metadata?.primaryClass ? [metadata.primaryClass] : []);
  return {
    key: paper.key,
    title: paper.title,
    abstract: paper.abstract,
    authors: (metadata?.authors ?? []).map(author => author.literal),
    categories,
    links: paper.links,
    date: paper.date,
    ...(metadata?.arxiv ? { arxiv: metadata.arxiv } : {}),
  };
}
