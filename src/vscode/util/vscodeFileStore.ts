import * as vscode from 'vscode';
import type { FileStat, FileStore } from '../../core/fileStore';

/**
 * The core's file port over `vscode.workspace.fs`, so remote and virtual workspaces work.
 * Paths are URI strings.
 */
export class VscodeFileStore implements FileStore {
  async readFile(path: string): Promise<Uint8Array> {
    return vscode.workspace.fs.readFile(vscode.Uri.parse(path));
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    const uri = vscode.Uri.parse(path);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    // workspace.fs.writeFile replaces the file as one operation on every provider we target.
    await vscode.workspace.fs.writeFile(uri, data);
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(vscode.Uri.parse(path));
      const kind = stat.type & vscode.FileType.Directory ? 'directory' : 'file';
      return { kind, size: stat.size, mtime: stat.mtime };
    } catch {
      return undefined;
    }
  }

  async readDirectory(path: string): Promise<Array<[string, 'file' | 'directory']>> {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(path));
    return entries.map(([name, type]) => [name, type & vscode.FileType.Directory ? 'directory' : 'file']);
  }

  join(folder: string, ...parts: string[]): string {
    return vscode.Uri.joinPath(vscode.Uri.parse(folder), ...parts).toString();
  }
}
