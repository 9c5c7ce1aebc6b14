/**
 * The port through which the core reaches files. The VS Code layer implements it with
 * `vscode.workspace.fs` (so remote and virtual workspaces work); the CLI with `node:fs`; tests
 * with an in-memory map. Paths are opaque strings to the core: file-system paths for the CLI,
 * URI strings for VS Code.
 */
export interface FileStore {
  /** Rejects when the file is missing or unreadable. */
  readFile(path: string): Promise<Uint8Array>;
  /** Writes the whole file, creating parent folders; never leaves it half-written. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** Undefined when nothing is there. */
  stat(path: string): Promise<FileStat | undefined>;
  /** Entries of a folder as [name, kind]. */
  readDirectory(path: string): Promise<Array<[string, 'file' | 'directory']>>;
  /** Joins a folder path and a relative path in the store's own syntax. */
  join(folder: string, ...parts: string[]): string;
}

export interface FileStat {
  readonly kind: 'file' | 'directory';
  readonly size: number;
  readonly mtime: number;
}
