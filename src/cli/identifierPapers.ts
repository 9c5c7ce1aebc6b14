/**
 * `digest-notes bib` given identifiers and links besides files (`bib 2406.11944
 * https://doi.org/10.1145/... --online`): those the metadata file knows cost no request; with
 * --online the others are looked up (arXiv in one request per batch, doi.org one per DOI) and
 * recorded in the metadata file as added papers; offline, each one not known is said (exit 1).
 */
import { version } from '../../package.json';
import { addedDigest, recordAdded } from '../core/identifiers/added';
import { parseIdentifier, type Identifier } from '../core/identifiers/identifiers';
import { describeUnresolved, resolveIdentifiers } from '../core/identifiers/resolve';
import type { FetchLike } from '../core/metadata/http';
import type { LookupEndpoints } from '../core/metadata/lookup';
import { formatMetadataFile, parseMetadataFile, type MetadataFile } from '../core/metadata/store';
import { titleMatchText } from '../core/metadata/match';
import type { ParsedDigest } from '../core/model';
import { decodeText } from '../core/util/text';
import type { CliContext } from './context';
import { metadataPath } from './context';
import { describeFileError } from './nodeFileStore';

export interface IdentifierOptions {
  readonly online: boolean;
  readonly endpoints: Partial<LookupEndpoints>;
  readonly verbose: boolean;
}

/** The arguments that are identifiers and name no file; the rest are files. */
export async function splitIdentifiers(
  context: CliContext,
  args: readonly string[],
): Promise<{ files: string[]; identifiers: Identifier[] }> {
  const files: string[] = [];
  const identifiers: Identifier[] = [];
  for (const arg of args) {
    const identifier = parseIdentifier(arg);
    const isFile = identifier === undefined || (await context.store.stat(arg).catch(() => undefined)) !== undefined;
    if (isFile) files.push(arg);
    else identifiers.push(identifier!);
  }
  return { files, identifiers };
}

/**
 * The identifiers' papers as one digest (day "Added"), the metadata file written when a lookup
 * answered; status 1 when one could not be resolved or the file could not be read or written.
 */
export async function identifierDigest(
  context: CliContext,
  identifiers: readonly Identifier[],
  options: IdentifierOptions,
): Promise<{ digest?: ParsedDigest; status: number }> {
  const path = metadataPath(context);
  const stored = await readFile(context, path);
  if (stored === undefined) return { status: 1 };
  const services = context.services ?? {};
  const lookup = options.online
    ? {
        fetch: services.fetch ?? (globalThis.fetch as unknown as FetchLike),
        clock: services.clock,
        endpoints: options.endpoints,
        userAgent: `digest-notes/${version}`,
        log: options.verbose
          ? (e: { url: string; status?: number; error?: string; ms: number }) =>
              context.report(`GET ${e.url} ${e.status ?? e.error} (${e.ms} ms)`)
          : undefined,
      }
    : undefined;
  const resolution = await resolveIdentifiers(identifiers, stored.file, lookup);
  let status = 0;
  for (const line of describeUnresolved(resolution)) {
    context.report(
      options.online ? line : `${line.replace(/: offline: lookups are not allowed$/, '')}: not in ${path} (--online looks it up)`,
    );
    status = 1;
  }
  const now = (services.now?.() ?? new Date()).toISOString();
  const file = recordAdded(
    stored.file,
    resolution.found.map(found => found.answer),
    now,
  );
  const text = formatMetadataFile(file);
  if (resolution.found.length > 0 && text !== stored.text) {
    try {
      await context.store.writeFile(path, new TextEncoder().encode(text));
    } catch (error) {
      context.report(`${path}: ${describeFileError(error)}`);
      status = 1;
    }
  }
  const titles = new Set(resolution.found.map(found => titleMatchText(found.answer.title)));
  const mine: MetadataFile = { records: file.records.filter(record => titles.has(titleMatchText(record.title))) };
  return { digest: addedDigest(mine, path), status };
}

async function readFile(context: CliContext, path: string): Promise<{ text: string; file: MetadataFile } | undefined> {
  try {
    if ((await context.store.stat(path)) === undefined) return { text: '', file: { records: [] } };
    const text = decodeText(await context.store.readFile(path));
    const read = text === null ? undefined : parseMetadataFile(text);
    if (text !== null && read !== undefined && read.error === undefined) return { text, file: read.file };
    context.report(`${path}: ${read?.error ?? 'not a text file'}`);
  } catch (error) {
    context.report(`${path}: ${describeFileError(error)}`);
  }
  return undefined;
}
