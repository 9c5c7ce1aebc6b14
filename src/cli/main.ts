/**
 * `digest-notes`: the core outside the editor, for pandoc and Make pipelines. Exit status 0 on
 * success, 1 when a file could not be read or holds no papers (the others are still processed),
 * 2 on bad usage. Every problem is one line on standard error; never a stack trace.
 */
import { version } from '../../package.json';
import { runBib, runParse, runSearch, type CliContext } from './commands';
import { NodeFileStore } from './nodeFileStore';
import { HELP, readArguments, UsageError } from './usage';

const NAME = 'digest-notes';

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

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}

function main(): void {
  const report = (message: string) => process.stderr.write(`${NAME}: ${message}\n`);
  // Whatever escapes still ends as one line, never a stack trace.
  process.on('uncaughtException', error => {
    report(`internal error: ${oneLine(error)}`);
    process.exit(1);
  });
  process.on('unhandledRejection', error => {
    report(`internal error: ${oneLine(error)}`);
    process.exit(1);
  });
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', error => {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(process.exitCode ?? 0);
    report(oneLine(error));
    process.exit(1);
  });
  const context: CliContext = {
    store: new NodeFileStore(),
    print: text => process.stdout.write(text),
    report,
    width: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
  void run(process.argv.slice(2), context).then(status => {
    process.exitCode = status;
  });
}

main();
