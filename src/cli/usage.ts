/** The command line's grammar: commands, their options, help texts, and usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { BibFormat } from '../core/bib';
import type { LookupEndpoints } from '../core/metadata/lookup';
import { DEFAULT_MAX_DIGEST_BYTES, parseByteSize } from '../core/util/fileLimits';
import { FORMAT_OPTIONS, type FormatRequest } from './formatCommand';
import { parseEndpoint, type MetadataRequest } from './metadataCommand';

export type CommandName = 'parse' | 'bib' | 'search' | 'metadata' | 'format';
const COMMANDS: readonly CommandName[] = ['parse', 'bib', 'search', 'metadata', 'format'];

export type CliRequest =
  | ({ readonly command: 'parse'; readonly files: string[]; readonly json: boolean } & CommonOptions)
  | ({
      readonly command: 'bib';
      readonly files: string[];
      readonly format?: BibFormat;
      readonly out?: string;
      readonly existing?: string;
      /** Replace an existing --out instead of adding to it. */
      readonly force: boolean;
      /** Look up identifiers the metadata file does not know (issue 21). */
      readonly online: boolean;
      readonly endpoints: Partial<LookupEndpoints>;
      readonly verbose: boolean;
    } & CommonOptions)
  | ({
      readonly command: 'search';
      readonly query: string;
      readonly paths: string[];
      readonly limit: number;
      readonly json: boolean;
    } & CommonOptions)
  | (MetadataRequest & CommonOptions)
  | FormatRequest
  | { readonly command: 'help'; readonly topic?: CommandName }
  | { readonly command: 'version' };

interface CommonOptions {
  readonly year?: number;
  /** The largest file read, in bytes. */
  readonly maxSize: number;
}

/** Bad usage: a one-line message, exit status 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandName,
  ) {
    super(message);
  }
}

const COMMON = {
  help: { type: 'boolean', short: 'h' },
  year: { type: 'string' },
  'max-size': { type: 'string' },
} as const;

const OPTIONS = {
  parse: { ...COMMON, json: { type: 'boolean' } },
  bib: {
    ...COMMON,
    format: { type: 'string' },
    out: { type: 'string', short: 'o' },
    existing: { type: 'string' },
    force: { type: 'boolean' },
    online: { type: 'boolean' },
    endpoint: { type: 'string', multiple: true },
    verbose: { type: 'boolean' },
  },
  search: { ...COMMON, json: { type: 'boolean' }, in: { type: 'string', multiple: true }, limit: { type: 'string' } },
  metadata: {
    ...COMMON,
    online: { type: 'boolean' },
    json: { type: 'boolean' },
    endpoint: { type: 'string', multiple: true },
    verbose: { type: 'boolean' },
  },
  format: { ...COMMON, ...FORMAT_OPTIONS },
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
  if (first === undefined) throw new UsageError('missing command: parse, bib, search, metadata or format');
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
  return (COMMANDS as readonly string[]).includes(name);
}

function readCommand(command: CommandName, args: readonly string[]): CliRequest {
  checkOptionValues(command, args);
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS[command], allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(describeParseError(error), command);
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  if (values.help === true) return { command: 'help', topic: command };
  const common: CommonOptions = {
    year: values.year === undefined ? undefined : readYear(values.year as string, command),
    maxSize: values['max-size'] === undefined ? DEFAULT_MAX_DIGEST_BYTES : readSize(values['max-size'] as string, command),
  };
  const positionals = parsed.positionals;
  switch (command) {
    case 'parse':
      if (positionals.length === 0) throw new UsageError('parse needs at least one FILE', command);
      return { command, files: positionals, json: values.json === true, ...common };
    case 'bib': {
      if (positionals.length === 0) throw new UsageError('bib needs at least one FILE or IDENTIFIER', command);
      const format = values.format === undefined ? undefined : readFormat(values.format as string, command);
      const out = values.out as string | undefined;
      const force = values.force === true;
      if (force && out === undefined) throw new UsageError('--force replaces --out: it needs --out F', command);
      const lookup = {
        online: values.online === true,
        endpoints: readEndpoints((values.endpoint as string[] | undefined) ?? []),
        verbose: values.verbose === true,
      };
      return { command, files: positionals, format, out, existing: values.existing as string | undefined, force, ...lookup, ...common };
    }
    case 'search':
      return readSearch(parsed.tokens ?? [], values, common);
    case 'metadata': {
      if (positionals.length === 0) throw new UsageError('metadata needs at least one FILE', command);
      const endpoints = readEndpoints((values.endpoint as string[] | undefined) ?? []);
      const flags = { online: values.online === true, json: values.json === true, verbose: values.verbose === true };
      return { command, files: positionals, endpoints, ...flags, ...common };
    }
    case 'format': {
      if (positionals.length === 0) throw new UsageError('format needs at least one KEY', command);
      const bibliography = values.bibliography as string | undefined;
      if (bibliography === undefined) throw new UsageError('format needs --bibliography F (a CSL-JSON or CSL-YAML file)', command);
      const csl = values.csl as string | undefined;
      return { command, keys: positionals, bibliography, csl, inText: values['in-text'] === true, html: values.html === true, ...common };
    }
  }
}

/** `--endpoint NAME=URL`, repeatable; the same NAME twice is a mistake, not a last-one-wins. */
function readEndpoints(texts: readonly string[]): Partial<LookupEndpoints> {
  const endpoints: Partial<Record<keyof LookupEndpoints, string>> = {};
  for (const text of texts) {
    let name: keyof LookupEndpoints;
    let url: string;
    try {
      [name, url] = parseEndpoint(text);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error), 'metadata');
    }
    if (endpoints[name] !== undefined) throw new UsageError(`--endpoint ${name} is given twice`, 'metadata');
    endpoints[name] = url;
  }
  return endpoints;
}

/** Checks of option values, each throwing a UsageError that says what is wrong. */
const VALUE_CHECKS: Record<string, (value: string, command: CommandName) => unknown> = {
  year: readYear,
  limit: (value, command) => readPositiveInteger(value, '--limit', command),
  'max-size': readSize,
  format: readFormat,
  endpoint: (value, command) => {
    try {
      return parseEndpoint(value);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error), command);
    }
  },
};

/**
 * Options that take a value, checked before node:util sees them: it says "'-o, --out <value>'
 * argument missing", and takes `--limit -1` for a forgotten value ("ambiguous"). Here a missing
 * value is named as typed (`-o needs a value`), and a value starting with `-` that the option
 * cannot take is judged as that option's value (`--limit takes a positive whole number, got -1`).
 */
function checkOptionValues(command: CommandName, args: readonly string[]): void {
  const options: Record<string, { type: string; short?: string }> = OPTIONS[command];
  const byShort = new Map(Object.entries(options).flatMap(([name, o]) => (o.short === undefined ? [] : [[o.short, name] as const])));
  const optionName = (arg: string): string | undefined => {
    if (arg.startsWith('--')) return arg.slice(2).split('=')[0];
    return /^-[^-]$/.test(arg) ? byShort.get(arg[1]) : undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return;
    if (arg.includes('=')) continue; // `--limit=-1`: the value is checked after parsing
    const name = optionName(arg);
    if (name === undefined || options[name]?.type !== 'string') continue;
    const value = args[i + 1];
    if (value === undefined) throw new UsageError(`${arg} needs a value`, command);
    if (value.startsWith('-') && value !== '-') {
      const other = optionName(value);
      if (other !== undefined && options[other] !== undefined) throw new UsageError(`${arg} needs a value`, command);
      VALUE_CHECKS[name]?.(value, command);
      throw new UsageError(`${arg} needs a value (to give one that starts with '-', write --${name}=${value})`, command);
    }
    i++;
  }
}

/**
 * `--in a b c` and `--in a --in b` both name paths: a positional right after an `--in` value
 * (before any other option) is another path; the positionals before it form the query.
 */
function readSearch(
  tokens: ReadonlyArray<{ kind: string; name?: string; value?: string }>,
  values: Record<string, unknown>,
  common: CommonOptions,
): CliRequest {
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

function readFormat(value: string, command: CommandName): BibFormat {
  const format = FORMATS[value.toLowerCase()];
  if (format === undefined) throw new UsageError(`--format takes bibtex, csl-json or csl-yaml, got ${shown(value)}`, command);
  return format;
}

function readYear(value: string, command: CommandName): number {
  const year = Number(value);
  if (!/^\d{4}$/.test(value) || year < 1000) throw new UsageError(`--year takes a four-digit year, got ${shown(value)}`, command);
  return year;
}

function readPositiveInteger(value: string, option: string, command: CommandName): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) {
    throw new UsageError(`${option} takes a positive whole number, got ${shown(value)}`, command);
  }
  return Number(value);
}

function readSize(value: string, command: CommandName): number {
  const bytes = parseByteSize(value);
  if (bytes === undefined) {
    throw new UsageError(`--max-size takes a size in bytes such as 1000000, 50M or 2G, got ${shown(value)}`, command);
  }
  return bytes;
}

/** A value as typed, for a message; an empty one said in words. */
function shown(value: string): string {
  return value === '' ? 'nothing' : value;
}

/** node:util's messages run long and suggest `--`; say the essential in one line. */
function describeParseError(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  // "Option '-o, --out <value>' argument missing": the option is `-o` (or `--out`), never `-o,`.
  const option = /'(-[^' ,]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option '${option}'`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (/argument missing|ambiguous/.test(message)) return `${option} needs a value`;
    if (/does not take an argument/.test(message)) return `${option} takes no value`;
  }
  return message.split('\n')[0];
}
