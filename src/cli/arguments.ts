/**
 * The grammar every command shares: the common options, the usage error, and the reading of one
 * command's arguments with node:util's parseArgs (each command module names its own options).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_MAX_DIGEST_BYTES, parseByteSize } from '../core/util/fileLimits';

/** Bad usage: a one-line message, exit status 2. `command` names the help to point to. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

export interface CommonOptions {
  readonly year?: number;
  /** The largest file read, in bytes. */
  readonly maxSize: number;
}

/** `digest-notes help [command]`, `--help` and `<command> --help`. */
export interface HelpRequest<Topic extends string = string> {
  readonly command: 'help';
  readonly topic?: Topic;
}

/** Options every command takes. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  year: { type: 'string' },
  'max-size': { type: 'string' },
} as const;

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
/** A check of one option's value, throwing a UsageError that says what is wrong. */
export type ValueCheck = (value: string, command: string) => unknown;

export interface ReadArguments {
  readonly values: Record<string, string | string[] | boolean | undefined>;
  readonly positionals: string[];
  readonly tokens: ReadonlyArray<{ kind: string; name?: string; value?: string }>;
  readonly common: CommonOptions;
}

/**
 * Reads one command's arguments (without the command's name): the help request when `--help` is
 * among them, else the values, positionals, tokens and common options. Throws UsageError.
 */
export function readCommandArguments<Command extends string>(
  command: Command,
  args: readonly string[],
  options: OptionsConfig,
  checks: Readonly<Record<string, ValueCheck>> = {},
): ReadArguments | HelpRequest<Command> {
  checkOptionValues(command, args, options, { year: readYear, 'max-size': readSize, ...checks });
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(describeParseError(error), command);
  }
  const values = parsed.values as ReadArguments['values'];
  if (values.help === true) return { command: 'help', topic: command };
  const common: CommonOptions = {
    year: values.year === undefined ? undefined : readYear(values.year as string, command),
    maxSize: values['max-size'] === undefined ? DEFAULT_MAX_DIGEST_BYTES : readSize(values['max-size'] as string, command),
  };
  return { values, positionals: parsed.positionals, tokens: parsed.tokens ?? [], common };
}

/**
 * Options that take a value, checked before node:util sees them: it says "'-o, --out <value>'
 * argument missing", and takes `--limit -1` for a forgotten value ("ambiguous"). Here a missing
 * value is named as typed (`-o needs a value`), and a value starting with `-` that the option
 * cannot take is judged as that option's value (`--limit takes a positive whole number, got -1`).
 */
function checkOptionValues(
  command: string,
  args: readonly string[],
  config: OptionsConfig,
  checks: Readonly<Record<string, ValueCheck>>,
): void {
  const options: Record<string, { type: string; short?: string }> = config;
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
      checks[name]?.(value, command);
      throw new UsageError(`${arg} needs a value (to give one that starts with '-', write --${name}=${value})`, command);
    }
    i++;
  }
}

export function readYear(value: string, command: string): number {
  const year = Number(value);
  if (!/^\d{4}$/.test(value) || year < 1000) throw new UsageError(`--year takes a four-digit year, got ${shown(value)}`, command);
  return year;
}

export function readPositiveInteger(value: string, option: string, command: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) {
    throw new UsageError(`${option} takes a positive whole number, got ${shown(value)}`, command);
  }
  return Number(value);
}

export function readSize(value: string, command: string): number {
  const bytes = parseByteSize(value);
  if (bytes === undefined) {
    throw new UsageError(`--max-size takes a size in bytes such as 1000000, 50M or 2G, got ${shown(value)}`, command);
  }
  return bytes;
}

/** A value as typed, for a message; an empty one said in words. */
export function shown(value: string): string {
  return value === '' ? 'nothing' : value;
}

/** node:util's messages run long and suggest `--`; say the essential in one line. */
export function describeParseError(error: unknown): string {
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
