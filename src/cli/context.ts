/**
 * What every command receives: the file store, the two output streams and the terminal's width,
 * and the helpers that read the inputs every command shares (the digests and the metadata file).
 * Commands import this module; it imports no command, so the CLI's modules form no circle.
 */
import type { FetchLike } from '../core/metadata/http';
import type { Clock } from '../core/metadata/rateLimit';
import { EMPTY_METADATA_FILE, METADATA_FILE, parseMetadataFile, type MetadataFile } from '../core/metadata/store';
import { decodeText } from '../core/util/text';
import { loadDigests, type LoadedDigests } from './digests';
import { describeFileError, type CliFileStore } from './nodeFileStore';

export interface CliContext {
  readonly store: CliFileStore;
  /** Writes to standard output as is. */
  readonly print: (text: string) => void;
  /** Reports one problem as one line on standard error (`digest-notes: ` is added). */
  readonly report: (message: string) => void;
  /** The terminal's width, when standard output is one. */
  readonly width?: number;
  /** The metadata file, when not `.digest-notes/metadata.json` under the current folder (tests). */
  readonly metadataFile?: string;
  /** The network and time for `metadata --online` (tests replace them). */
  readonly services?: MetadataServices;
}

/** What tests (or another caller) may replace: the network and time. */
export interface MetadataServices {
  readonly fetch?: FetchLike;
  readonly clock?: Clock;
  readonly now?: () => Date;
}

/** Loads the digests and reports each failed file; the status is 1 when any failed. */
export async function load(
  context: CliContext,
  paths: readonly string[],
  request: { readonly year?: number; readonly maxSize?: number },
): Promise<LoadedDigests & { status: number }> {
  const loaded = await loadDigests(context.store, paths, { defaultYear: request.year, maxBytes: request.maxSize });
  for (const failure of loaded.failures) context.report(`${failure.path}: ${failure.reason}`);
  return { ...loaded, status: loaded.failures.length > 0 ? 1 : 0 };
}

/** The metadata file's path: the context's (tests), else `.digest-notes/metadata.json` under the current folder. */
export function metadataPath(context: CliContext): string {
  return context.metadataFile ?? METADATA_FILE;
}

/**
 * The metadata file for reading only (parse, bib, search): a missing file is an empty one; one
 * that cannot be read or is not a metadata file is reported in one line and left out (status 1,
 * as for a digest that cannot be read), since the digests alone still give every paper.
 */
export async function readMetadataForUse(context: CliContext): Promise<{ file: MetadataFile; status: number }> {
  const path = metadataPath(context);
  let problem: string;
  try {
    if ((await context.store.stat(path)) === undefined) return { file: EMPTY_METADATA_FILE, status: 0 };
    const text = decodeText(await context.store.readFile(path));
    const read = text === null ? undefined : parseMetadataFile(text);
    if (read !== undefined && read.error === undefined) return { file: read.file, status: 0 };
    problem = read?.error ?? 'not a text file';
  } catch (error) {
    problem = describeFileError(error);
  }
  context.report(`${path}: ${problem}; the papers are taken without it`);
  return { file: EMPTY_METADATA_FILE, status: 1 };
}
