/** The command line's grammar: commands, their options, help texts, and usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { BibFormat } from '../core/bib';

export type CommandName = 'parse' | 'bib' | 'search';

export type CliRequest =
  | { readonly command: 'parse'; readonly files: string[]; readonly json: boolean; readonly year?: number }
  | {
      readonly command: 'bib';
      readonly files: string[];
      readonly format?: BibFormat;
      readonly out?: string;
      readonly existing?: string;
      readonly year?: number;
    }
  | {
      readonly command: 'search';
      readonly query: string;
      readonly paths: string[];
      readonly limit: number;
      readonly json: boolean;
      readonly year?: number;
    }
  | { readonly command: 'help'; readonly topic?: CommandName }
  | { readonly command: 'version' };

/** Bad usage: a one-line message, exit status 2. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: CommandName) {
    super(message);
  }
}

export const HELP: Record<'main' | CommandName, string> = {
  main: `Usage: digest-notes <command> [options]

Turns saved paper digests into JSON, bibliographies and search results.

Commands:
  parse FILE...                 the papers of digest files (--json for JSON)
  bib FILE... --format F        a bibliography: bibtex, csl-json or csl-yaml
  search QUERY --in PATH...     papers matching QUERY, best first

A FILE may be a folder: its *.digest, *.digest.txt and digest-like .txt files are read.
Options for every command: --year N (year for day lines without one), --help.
Exit status: 0 success, 1 a file could not be read or holds no papers, 2 bad usage.
Run 'digest-notes <command> --help' for a command's options.`,
  parse: `Usage: digest-notes parse FILE... [--json] [--year N]

Prints the papers of the digests: a table, or with --json one object
{"papers":[{key,title,abstract,day,date,links,doi,occurrences:[{path,line}]}],
 "diagnostics":[{path,line,message,severity}]} with 1-based lines.`,
  bib: `Usage: digest-notes bib FILE... --format bibtex|csl-json|csl-yaml [--out F] [--existing F] [--year N]

Prints a bibliography of the digests' papers, or writes it to --out (atomically).
--format defaults to the format of --out's extension (.bib, .json, .yaml).
--existing F: keys and titles of this bibliography are honoured, its papers left out.
With --existing and --out the same file, new entries are added to it; its own entries and
formatting are left byte for byte (a missing file is created).`,
  search: `Usage: digest-notes search QUERY --in PATH... [--limit N] [--json] [--year N]

Searches the digests in PATH (files or folders) for QUERY: title, key and abstract, with
prefix and small-typo matching. Prints the best N (default 10) as a table, or with --json
{"results":[{key,title,score}]}.`,
};

const COMMON = {
  help: { type: 'boolean', short: 'h' },
  year: { type: 'string' },
} as const;

const OPTIONS = {
  parse: { ...COMMON, json: { type: 'boolean' } },
  bib: { ...COMMON, format: { type: 'string' }, out: { type: 'string', short: 'o' }, existing: { type: 'string' } },
  search: { ...COMMON, json: { type: 'boolean' }, in: { type: 'string', multiple: true }, limit: { type: 'string' } },
} satisfies Record<CommandName, ParseArgsConfig['options']>;

const FORMATS: Record<string, BibFormat> = {
  bibtex: 'bibtex',
  bib: 'bibtex',
  'csl-json': 'csl-json',
  json: 'csl-json',
  'csl-yaml': 'csl-yaml',
  yaml: 'csl-yaml',
};

/** Reads the arguments (without `node` and the script). Throws UsageError. */
export function readArguments(argv: readonly string[]): CliRequest {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('missing command: parse, bib or search');
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic !== undefined && !isCommand(topic)) throw new UsageError(`unknown command '${topic}'`);
    return { command: 'help', topic };
  }
  if (first === '--version' || first === '-V') return { command: 'version' };
  if (first.startsWith('-')) throw new UsageError(`unknown option '${first}'`);
  if (!isCommand(first)) throw new UsageError(`unknown command '${first}'`);
  return readCommand(first, rest);
}

function isCommand(name: string): name is CommandName {
  return name === 'parse' || name === 'bib' || name === 'search';
}

function readCommand(command: CommandName, args: readonly string[]): CliRequest {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS[command], allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(describeParseError(error), command);
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  if (values.help === true) return { command: 'help', topic: command };
  const year = values.year === undefined ? undefined : readYear(values.year as string, command);
  const positionals = parsed.positionals;
  switch (command) {
    case 'parse':
      if (positionals.length === 0) throw new UsageError('parse needs at least one FILE', command);
      return { command, files: positionals, json: values.json === true, year };
    case 'bib': {
      if (positionals.length === 0) throw new UsageError('bib needs at least one FILE', command);
      const format = values.format === undefined ? undefined : readFormat(values.format as string, command);
      return { command, files: positionals, format, out: values.out as string | undefined, existing: values.existing as string | undefined, year };
    }
    case 'search':
      return readSearch(parsed.tokens ?? [], values, year);
  }
}

/**
 * `--in a b c` and `--in a --in b` both name paths: a positional right after an `--in` value
 * (before any other option) is another path; the positionals before it form the query.
 */
function readSearch(tokens: ReadonlyArray<{ kind: string; name?: string; value?: string }>, values: Record<string, unknown>, year?: number): CliRequest {
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
  return { command: 'search', query: text, paths, limit, json: values.json === true, year };
}

function readFormat(value: string, command: CommandName): BibFormat {
  const format = FORMATS[value.toLowerCase()];
  if (format === undefined) throw new UsageError(`--format must be bibtex, csl-json or csl-yaml, not '${value}'`, command);
  return format;
}

function readYear(value: string, command: CommandName): number {
  const year = Number(value);
  if (!/^\d{4}$/.test(value) || year < 1000) throw new UsageError(`--year must be a four-digit year, not '${value}'`, command);
  return year;
}

function readPositiveInteger(value: string, option: string, command: CommandName): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${option} must be a positive whole number, not '${value}'`, command);
  return Number(value);
}

/** node:util's messages run long and suggest `--`; say the essential in one line. */
function describeParseError(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option '${option}'`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /argument missing/.test(message) ? `${option} needs a value` : `${option} takes no value`;
  }
  return message.split('\n')[0];
}
