/** The core's FileStore port over node:fs, for the command line. */
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FileStat, FileStore } from '../core/fileStore';

export class NodeFileStore implements FileStore {
  async readFile(path: string): Promise<Uint8Array> {
    return readFile(path);
  }

  /**
   * Writes to a temporary file beside the target, then renames it over the target: a reader (or
   * a crash) sees the old file or the new one, never half of one. Keeps the old file's mode.
   */
  async writeFile(path: string, data: Uint8Array): Promise<void> {
    const folder = dirname(path);
    await mkdir(folder, { recursive: true });
    const temporary = join(folder, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    try {
      await writeFile(temporary, data, { flag: 'wx' });
      // Keep the replaced file's permissions.
      const previous = await stat(path).catch(() => undefined);
      if (previous !== undefined) await chmod(temporary, previous.mode & 0o7777);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const info = await stat(path);
      return { kind: info.isDirectory() ? 'directory' : 'file', size: info.size, mtime: info.mtimeMs };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async readDirectory(path: string): Promise<Array<[string, 'file' | 'directory']>> {
    const entries = await readdir(path, { withFileTypes: true });
    const result: Array<[string, 'file' | 'directory']> = [];
    for (const entry of entries) {
      if (entry.isDirectory()) result.push([entry.name, 'directory']);
      else if (entry.isFile()) result.push([entry.name, 'file']);
      else if (entry.isSymbolicLink()) {
        // A linked file counts; a linked folder does not, so a link cycle cannot trap a walk.
        const target = await this.stat(join(path, entry.name)).catch(() => undefined);
        if (target?.kind === 'file') result.push([entry.name, 'file']);
      }
    }
    return result;
  }

  join(folder: string, ...parts: string[]): string {
    return join(folder, ...parts);
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A short reason for a failed file operation, for a one-line message. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
