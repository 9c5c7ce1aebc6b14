/** `digest-notes search QUERY --in PATH... [--limit N] [--json]`: papers matching QUERY, best first. */
import { limitQuery, PaperIndex } from '../core/search';
import { indexableText } from '../core/search/indexedPapers';
import {
  COMMON_OPTIONS,
  readCommandArguments,
  readPositiveInteger,
  UsageError,
  type CommonOptions,
  type HelpRequest,
  type ReadArguments,
} from './arguments';
import { completedPapers } from './completedPapers';
import { load, readMetadataForUse, type CliContext } from './context';
import { searchJson, table } from './output';

export type SearchRequest = {
  readonly command: 'search';
  readonly query: string;
  readonly paths: string[];
  readonly limit: number;
  readonly json: boolean;
} & CommonOptions;

const OPTIONS = {
  ...COMMON_OPTIONS,
  json: { type: 'boolean' },
  in: { type: 'string', multiple: true },
  limit: { type: 'string' },
} as const;

export function readSearchArguments(args: readonly string[]): SearchRequest | HelpRequest<'search'> {
  const read = readCommandArguments('search', args, OPTIONS, { limit: (value, command) => readPositiveInteger(value, '--limit', command) });
  if ('command' in read) return read;
  return readSearch(read);
}

/**
 * `--in a b c` and `--in a --in b` both name paths: a positional right after an `--in` value
 * (before any other option) is another path; the positionals before it form the query.
 */
function readSearch({ tokens, values, common }: ReadArguments): SearchRequest {
  const query: string[] = [];
  const paths: string[] = [];
  let afterIn = false;
  for (const token of tokens) {
    if (token.kind === 'option') {
      afterIn = token.name === 'in';
      if (afterIn && token.value !== undefined) paths.push(token.value);
    } else if (token.kind === 'positional' && token.value !== undefined) {
      (afterIn ? paths : query).push(token.value);
    }
  }
  const text = query.join(' ').trim();
  if (text === '') throw new UsageError('search needs a QUERY', 'search');
  if (paths.length === 0) throw new UsageError('search needs --in PATH (a digest file or a folder)', 'search');
  const limit = values.limit === undefined ? 10 : readPositiveInteger(values.limit as string, '--limit', 'search');
  return { command: 'search', query: text, paths, limit, json: values.json === true, ...common };
}

export async function runSearch(request: SearchRequest, context: CliContext): Promise<number> {
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
