/** `digest-notes parse FILE... [--json]`: the papers of the digests, as a table or JSON. */
import { COMMON_OPTIONS, readCommandArguments, UsageError, type CommonOptions, type HelpRequest } from './arguments';
import { completedPapers } from './completedPapers';
import { load, readMetadataForUse, type CliContext } from './context';
import { authorsText, diagnosticsJson, paperJson, plainText, table } from './output';

export type ParseRequest = { readonly command: 'parse'; readonly files: string[]; readonly json: boolean } & CommonOptions;

const OPTIONS = { ...COMMON_OPTIONS, json: { type: 'boolean' } } as const;

export function readParseArguments(args: readonly string[]): ParseRequest | HelpRequest<'parse'> {
  const read = readCommandArguments('parse', args, OPTIONS);
  if ('command' in read) return read;
  if (read.positionals.length === 0) throw new UsageError('parse needs at least one FILE', 'parse');
  return { command: 'parse', files: read.positionals, json: read.values.json === true, ...read.common };
}

export async function runParse(request: ParseRequest, context: CliContext): Promise<number> {
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
  // Nothing read: each file's problem is already one line on standard error, an empty table adds nothing.
  if (digests.length === 0 && loaded.status !== 0) return status;
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
