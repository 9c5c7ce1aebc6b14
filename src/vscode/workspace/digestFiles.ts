import * as vscode from 'vscode';
import { detectSourceKind, parseAnyDigestBytesInBackground, parseAnyDigestInBackground } from '../../core/digest/sources';
import type { ParsedDigest } from '../../core/model';
import { yieldToEventLoop } from '../../core/util/slices';
import { decodeTextHead } from '../../core/util/text';
import { isInside } from '../../core/util/uriTree';
import { config } from '../util/config';
import type { FileStamp } from '../../core/digest/snapshot';
import { openDocument, readBytesStamped, readHead } from '../util/files';

/** The longest a parse or the library build holds the host at a time (GC aside). */
export const HOST_SLICE_MS = 10;
/** How much of a `.txt` file is decoded to tell whether it is a digest: `looksLikeDigest` reads 256K characters at most. */
const DETECTION_BYTES = 1024 * 1024;
/** At most this many files of each detected kind are looked into for digests. */
const MAX_TXT_FILES = 5000;

/**
 * Files that may be digests by content: saved pages (`.txt`), Hugging Face JSON, arXiv RSS (and
 * other XML), arXiv listing e-mails (`.eml`, `.txt`). Only their heads are read to tell; a JSON or
 * XML file that is none of the sources (a `package.json`) is left alone.
 */
export const DETECTED_GLOB = '**/*.{txt,json,xml,rss,atom,eml}';

/**
 * The workspace's digest files: those the `digestNotes.digestGlob` setting names, and files of
 * the kinds above whose content is a digest. With `under`, only those inside these folders.
 */
export async function findDigestUris(under?: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
  const folders = under?.map(folder => folder.toString());
  const inside = folders && ((uri: vscode.Uri) => folders.some(folder => isInside(uri.toString(), folder)));
  const exclude = config.excludeGlob();
  // Both searches at once: each is a round trip to the workbench and a file search (ripgrep) of its own.
  const textGlobs = !config.detectTxtDigests()
    ? []
    : under
      ? under.map(folder => new vscode.RelativePattern(folder, DETECTED_GLOB))
      : [DETECTED_GLOB];
  const [namedFound, ...textsFound] = await Promise.all([
    vscode.workspace.findFiles(config.digestGlob(), exclude),
    ...textGlobs.map(glob => vscode.workspace.findFiles(glob, exclude, MAX_TXT_FILES)),
  ]);
  const named = namedFound.filter(uri => !inside || inside(uri));
  if (!config.detectTxtDigests()) {
    return named;
  }
  const seen = new Set(named.map(u => u.toString()));
  const texts = textsFound.flat();
  const detected = await Promise.all(
    texts
      .filter(u => !seen.has(u.toString()))
      .map(async uri => {
        return (await looksLikeDigestFile(uri)) ? uri : undefined;
      }),
  );
  return [...named, ...detected.filter((u): u is vscode.Uri => u !== undefined)];
}

/**
 * Whether a `.txt` file looks like a digest, from its head alone: a workspace of large logs must
 * not be read whole to find out (four 208 MB logs took the host from 148 MB to 990 MB).
 */
async function looksLikeDigestFile(uri: vscode.Uri): Promise<boolean> {
  const head = await readHead(uri, DETECTION_BYTES, { maxBytes: config.maxFileBytes() });
  return head !== undefined && headLooksLikeDigest(head);
}

/** Only the file's start is decoded for this: a large log file is not decoded whole. */
function headLooksLikeDigest(bytes: Uint8Array): boolean {
  const head = decodeTextHead(bytes, DETECTION_BYTES);
  return typeof head === 'string' && detectSourceKind(head, '') !== undefined;
}

/**
 * An open editor's text (unsaved edits win), else the file's, parsed in slices and in its own
 * turns of the event loop: a digest of thousands of papers would hold the host a few hundred
 * ms at once, and reads finishing together would otherwise be parsed back to back.
 * With `detect`, only when the text looks like a digest (a `.txt` file), from the same one read.
 */
export async function readDigest(uri: vscode.Uri, options: { readonly detect?: boolean } = {}): Promise<ParsedDigest | undefined> {
  const parseOptions = { defaultYear: config.defaultYear() };
  const open = openDocument(uri);
  if (open) {
    const text = open.getText();
    const kind = detectSourceKind(text, uri.path);
    if (options.detect && !kind) {
      return undefined;
    }
    return parseAnyDigestInBackground(text, uri.toString(), { ...parseOptions, kind }, { sliceMs: HOST_SLICE_MS });
  }
  if (options.detect && !(await looksLikeDigestFile(uri))) {
    return undefined; // only the file's head was read
  }
  const read = await readBytesStamped(uri, { maxBytes: config.maxFileBytes() });
  if (read === undefined) {
    return undefined; // missing, not a regular file, or over the size cap
  }
  await yieldToEventLoop();
  const digest = await parseAnyDigestBytesInBackground(read.bytes, uri.toString(), parseOptions, { sliceMs: HOST_SLICE_MS });
  if (!digest) {
    return undefined;
  }
  stamps.set(digest, read.stamp);
  return digest;
}

/** The file's stamp when a digest was read from disk (not from an editor's text). */
const stamps = new WeakMap<ParsedDigest, FileStamp>();

/** What the file looked like when `digest` was read from it; undefined when it came from an editor. */
export function stampOf(digest: ParsedDigest): FileStamp | undefined {
  return stamps.get(digest);
}

/** Records a digest restored from the snapshot with the stamp its file still has. */
export function restoredDigest(digest: ParsedDigest, stamp: FileStamp): ParsedDigest {
  stamps.set(digest, stamp);
  return digest;
}
