/**
 * The command line's one write path: new content goes to a temporary file beside the target,
 * which is then renamed over it. A reader, a crash or a full disk sees the old file or the new
 * one, never half of one, and the old one is never deleted first.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readlink, rename, rm } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileKindOf, notRegularFileMessage } from '../core/util/fileLimits';
import { describeFileError, errorCode, FileRefusal } from './fileErrors';

export interface WriteOptions {
  /**
   * Runs once the new content is safely in the temporary file, just before it replaces the
   * target: the last moment to look at the target again (has someone else changed it?). If it
   * throws, nothing is replaced, the temporary file is removed and the error is passed on.
   */
  readonly beforeReplace?: () => Promise<void>;
}

/** POSIX's SYMLOOP_MAX is at least 8; Linux follows 40 links before ELOOP. */
const MAX_LINKS = 40;

/**
 * Writes `data` to `path` atomically. A symbolic link is written through: its target is
 * replaced and the link stays a link. The target's permission bits are kept (a 600 file stays
 * 600). The temporary name has a random suffix and is created exclusively, so two writers never
 * share one. Parent folders are created as needed.
 */
export async function writeFileAtomically(path: string, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
  const target = await followLinks(path);
  const folder = dirname(target);
  await makeFolder(folder);
  const previous = await lstatOrUndefined(target);
  if (previous !== undefined && !previous.isFile()) {
    throw new FileRefusal(notRegularFileMessage(fileKindOf(previous)), 'not-regular');
  }
  const temporary = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  await writeTemporary(temporary, data, previous);
  try {
    await options.beforeReplace?.();
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  try {
    await rename(temporary, target);
  } catch (error) {
    // rename(2) either replaces the target or leaves it as it was. So when the target is still
    // the file we saw before (or still absent), the old content is intact and the temporary file
    // holds only the new content, which the failed command can make again: it is removed. If the
    // target is not what we saw (something else removed or replaced it meanwhile), the temporary
    // file may be the only copy of anything: it is kept, and the message says where it is.
    const now = await lstatOrUndefined(target);
    if (sameFile(previous, now)) {
      await rm(temporary, { force: true });
      throw error;
    }
    throw new Error(`${describeFileError(error)}; the new content is kept in ${temporary}`, { cause: error });
  }
}

/** The path a write should replace: `path` with every symbolic link along its end followed. */
async function followLinks(path: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    // A part of the path that is a file (ENOTDIR) is left for makeFolder to name.
    const info = await lstatOrUndefined(current).catch(error => {
      if (errorCode(error) === 'ENOTDIR') return undefined;
      throw error;
    });
    if (info === undefined || !info.isSymbolicLink()) return current;
    // A dangling link is followed too: its target is created, and the link then works.
    current = resolve(dirname(current), await readlink(current));
  }
  throw Object.assign(new Error(`too many levels of symbolic links: ${path}`), { code: 'ELOOP' });
}

/** Creates the folder; when a part of its path is a file, says which. */
async function makeFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'EEXIST' && code !== 'ENOTDIR') throw error;
    for (let at = folder; dirname(at) !== at; at = dirname(at)) {
      const info = await lstatOrUndefined(at);
      if (info !== undefined && !info.isDirectory()) {
        throw new Error(`cannot create the folder ${folder}: ${at} is a file, not a folder`, { cause: error });
      }
    }
    throw error;
  }
}

async function writeTemporary(temporary: string, data: Uint8Array, previous: Stats | undefined): Promise<void> {
  const mode = previous === undefined ? 0o666 : previous.mode & 0o777;
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(data);
    // Creation applies the umask (a 664 file would come back 644): set the old bits exactly.
    if (previous !== undefined) await handle.chmod(mode);
    // On disk before the rename, so a crash cannot leave an empty file where the old one was.
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function sameFile(before: Stats | undefined, after: Stats | undefined): boolean {
  if (before === undefined || after === undefined) return before === after;
  return before.dev === after.dev && before.ino === after.ino && before.size === after.size && before.mtimeMs === after.mtimeMs;
}
