/**
 * The bib command: a bibliography of the digests' papers, printed, written to a new file, or
 * added to an existing one. An existing --out is added to unless --force says replace: a
 * bibliography is the writer's own work, and replacing it silently lost entries (100 became 61).
 */
import { bibFormatForPath, formatBibliography, planBibliographyInsert, readBibliography, type BibFormat } from '../core/bib';
import type { MetadataFile } from '../core/metadata/store';
import type { ExistingEntry, Paper, ParsedDigest } from '../core/model';
import { decodeText } from '../core/util/text';
import { COMMON_OPTIONS, readCommandArguments, shown, UsageError, type CommonOptions, type HelpRequest } from './arguments';
import { completedPapers } from './completedPapers';
import { load, readMetadataForUse, type CliContext } from './context';
import { identifierDigest, splitIdentifiers, type IdentifierOptions } from './identifierPapers';
import { readEndpoints } from './metadataCommand';
import { describeFileError, FileRefusal } from './nodeFileStore';

export type BibRequest = {
  readonly command: 'bib';
  readonly files: string[];
  readonly format?: BibFormat;
  readonly out?: string;
  readonly existing?: string;
  /** Replace an existing --out instead of adding to it. */
  readonly force: boolean;
} & IdentifierOptions &
  CommonOptions;

const OPTIONS = {
  ...COMMON_OPTIONS,
  format: { type: 'string' },
  out: { type: 'string', short: 'o' },
  existing: { type: 'string' },
  force: { type: 'boolean' },
  online: { type: 'boolean' },
  endpoint: { type: 'string', multiple: true },
  verbose: { type: 'boolean' },
} as const;

const FORMATS: Record<string, BibFormat> = {
  bibtex: 'bibtex',
  bib: 'bibtex',
  'csl-json': 'csl-json',
  json: 'csl-json',
  'csl-yaml': 'csl-yaml',
  yaml: 'csl-yaml',
};

export function readBibArguments(args: readonly string[]): BibRequest | HelpRequest<'bib'> {
  const read = readCommandArguments('bib', args, OPTIONS, { format: readFormat });
  if ('command' in read) return read;
  const { positionals, values, common } = read;
  if (positionals.length === 0) throw new UsageError('bib needs at least one FILE or IDENTIFIER', 'bib');
  const format = values.format === undefined ? undefined : readFormat(values.format as string);
  const out = values.out as string | undefined;
  const force = values.force === true;
  if (force && out === undefined) throw new UsageError('--force replaces --out: it needs --out F', 'bib');
  const lookup = {
    online: values.online === true,
    endpoints: readEndpoints((values.endpoint as string[] | undefined) ?? []),
    verbose: values.verbose === true,
  };
  return { command: 'bib', files: positionals, format, out, existing: values.existing as string | undefined, force, ...lookup, ...common };
}

function readFormat(value: string): BibFormat {
  const format = FORMATS[value.toLowerCase()];
  if (format === undefined) throw new UsageError(`--format takes bibtex, csl-json or csl-yaml, got ${shown(value)}`, 'bib');
  return format;
}

interface Bibliography {
  readonly text: string;
  readonly entries: readonly ExistingEntry[];
  readonly format: BibFormat;
  /** The file as read, to splice new entries in without touching a byte of the old ones. */
  readonly bytes: Uint8Array;
}

const NONE: readonly ExistingEntry[] = [];

/** What the entries are made of: the digests, and the metadata file that completes their papers. */
interface Sources {
  readonly digests: readonly ParsedDigest[];
  readonly metadata: MetadataFile;
}

export async function runBib(request: BibRequest, context: CliContext): Promise<number> {
  const format = request.format ?? (request.out === undefined ? undefined : bibFormatForPath(request.out));
  if (format === undefined) throw new UsageError('bib needs --format bibtex, csl-json or csl-yaml', 'bib');
  const { out, existing } = request;
  const outIsExisting = out !== undefined && existing !== undefined && (await context.store.isSameFile(out, existing));
  if (request.force && outIsExisting) {
    throw new UsageError('--force would replace --out, which is also --existing, losing its entries: drop one of the two', 'bib');
  }
  // A separate --existing bibliography: its keys and titles are honoured and its papers left out.
  let honoured = NONE;
  if (existing !== undefined && !outIsExisting) {
    const read = await readBibliographyFile(context, existing, bibFormatForPath(existing) ?? format, request.maxSize);
    if (read === 'missing') context.report(`${existing}: no such file or folder`);
    if (read === undefined || read === 'missing') return 1; // without its keys we could clash with them: write nothing
    honoured = read.entries;
  }
  // Identifiers and links among the arguments (issue 21): their papers join the digests'.
  const { files, identifiers } = await splitIdentifiers(context, request.files);
  const byIdentifier = identifiers.length > 0 ? await identifierDigest(context, identifiers, request) : { status: 0 };
  const loaded = files.length > 0 ? await load(context, files, request) : { digests: [], status: 0 };
  const metadata = await readMetadataForUse(context);
  const digests = byIdentifier.digest !== undefined ? [...loaded.digests, byIdentifier.digest] : loaded.digests;
  const sources: Sources = { digests, metadata: metadata.file };
  const status = Math.max(loaded.status, metadata.status, byIdentifier.status);
  if (out === undefined) {
    context.print(formatBibliography(papersToAdd(sources, honoured, NONE), format));
    return status;
  }
  const written = request.force
    ? await replaceFile(context, out, papersToAdd(sources, honoured, NONE), format)
    : await addToFile(context, request, out, format, sources, honoured);
  return written ? status : 1;
}

/**
 * The digests' papers completed from the metadata file, keyed clear of both bibliographies (whose
 * keys win, then the file's recorded ones), without those `honoured` has.
 */
function papersToAdd(sources: Sources, honoured: readonly ExistingEntry[], target: readonly ExistingEntry[]): Paper[] {
  const taken = new Set(honoured.map(entry => entry.key.toLowerCase()));
  const papers = completedPapers(sources.digests, sources.metadata, [...honoured, ...target]);
  return papers.filter(paper => !taken.has(paper.key.toLowerCase()));
}

async function replaceFile(context: CliContext, out: string, papers: readonly Paper[], format: BibFormat): Promise<boolean> {
  try {
    await context.store.writeFile(out, new TextEncoder().encode(formatBibliography(papers, format)));
  } catch (error) {
    context.report(`${out}: ${describeFileError(error)}`);
    return false;
  }
  context.print(`${out}: ${papers.length} entries written\n`);
  return true;
}

/**
 * Adds the papers `out` lacks (creating it when missing). Just before the new file replaces the
 * old, the old is read again: if another program changed it meanwhile, the work is planned again
 * once against what it now holds; if it changed again, nothing is written. So an entry someone
 * added in between is never lost. (Between that last look and the rename itself a few
 * microseconds remain in which a write cannot be seen; only a lock shared by every writer
 * could close them, and editors take none.)
 */
async function addToFile(
  context: CliContext,
  request: BibRequest,
  out: string,
  format: BibFormat,
  sources: Sources,
  honoured: readonly ExistingEntry[],
): Promise<boolean> {
  const fileFormat = bibFormatForPath(out) ?? format;
  for (let attempt = 1; ; attempt++) {
    const target = await readBibliographyFile(context, out, fileFormat, request.maxSize);
    if (target === undefined) return false;
    if (target !== 'missing' && request.format !== undefined && request.format !== fileFormat) {
      const message = `--format ${request.format} cannot be added to ${out}, which is ${fileFormat}: add --force to replace it`;
      throw new UsageError(message, 'bib');
    }
    const update = target === 'missing' ? fresh(sources, honoured, format) : addition(context, out, target, sources, honoured);
    if (update === undefined) return false;
    if (update.bytes === undefined) {
      context.print(`${out}: ${update.summary}\n`);
      return true;
    }
    const seen = target === 'missing' ? undefined : target.bytes;
    try {
      await context.store.writeFile(out, update.bytes, { beforeReplace: () => unchangedSince(context, out, seen, request.maxSize) });
    } catch (error) {
      const changed = error instanceof FileRefusal && error.reason === 'changed';
      if (changed && attempt === 1) continue;
      const reason = changed
        ? 'changed again while entries were being added; nothing written (its new content is left as it is), run the command again'
        : describeFileError(error);
      context.report(`${out}: ${reason}`);
      return false;
    }
    context.print(`${out}: ${update.summary}\n`);
    return true;
  }
}

interface Update {
  /** Undefined when there is nothing to add. */
  readonly bytes?: Uint8Array;
  readonly summary: string;
}

function fresh(sources: Sources, honoured: readonly ExistingEntry[], format: BibFormat): Update {
  const papers = papersToAdd(sources, honoured, NONE);
  return { bytes: new TextEncoder().encode(formatBibliography(papers, format)), summary: `${papers.length} entries written` };
}

/** The target with the papers it lacks spliced in; undefined (reported) when that cannot be done. */
function addition(
  context: CliContext,
  out: string,
  target: Bibliography,
  sources: Sources,
  honoured: readonly ExistingEntry[],
): Update | undefined {
  const plan = planBibliographyInsert(target.text, target.format, papersToAdd(sources, honoured, target.entries));
  if (plan.error !== undefined) {
    context.report(`${out}:${plan.error.line + 1}: ${plan.error.message}`);
    return undefined;
  }
  const summary = `${plan.added.length} added, ${plan.alreadyPresent.length} already present`;
  if (plan.insert === undefined) return { summary };
  const bytes = spliceUtf8(target, plan.insert.offset, plan.insert.text);
  if (bytes === undefined) {
    context.report(`${out}: not UTF-8 text, so entries cannot be added without re-encoding it`);
    return undefined;
  }
  return { bytes, summary };
}

/** The check run just before the replace: throws a 'changed' FileRefusal when `path` is not as seen. */
async function unchangedSince(context: CliContext, path: string, seen: Uint8Array | undefined, maxBytes: number): Promise<void> {
  const now = (await context.store.stat(path)) === undefined ? undefined : await context.store.readFile(path, { maxBytes });
  if (!sameBytes(now, seen)) throw new FileRefusal('changed while entries were being added', 'changed');
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The file's bytes with `insert` placed at `offset` of its decoded text; undefined unless the file
 * is UTF-8 (only then does a text offset map to one byte offset and the new text fit in).
 */
function spliceUtf8(existing: Bibliography, offset: number, insert: string): Uint8Array | undefined {
  const bytes = existing.bytes;
  const bom = UTF8_BOM.every((b, i) => bytes[i] === b) ? UTF8_BOM.length : 0;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(bom));
  } catch {
    return undefined;
  }
  const encoder = new TextEncoder();
  const at = bom + encoder.encode(existing.text.slice(0, offset)).length;
  const added = encoder.encode(insert);
  const result = new Uint8Array(bytes.length + added.length);
  result.set(bytes.subarray(0, at), 0);
  result.set(added, at);
  result.set(bytes.subarray(at), at + added.length);
  return result;
}

/** A bibliography file read, 'missing' when nothing is there, or undefined (reported) when it cannot be read. */
async function readBibliographyFile(
  context: CliContext,
  path: string,
  format: BibFormat,
  maxBytes: number,
): Promise<Bibliography | 'missing' | undefined> {
  let bytes: Uint8Array;
  try {
    const info = await context.store.stat(path);
    if (info === undefined) return 'missing';
    if (info.kind === 'directory') throw new FileRefusal('is a folder, not a file', 'not-regular');
    bytes = await context.store.readFile(path, { maxBytes });
  } catch (error) {
    context.report(`${path}: ${describeFileError(error)}`);
    return undefined;
  }
  const text = decodeText(bytes);
  if (text === null) {
    context.report(`${path}: not a text file`);
    return undefined;
  }
  const read = readBibliography(text, format);
  if (read.error !== undefined) {
    context.report(`${path}:${read.error.line + 1}: ${read.error.message}`);
    return undefined;
  }
  return { text, entries: read.entries, format, bytes };
}
