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
