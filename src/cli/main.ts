/**
 * `digest-notes`: the core outside the editor, for pandoc and Make pipelines. Exit status 0 on
 * success, 1 when a file could not be read or holds no papers (the others are still processed),
 * 2 on bad usage. Every problem is one line on standard error; never a stack trace.
 */
import type { CliContext } from './context';
import { NodeFileStore } from './nodeFileStore';
import { plainText } from './output';
import { NAME, oneLine, run } from './run';

function main(): void {
  // Messages quote file names and file content: no control character reaches the terminal.
  const report = (message: string) => process.stderr.write(`${NAME}: ${plainText(message)}\n`);
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
