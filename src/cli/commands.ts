/** The parse and search commands (bib: ./bibCommand.ts). Each returns its exit status. */
import { limitQuery, PaperIndex } from '../core/search';
import { indexableText } from '../core/search/indexedPapers';
import { completedPapers, readMetadataForUse } from './completedPapers';
import { loadDigests, type LoadedDigests } from './digests';
import type { MetadataServices } from './metadataCommand';
import type { CliFileStore } from './nodeFileStore';
import { authorsText, diagnosticsJson, paperJson, plainText, searchJson, table } from './output';
import type { CliRequest } from './usage';

export interface CliContext {
  readonly store: CliFileStore;
  /** Writes to standard output as is. */
  readonly print: (text: string) => void;
  /** Reports one problem as one line on standard error (`digest-notes: ` is added). */
  readonly report: (message: string) => void;
  /** The terminal's width, when standard output is one. */
  readonly width?: number;
  /** The metadata file, when not `.digest-notes/metadata.json` under the current folder (tests). */
  readonly metadataFile?: string;
  /** The network and time for `metadata --online` (tests replace them). */
  readonly services?: MetadataServices;
}

export type Request<C> = Extract<CliRequest, { command: C }>;

/** Loads the digests and reports each failed file; the status is 1 when any failed. */
export async function load(
  context: CliContext,
  paths: readonly string[],
  request: { readonly year?: number; readonly maxSize: number },
): Promise<LoadedDigests & { status: number }> {
  const loaded = await loadDigests(context.store, paths, { defaultYear: request.year, maxBytes: request.maxSize });
  for (const failure of loaded.failures) context.report(`${failure.path}: ${failure.reason}`);
  return { ...loaded, status: loaded.failures.length > 0 ? 1 : 0 };
}

export async function runParse(request: Request<'parse'>, context: CliContext): Promise<number> {
  const loaded = await load(context, request.files, request);
  const { digests } = loaded;
  const metadata = await readMetadataForUse(context);
  const papers = completedPapers(digests, metadata.file);
  const status = Math.max(loaded.status, metadata.status);
  if (request.json) {
    const output = { papers: papers.map(paperJson), diagnostics: diagnosticsJson(digests) };
    context.print(JSON.stringify(output, null, 2) + '\n');
    return status;
  }
  // An authors column only when some paper has authors: a text digest's table stays as it was.
  const withAuthors = papers.some(paper => (paper.metadata?.authors?.length ?? 0) > 0);
  const rows = papers.map(paper => [paper.key, paper.day, ...(withAuthors ? [authorsText(paper)] : []), paper.title]);
  const header = withAuthors ? ['KEY', 'DAY', 'AUTHORS', 'TITLE'] : ['KEY', 'DAY', 'TITLE'];
  const lines = [table(header, rows, context.width)];
  for (const item of diagnosticsJson(digests)) lines.push(plainText(`${item.path}:${item.line}: ${item.severity}: ${item.message}`));
  const files = digests.length === 1 ? '1 file' : `${digests.length} files`;
  const count = papers.length === 1 ? '1 paper' : `${papers.length} papers`;
  lines.push(`${count} from ${files}`);
  context.print(lines.join('\n') + '\n');
  return status;
}

export async function runSearch(request: Request<'search'>, context: CliContext): Promise<number> {
  const loaded = await load(context, request.paths, request);
  // The index would cut the query anyway; cutting it here lets the writer know.
  const { query, cut, originalLength } = limitQuery(request.query);
  if (cut) context.report(`the query is ${originalLength} characters long: only its first ${query.length} were searched`);
  // Completed like parse's, so search gives the keys parse and bib give (the recorded ones).
  const metadata = await readMetadataForUse(context);
  const papers = completedPapers(loaded.digests, metadata.file);
  const status = Math.max(loaded.status, metadata.status);
  // Authors are searched too ("dunefsky transcoders"), as in the editor.
  const hits = PaperIndex.build(papers.map(indexableText)).search(query, { limit: request.limit });
  if (request.json) {
    context.print(JSON.stringify(searchJson(hits), null, 2) + '\n');
  } else if (hits.length === 0) {
    context.print('no papers match\n');
  } else {
    const rows = hits.map(hit => [hit.score.toFixed(2), hit.key, hit.title]);
    context.print(table(['SCORE', 'KEY', 'TITLE'], rows, context.width) + '\n');
  }
  return status;
}
