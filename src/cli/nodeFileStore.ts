/**
 * The core's FileStore port over node:fs, for the command line. Reads take only regular files, up
 * to a size cap (src/core/util/fileLimits.ts, the rule the extension's scan follows too); writes
 * go through `writeFileAtomically` (./atomicWrite.ts).
 */
import { constants } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FileStat, FileStore } from '../core/fileStore';
import { DEFAULT_MAX_DIGEST_BYTES, fileKindOf, notRegularFileMessage, tooLargeMessage } from '../core/util/fileLimits';
import { writeFileAtomically, type WriteOptions } from './atomicWrite';
import { FileRefusal } from './fileErrors';

export { describeFileError, FileRefusal } from './fileErrors';
export type { WriteOptions } from './atomicWrite';

export interface ReadOptions {
  /** The largest file read, in bytes (default DEFAULT_MAX_DIGEST_BYTES). */
  readonly maxBytes?: number;
}

/** The store the command line works with: the core's port, with read limits and a checked write. */
export interface CliFileStore extends FileStore {
  /** Rejects with a FileRefusal for what is not a regular file, or is larger than `maxBytes`. */
  readFile(path: string, options?: ReadOptions): Promise<Uint8Array>;
  /** Replaces the file atomically; `beforeReplace` may still call it off (see WriteOptions). */
  writeFile(path: string, data: Uint8Array, options?: WriteOptions): Promise<void>;
  /** Whether two paths name the same file: the same path, or the same file through links. */
  isSameFile(a: string, b: string): Promise<boolean>;
}

/** First read when the size is unknown (files in /proc say 0): grown as needed up to the cap. */
const FIRST_READ_BYTES = 64 * 1024;
/** Opening never waits: a FIFO swapped in after the check opens at once instead of blocking. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

export class NodeFileStore implements CliFileStore {
  /** @param sizeControl what raises the cap, named in the too-large message. */
  constructor(private readonly sizeControl = '--max-size') {}

  /**
   * The file's bytes. Checked with `stat` before it is opened, so a FIFO or a device is never
   * opened; checked again on the open handle (the path may have changed in between); read with
   * the cap enforced on the bytes actually read, for files whose size says nothing.
   */
  async readFile(path: string, options: ReadOptions = {}): Promise<Uint8Array> {
    const limit = options.maxBytes ?? DEFAULT_MAX_DIGEST_BYTES;
    this.check(await stat(path), limit);
    const handle = await open(path, READ_FLAGS);
    try {
      const info = await handle.stat();
      this.check(info, limit);
      let buffer = Buffer.allocUnsafe(Math.min(limit, Math.max(info.size, FIRST_READ_BYTES)) + 1);
      let length = 0;
      for (;;) {
        if (length === buffer.length) {
          if (length > limit) throw new FileRefusal(tooLargeMessage(undefined, limit, this.sizeControl), 'too-large');
          const grown = Buffer.allocUnsafe(Math.min(limit + 1, buffer.length * 2));
          buffer.copy(grown, 0, 0, length);
          buffer = grown;
        }
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > limit) throw new FileRefusal(tooLargeMessage(undefined, limit, this.sizeControl), 'too-large');
      return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
    } finally {
      await handle.close();
    }
  }

  private check(info: import('node:fs').Stats, limit: number): void {
    if (!info.isFile()) throw new FileRefusal(notRegularFileMessage(fileKindOf(info)), 'not-regular');
    if (info.size > limit) throw new FileRefusal(tooLargeMessage(info.size, limit, this.sizeControl), 'too-large');
  }

  async writeFile(path: string, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
    await writeFileAtomically(path, data, options);
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const info = await stat(path);
      // Anything that is not a folder is a "file" here; reading it says what it really is.
      return { kind: info.isDirectory() ? 'directory' : 'file', size: info.size, mtime: info.mtimeMs };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /**
   * A folder's entries. A linked folder is left out, so a link cycle cannot trap a walk. Anything
   * else that is not a folder (a FIFO, a device, a dangling or looping link) is listed as a file:
   * reading it then gives the one-line reason, instead of it vanishing without a word.
   */
  async readDirectory(path: string): Promise<Array<[string, 'file' | 'directory']>> {
    const entries = await readdir(path, { withFileTypes: true });
    const result: Array<[string, 'file' | 'directory']> = [];
    for (const entry of entries) {
      if (entry.isDirectory()) result.push([entry.name, 'directory']);
      else if (!entry.isSymbolicLink()) result.push([entry.name, 'file']);
      else {
        const target = await stat(join(path, entry.name)).catch(() => undefined);
        if (target === undefined || !target.isDirectory()) result.push([entry.name, 'file']);
      }
    }
    return result;
  }

  async isSameFile(a: string, b: string): Promise<boolean> {
    if (resolve(a) === resolve(b)) return true;
    // The same file by a link or a hard link: the same device and inode.
    const [infoA, infoB] = await Promise.all([stat(a).catch(() => undefined), stat(b).catch(() => undefined)]);
    return infoA !== undefined && infoB !== undefined && infoA.dev === infoB.dev && infoA.ino === infoB.ino;
  }

  join(folder: string, ...parts: string[]): string {
    return join(folder, ...parts);
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
