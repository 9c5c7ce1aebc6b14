import * as vscode from 'vscode';

/** The open (possibly unsaved) document at `uri`, if any: its text wins over the file's. */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find(d => !d.isClosed && d.uri.toString() === key);
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
    if (options.strict && !(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) {
      throw error;
    }
    return false;
  }
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
