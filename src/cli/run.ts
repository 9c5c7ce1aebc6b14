/**
 * `digest-notes` as a function: the arguments in, the exit status out, output through the
 * context. main.ts wires it to the process; tests call it directly with their own context.
 */
import { version } from '../../package.json';
import { UsageError } from './arguments';
import { runBib } from './bibCommand';
import type { CliContext } from './context';
import { runFetch } from './fetchCommand';
import { runFormat } from './formatCommand';
import { runRank } from './rankCommand';
import { HELP } from './help';
import { runMetadata } from './metadataCommand';
import { runParse } from './parseCommand';
import { runSearch } from './searchCommand';
import { readArguments } from './usage';

export const NAME = 'digest-notes';

/** Exit status 0 on success, 1 on bad input (the rest still processed), 2 on bad usage. */
export async function run(argv: readonly string[], context: CliContext): Promise<number> {
  try {
    const request = readArguments(argv);
    switch (request.command) {
      case 'help':
        context.print(HELP[request.topic ?? 'main'] + '\n');
        return 0;
      case 'version':
        context.print(`${version}\n`);
        return 0;
      case 'parse':
        return await runParse(request, context);
      case 'bib':
        return await runBib(request, context);
      case 'search':
        return await runSearch(request, context);
      case 'metadata':
        return await runMetadata(request, context, context.services);
      case 'fetch':
        return await runFetch(request, context, context.services);
      case 'rank':
        return await runRank(request.args, context);
      case 'format':
        return await runFormat(request, context);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const help = error.command === undefined ? `${NAME} --help` : `${NAME} ${error.command} --help`;
      context.report(`${error.message} (see '${help}')`);
      return 2;
    }
    context.report(`internal error: ${oneLine(error)}`);
    return 1;
  }
}

export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}
