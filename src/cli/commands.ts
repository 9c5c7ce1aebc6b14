/** The three commands. Each returns its exit status; files that fail are reported, not fatal. */
import { resolve } from 'node:path';
import { bibFormatForPath, formatBibliography, planBibliographyInsert, readBibliography, type BibFormat } from '../core/bib';
import type { FileStore } from '../core/fileStore';
import { buildLibrary } from '../core/library/library';
import type { ExistingEntry } from '../core/model';
import { PaperIndex } from '../core/search';
import { decodeText } from '../core/util/text';
import { loadDigests, type LoadedDigests } from './digests';
import { describeFileError } from './nodeFileStore';
import { diagnosticsJson, paperJson, searchJson, table } from './output';
import { UsageError, type CliRequest } from './usage';

export interface CliContext {
  readonly store: FileStore;
  /** Writes to standard output as is. */
  readonly print: (text: string) => void;
  /** Reports one problem as one line on standard error (`digest-notes: ` is added). */
  readonly report: (message: string) => void;
  /** The terminal's width, when standard output is one. */
  readonly width?: number;
}

type Request<C> = Extract<CliRequest, { command: C }>;

/** Loads the digests and reports each failed file; the status is 1 when any failed. */
async function load(context: CliContext, paths: readonly string[], year?: number): Promise<LoadedDigests & { status: number }> {
  const loaded = await loadDigests(context.store, paths, year);
  for (const failure of loaded.failures) context.report(`${failure.path}: ${failure.reason}`);
  return { ...loaded, status: loaded.failures.length > 0 ? 1 : 0 };
}

export async function runParse(request: Request<'parse'>, context: CliContext): Promise<number> {
  const { digests, status } = await load(context, request.files, request.year);
  const library = buildLibrary(digests);
  if (request.json) {
    const output = { papers: library.papers.map(paperJson), diagnostics: diagnosticsJson(digests) };
    context.print(JSON.stringify(output, null, 2) + '\n');
    return status;
  }
  const rows = library.papers.map(paper => [paper.key, paper.day, paper.title]);
  const lines = [table(['KEY', 'DAY', 'TITLE'], rows, context.width)];
  for (const item of diagnosticsJson(digests)) lines.push(`${item.path}:${item.line}: ${item.severity}: ${item.message}`);
  const files = digests.length === 1 ? '1 file' : `${digests.length} files`;
  const papers = library.papers.length === 1 ? '1 paper' : `${library.papers.length} papers`;
  lines.push(`${papers} from ${files}`);
  context.print(lines.join('\n') + '\n');
  return status;
}

export async function runSearch(request: Request<'search'>, context: CliContext): Promise<number> {
  const { digests, status } = await load(context, request.paths, request.year);
  const hits = PaperIndex.build(buildLibrary(digests).papers).search(request.query, { limit: request.limit });
  if (request.json) {
    context.print(JSON.stringify(searchJson(hits), null, 2) + '\n');
  } else if (hits.length === 0) {
    context.print('no papers match\n');
  } else {
    const rows = hits.map(hit => [hit.score.toFixed(2), hit.key, hit.title]);
    context.print(table(['SCORE', 'KEY', 'TITLE'], rows, context.width) + '\n');
  }
  return status;
}

export async function runBib(request: Request<'bib'>, context: CliContext): Promise<number> {
  const format = request.format ?? (request.out === undefined ? undefined : bibFormatForPath(request.out));
  if (format === undefined) throw new UsageError('bib needs --format bibtex, csl-json or csl-yaml', 'bib');
  const inPlace = request.out !== undefined && request.existing !== undefined && resolve(request.out) === resolve(request.existing);
  let existing: ExistingBibliography = { text: '', entries: [] };
  if (request.existing !== undefined) {
    const read = await readExisting(context, request.existing, format, inPlace);
    if (read === undefined) return 1; // without its keys we could clash with them: write nothing
    existing = read;
  }
  const { digests, status } = await load(context, request.files, request.year);
  const library = buildLibrary(digests, { existing: existing.entries });

  if (inPlace && request.out !== undefined) {
    const plan = planBibliographyInsert(existing.text, existing.format ?? format, library.papers);
    if (plan.error !== undefined) {
      context.report(`${request.out}:${plan.error.line + 1}: ${plan.error.message}`);
      return 1;
    }
    if (plan.insert !== undefined) {
      const updated = spliceUtf8(existing, plan.insert.offset, plan.insert.text);
      if (updated === undefined) {
        context.report(`${request.out}: not UTF-8 text, so entries cannot be added without re-encoding it`);
        return 1;
      }
      if (!(await write(context, request.out, updated))) return 1;
    }
    context.print(`${request.out}: ${plan.added.length} added, ${plan.alreadyPresent.length} already present\n`);
    return status;
  }

  // Papers the existing bibliography already has keep their key there and are not repeated.
  const taken = new Set(existing.entries.map(entry => entry.key.toLowerCase()));
  const papers = library.papers.filter(paper => !taken.has(paper.key.toLowerCase()));
  const text = formatBibliography(papers, format);
  if (request.out === undefined) {
    context.print(text);
    return status;
  }
  if (!(await write(context, request.out, new TextEncoder().encode(text)))) return 1;
  context.print(`${request.out}: ${papers.length} entries written\n`);
  return status;
}

interface ExistingBibliography {
  readonly text: string;
  readonly entries: readonly ExistingEntry[];
  readonly format?: BibFormat;
  /** The file as read, to splice new entries in without touching a byte of the old ones. */
  readonly bytes?: Uint8Array;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The file's bytes with `insert` placed at `offset` of its decoded text; undefined unless the file
 * is UTF-8 (only then does a text offset map to one byte offset and the new text fit in).
 */
function spliceUtf8(existing: ExistingBibliography, offset: number, insert: string): Uint8Array | undefined {
  const bytes = existing.bytes ?? new Uint8Array();
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

/** The user's bibliography, or undefined (reported) when it cannot be read. */
async function readExisting(context: CliContext, path: string, fallback: BibFormat, mayBeMissing: boolean): Promise<ExistingBibliography | undefined> {
  const format = bibFormatForPath(path) ?? fallback;
  let bytes: Uint8Array;
  try {
    const info = await context.store.stat(path);
    if (info === undefined && mayBeMissing) return { text: '', entries: [], format };
    bytes = await context.store.readFile(path);
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

async function write(context: CliContext, path: string, data: Uint8Array): Promise<boolean> {
  try {
    await context.store.writeFile(path, data);
    return true;
  } catch (error) {
    context.report(`${path}: ${describeFileError(error)}`);
    return false;
  }
}
