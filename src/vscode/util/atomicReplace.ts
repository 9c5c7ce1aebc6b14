import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, isAbsolute } from 'node:path';

/**
 * Replaces a local file as one step: the new bytes go to a temporary file beside the real target
 * (created exclusively, under a random name), which is then renamed over it. A reader, or a crash,
 * sees the old file or the new one, never half of one, and never neither:
 * `workspace.fs.rename(tmp, target, { overwrite: true })` deletes the target before it moves, so
 * a failed move lost both copies. A symlink is written through (its target is replaced and the
 * link stays a link) and the file keeps its permissions (a 600 file stays 600).
 *
 * When the rename fails, the temporary file is left in place and named in the error: the target
 * still holds its old bytes, and the temporary file holds the only copy of the new ones.
 */
export async function replaceFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const target = await realPathOf(path);
  const folder = dirname(target);
  await mkdir(folder, { recursive: true });
  const previous = await stat(target).catch(() => undefined);
  const temporary = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temporary, bytes, { flag: 'wx', mode: previous ? previous.mode & 0o7777 : 0o666 });
  if (previous) {
    await chmod(temporary, previous.mode & 0o7777); // the umask may have narrowed writeFile's mode
  }
  try {
    await rename(temporary, target);
  } catch (error) {
    throw new Error(`could not replace ${target} (${(error as Error).message}); the new content is kept in ${temporary}.`, {
      cause: error,
    });
  }
}

/**
 * Where a write to `path` really lands, through symlinks: the real path of the file, or for one
 * that does not exist yet, the real path of its nearest existing folder with the rest appended
 * (a new note in a notes folder still to be made lands where that folder's parent really is).
 */
export async function realPathOf(path: string): Promise<string> {
  const rest: string[] = [];
  let at = path;
  for (;;) {
    try {
      return join(await realpath(at), ...rest.reverse());
    } catch {
      const parent = dirname(at);
      if (parent === at) {
        return path; // nothing of it exists, not even the root: leave it as given
      }
      rest.push(basename(at));
      at = parent;
    }
  }
}

/** Writes a new file, failing (false) when something stands there already: a note is never overwritten. */
export async function createExclusively(path: string, bytes: Uint8Array): Promise<boolean> {
  try {
    await writeFile(path, bytes, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  }
}

/** The first `length` bytes of a local file, read without reading the rest. */
export async function readFileHead(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Whether `path` is `folder` or inside it (both real, absolute paths). */
export function isInsidePath(path: string, folder: string): boolean {
  const rest = relative(folder, path);
  return rest === '' || (!rest.startsWith('..') && !isAbsolute(rest));
}
