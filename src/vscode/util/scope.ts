import * as vscode from 'vscode';
import { config } from './config';

/**
 * Whether a file a watcher reported is one the extension reads: inside a workspace folder and
 * outside the folders `digestNotes.exclude` names. `findFiles` honours the exclude glob itself in
 * the first scan; watcher events need the check spelled out.
 */
export function isInScope(uri: vscode.Uri): boolean {
  if (!vscode.workspace.getWorkspaceFolder(uri)) {
    return false;
  }
  const relative = `/${vscode.workspace.asRelativePath(uri, false)}`;
  return !excludedFolders().some(folder => relative.includes(`/${folder}/`));
}

// Folder names of the exclude setting when it has the usual shape, any-depth folder(s) and
// everything below; node_modules and .git always.
function excludedFolders(): string[] {
  const match = /^\*\*\/(?:\{([^{}]+)\}|([^/{}*]+))\/\*\*$/.exec(config.excludeGlob().trim());
  const names = match ? (match[1] ?? match[2]).split(',').map(n => n.trim()) : [];
  return [...new Set(['node_modules', '.git', ...names])];
}
