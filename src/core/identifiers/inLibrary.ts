/**
 * Identifiers the library already answers: a paper of a digest (or one added earlier) whose arXiv
 * id or journal DOI is the one written, or whose arXiv DOI (`10.48550/arXiv.ID`) is. Such a paper
 * is cited as it is, without a request or a question (issue 21: "an identifier already in the
 * library is cited without a request").
 */
import type { Paper } from '../model';
import type { Identifier } from './identifiers';

const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;

/** The paper the identifier names, if the library holds it. */
export function paperForIdentifier(papers: readonly Paper[], identifier: Identifier): Paper | undefined {
  if (identifier.kind === 'arxiv') return papers.find(paper => paper.metadata?.arxiv === identifier.id);
  const doi = identifier.doi.toLowerCase();
  const arxiv = ARXIV_DOI.exec(doi)?.[1];
  return papers.find(
    paper => paper.metadata?.journalDoi?.toLowerCase() === doi || (arxiv !== undefined && paper.metadata?.arxiv?.toLowerCase() === arxiv),
  );
}

/** Each identifier with the key of its paper when the library holds it, else undefined, in order. */
export function keysInLibrary(papers: readonly Paper[], identifiers: readonly Identifier[]): (string | undefined)[] {
  return identifiers.map(identifier => paperForIdentifier(papers, identifier)?.key);
}
