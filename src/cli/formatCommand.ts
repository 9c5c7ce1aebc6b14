/**
 * `digest-notes format KEY... --bibliography F [--csl STYLE] [--in-text] [--html]`: each key's
 * reference (or in-text citation) as a CSL style prints it, one per line, in the order given,
 * formatted together as one document would (numeric styles number them in that order). The
 * style: a shipped one by id, or a .csl file; by default Chicago author-date, pandoc's default,
 * so the text is what `pandoc --citeproc` prints.
 */
import { bibFormatForPath } from '../core/bib';
import { CslFormatter, CslStyleError, type CslData } from '../core/csl/engine';
import { readCslItems } from '../core/csl/items';
import { DEFAULT_STYLE_ID, SHIPPED_STYLES, shippedStyle } from '../core/csl/styles';
import { decodeText } from '../core/util/text';
import { COMMON_OPTIONS, readCommandArguments, UsageError, type HelpRequest } from './arguments';
import type { CliContext } from './context';
import { describeFileError, FileRefusal } from './nodeFileStore';
import { plainText } from './output';

export interface FormatRequest {
  readonly command: 'format';
  readonly keys: string[];
  readonly bibliography: string;
  /** A shipped style's id or a .csl file. */
  readonly csl?: string;
  readonly inText: boolean;
  readonly html: boolean;
  readonly maxSize: number;
}

export const FORMAT_OPTIONS = {
  ...COMMON_OPTIONS,
  bibliography: { type: 'string', short: 'b' },
  csl: { type: 'string' },
  'in-text': { type: 'boolean' },
  html: { type: 'boolean' },
} as const;

/** The arguments after `format`; throws UsageError. */
export function readFormatArguments(args: readonly string[]): FormatRequest | HelpRequest<'format'> {
  const read = readCommandArguments('format', args, FORMAT_OPTIONS);
  if ('command' in read) return read;
  const { positionals, values, common } = read;
  if (positionals.length === 0) throw new UsageError('format needs at least one KEY', 'format');
  const bibliography = values.bibliography as string | undefined;
  if (bibliography === undefined) throw new UsageError('format needs --bibliography F (a CSL-JSON or CSL-YAML file)', 'format');
  const csl = values.csl as string | undefined;
  return {
    command: 'format',
    keys: positionals,
    bibliography,
    csl,
    inText: values['in-text'] === true,
    html: values.html === true,
    maxSize: common.maxSize,
  };
}

export const FORMAT_HELP = `Usage: digest-notes format KEY... --bibliography F [--csl STYLE] [--in-text] [--html]

Prints each KEY's reference as a CSL style formats it, one per line, in the order given
(numeric styles number them so). F is a CSL-JSON (.json) or CSL-YAML (.yaml) bibliography,
as 'digest-notes bib --format csl-json' writes one.
  --csl STYLE   a .csl file, or a shipped style: ${SHIPPED_STYLES.map(style => style.id).join(', ')}
                (default ${DEFAULT_STYLE_ID}, pandoc's default: the text is what pandoc --citeproc prints)
  --in-text     the in-text citation instead of the reference ("(Dunefsky et al. 2024)", "[1]")
  --html        HTML instead of plain text
A KEY the bibliography lacks is reported and the others printed (exit status 1).`;

export async function runFormat(request: FormatRequest, context: CliContext): Promise<number> {
  // The shipped styles (inlined text, 150 kB) load with the command that uses them.
  const shipped = await import('../core/csl/bundledStyles');
  const styleXml = await readStyle(request, context, shipped.shippedStyleText);
  if (styleXml === undefined) return 1;
  const bibliography = await readText(context, request.bibliography, request.maxSize);
  if (bibliography === undefined) return 1;
  const format = bibFormatForPath(request.bibliography) ?? (bibliography.trimStart().startsWith('[') ? 'csl-json' : 'csl-yaml');
  const read = readCslItems(bibliography, format);
  if ('error' in read) {
    context.report(`${request.bibliography}: ${read.error}`);
    return 1;
  }
  const byKey = new Map(read.items.map(item => [item.id, item]));
  const wanted: CslData[] = [];
  let status = 0;
  for (const key of request.keys) {
    const item = byKey.get(key.replace(/^@/, ''));
    if (item === undefined) {
      context.report(`${key}: not in ${request.bibliography}`);
      status = 1;
    } else if (!wanted.includes(item)) wanted.push(item);
  }
  if (wanted.length === 0) return 1;
  let engine: CslFormatter;
  try {
    engine = new CslFormatter(styleXml, shipped.SHIPPED_LOCALES);
  } catch (error) {
    if (!(error instanceof CslStyleError)) throw error;
    context.report(`${request.csl}: ${error.message}`);
    return 1;
  }
  const output = request.html ? 'html' : 'text';
  const lines = engine.format(wanted, output).map(formatted => (request.inText ? formatted.citation : formatted.reference));
  // Text goes to a terminal: control characters in a title must not move its cursor.
  context.print(lines.map(line => (request.html ? line : plainText(line))).join('\n') + '\n');
  return status;
}

async function readStyle(
  request: FormatRequest,
  context: CliContext,
  shippedStyleText: (id: string) => string | undefined,
): Promise<string | undefined> {
  const name = request.csl ?? DEFAULT_STYLE_ID;
  const shipped = shippedStyle(name);
  const asFile = request.csl !== undefined && /\.csl$/i.test(name) ? await context.store.stat(name).catch(() => undefined) : undefined;
  if (asFile === undefined && shipped !== undefined) return shippedStyleText(shipped.id);
  if (asFile === undefined && !/\.csl$/i.test(name)) {
    context.report(`--csl ${name}: neither a .csl file nor a shipped style (${SHIPPED_STYLES.map(style => style.id).join(', ')})`);
    return undefined;
  }
  return readText(context, name, request.maxSize);
}

async function readText(context: CliContext, path: string, maxBytes: number): Promise<string | undefined> {
  try {
    const info = await context.store.stat(path);
    if (info === undefined) {
      context.report(`${path}: no such file or folder`);
      return undefined;
    }
    if (info.kind === 'directory') throw new FileRefusal('is a folder, not a file', 'not-regular');
    const text = decodeText(await context.store.readFile(path, { maxBytes }));
    if (text === null) context.report(`${path}: not a text file`);
    return text ?? undefined;
  } catch (error) {
    context.report(`${path}: ${describeFileError(error)}`);
    return undefined;
  }
}
