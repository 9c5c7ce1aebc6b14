/**
 * The command line's grammar: which commands there are, and the reading of `argv` into one
 * command's request. Each command reads its own options (its module); the shared grammar is in
 * ./arguments.ts.
 */
import { UsageError, type CommonOptions, type HelpRequest } from './arguments';
import { readBibArguments, type BibRequest } from './bibCommand';
import { readFetchArguments, type FetchRequest } from './fetchCommand';
import { readFormatArguments, type FormatRequest } from './formatCommand';
import { readMetadataArguments, type MetadataRequest } from './metadataCommand';
import { readParseArguments, type ParseRequest } from './parseCommand';
import { readSearchArguments, type SearchRequest } from './searchCommand';

export { UsageError } from './arguments';

export type CommandName = 'parse' | 'bib' | 'search' | 'metadata' | 'fetch' | 'rank' | 'format';

const READERS: Record<CommandName, (args: readonly string[]) => CliRequest> = {
  parse: readParseArguments,
  bib: readBibArguments,
  search: readSearchArguments,
  metadata: readMetadataArguments,
  fetch: readFetchArguments,
  // rank reads its own arguments when it runs (rankCommand.ts), help included.
  rank: args => ({ command: 'rank', args }),
  format: readFormatArguments,
};

export type CliRequest =
  | ParseRequest
  | BibRequest
  | SearchRequest
  | (MetadataRequest & CommonOptions)
  | FetchRequest
  | FormatRequest
  | { readonly command: 'rank'; readonly args: readonly string[] }
  | HelpRequest<CommandName>
  | { readonly command: 'version' };

/** Reads the arguments (without `node` and the script). Throws UsageError. */
export function readArguments(argv: readonly string[]): CliRequest {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('missing command: parse, bib, search, metadata, fetch, rank or format');
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic !== undefined && !isCommand(topic)) throw new UsageError(`unknown command '${topic}'`);
    return { command: 'help', topic };
  }
  if (first === '--version' || first === '-V') return { command: 'version' };
  if (first.startsWith('-')) throw new UsageError(`unknown option '${first}'`);
  if (!isCommand(first)) throw new UsageError(`unknown command '${first}'`);
  return READERS[first](rest);
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(READERS, name);
}
