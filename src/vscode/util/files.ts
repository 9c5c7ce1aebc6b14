import * as vscode from 'vscode';
import { decodeText } from '../../core/util/text';
import { createExclusively, isInsidePath, readFileHead, realPathOf, replaceFileAtomically } from './atomicReplace';

/**
 * The one way the glue reads and writes files. Everything goes through `vscode.workspace.fs`
 * (so remote and virtual workspaces work), except the atomic replace of a `file:` file, which
 * `workspace.fs.rename` cannot do (it deletes the target first; see atomicReplace.ts).
 *
 * The core's `FileStore` port is not used here: the glue works in `vscode.Uri`s and open
 * documents, which the port cannot express; the CLI implements the port with `node:fs`.
 */

/** The open (possibly unsaved) document at `uri`, if any: its text wins over the file's. */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find(d => !d.isClosed && d.uri.toString() === key);
}

export interface FileInfo {
  readonly kind: 'file' | 'directory' | 'other';
  readonly size: number;
  readonly mtime: number;
}

/** What stands at `uri`; undefined when nothing does (or it cannot be reached). */
export async function statFile(uri: vscode.Uri): Promise<FileInfo | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    const kind = stat.type & vscode.FileType.Directory ? 'directory' : stat.type & vscode.FileType.File ? 'file' : 'other';
    return { kind, size: stat.size, mtime: stat.mtime };
  } catch {
    return undefined;
  }
}

/**
 * Whether something stands at `uri`: an open document (even never saved) or a file.
 * With `strict`, an error other than "not found" is thrown rather than read as absence, for
 * callers about to create the file (better no write than a write over something unreadable).
 */
export async function fileExists(uri: vscode.Uri, options: { strict?: boolean } = {}): Promise<boolean> {
  if (openDocument(uri)) {
    return true;
  }
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch (error) {
    if (options.strict && !isFileNotFound(error)) {
      throw error;
    }
    return false;
  }
}

export function isFileNotFound(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && error.code === 'FileNotFound';
}

/**
 * The file's bytes; undefined when it is missing or vanished between listing and reading. Only
 * regular files are read: a FIFO would never end and a device never stop (`maxBytes` caps the rest).
 */
export async function readBytes(uri: vscode.Uri, options: { readonly maxBytes?: number } = {}): Promise<Uint8Array | undefined> {
  if (options.maxBytes !== undefined) {
    const info = await statFile(uri);
    if (!info || info.kind !== 'file' || info.size > options.maxBytes) {
      return undefined;
    }
  }
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined;
  }
}

/**
 * As `readBytes` with `maxBytes`, with the size and modification time the file had just before it
 * was read (a change after that stat makes the stamp older than the bytes, so it is read again).
 */
export async function readBytesStamped(
  uri: vscode.Uri,
  options: { readonly maxBytes: number },
): Promise<{ readonly bytes: Uint8Array; readonly stamp: { readonly size: number; readonly mtime: number } } | undefined> {
  const info = await statFile(uri);
  if (!info || info.kind !== 'file' || info.size > options.maxBytes) {
    return undefined;
  }
  try {
    return { bytes: await vscode.workspace.fs.readFile(uri), stamp: { size: info.size, mtime: info.mtime } };
  } catch {
    return undefined;
  }
}

/**
 * At most the first `length` bytes of a regular file (a bounded read on `file:`; elsewhere the
 * provider reads it whole, then it is cut). Undefined when missing, not a file or over `maxBytes`.
 */
export async function readHead(
  uri: vscode.Uri,
  length: number,
  options: { readonly maxBytes?: number } = {},
): Promise<Uint8Array | undefined> {
  const info = await statFile(uri);
  if (!info || info.kind !== 'file' || (options.maxBytes !== undefined && info.size > options.maxBytes)) {
    return undefined;
  }
  if (uri.scheme === 'file') {
    return readFileHead(uri.fsPath, length).catch(() => undefined);
  }
  const bytes = await readBytes(uri);
  return bytes && bytes.subarray(0, length);
}

/** The file's text as the digests are decoded; undefined when missing or binary. */
export async function readText(uri: vscode.Uri, options: { readonly maxBytes?: number } = {}): Promise<string | undefined> {
  const bytes = await readBytes(uri, options);
  return (bytes && decodeText(bytes)) ?? undefined;
}

/** An open document's text (unsaved edits win), else the file's. */
export async function readCurrentText(uri: vscode.Uri, options: { readonly maxBytes?: number } = {}): Promise<string | undefined> {
  return openDocument(uri)?.getText() ?? readText(uri, options);
}

/** A folder's entries; empty when it is missing. */
export async function listDirectory(uri: vscode.Uri): Promise<Array<[string, vscode.FileType]>> {
  try {
    return await vscode.workspace.fs.readDirectory(uri);
  } catch {
    return [];
  }
}

export async function deleteFile(uri: vscode.Uri): Promise<void> {
  await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
}

/**
 * Replaces the file whole so readers never see half of it: on `file:` an atomic rename over the
 * target (mode kept, a symlink written through), elsewhere the provider's own `writeFile`.
 */
export async function writeFileWhole(uri: vscode.Uri, bytes: Uint8Array): Promise<void> {
  if (uri.scheme === 'file') {
    await replaceFileAtomically(uri.fsPath, bytes);
    return;
  }
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  await vscode.workspace.fs.writeFile(uri, bytes);
}

/**
 * Creates a file that must not exist yet (a note): never writes over one. On `file:` the create
 * is exclusive (`wx`), so a file that appeared a moment ago is not overwritten; elsewhere
 * `workspace.fs` has no create-only write and a stat just before is the guard. Returns false when
 * the file is there already.
 */
export async function createNewFile(uri: vscode.Uri, bytes: Uint8Array): Promise<boolean> {
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  if (uri.scheme === 'file') {
    return createExclusively(uri.fsPath, bytes);
  }
  if (await fileExists(uri, { strict: true })) {
    return false;
  }
  await vscode.workspace.fs.writeFile(uri, bytes);
  return true;
}

/** A URI string (as the model records digest paths), or a plain path (the CLI's style) as a file. */
export function uriOf(pathOrUri: string): vscode.Uri {
  return hasScheme(pathOrUri) ? vscode.Uri.parse(pathOrUri) : vscode.Uri.file(pathOrUri);
}

/**
 * The URI a command was given: a Uri, a URI string, the first of an array (a multi-selection), or
 * a node with `resourceUri`, `uri` or `source`. A plain path counts only with `plainPaths`, for
 * commands whose string argument may also be a paper key.
 */
export function uriFromArgument(arg: unknown, options: { readonly plainPaths: boolean }): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) {
    return arg;
  }
  if (typeof arg === 'string') {
    return arg !== '' && (options.plainPaths || hasScheme(arg)) ? uriOf(arg) : undefined;
  }
  if (Array.isArray(arg)) {
    return uriFromArgument(arg[0], options);
  }
  if (typeof arg === 'object' && arg !== null) {
    const node = arg as Record<string, unknown>;
    for (const field of ['resourceUri', 'uri', 'source']) {
      const found = uriFromArgument(node[field], options);
      if (found) {
        return found;
      }
    }
  }
  return undefined;
}

function hasScheme(value: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(value);
}

/**
 * Where a write to `uri` would really land, when that is outside its workspace folder's real
 * path (a symlinked file or folder leading out); undefined when it stays inside (or off `file:`,
 * where there are no links to follow). Path strings alone would miss a link.
 */
export async function realPathOutsideWorkspace(uri: vscode.Uri): Promise<string | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (uri.scheme !== 'file' || !folder || folder.uri.scheme !== 'file') {
    return undefined;
  }
  const [target, root] = await Promise.all([realPathOf(uri.fsPath), realPathOf(folder.uri.fsPath)]);
  return isInsidePath(target, root) ? undefined : target;
}
