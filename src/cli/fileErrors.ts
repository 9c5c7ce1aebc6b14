/** File problems in words, for one-line messages: never a raw `ELOOP: ...` text. */

/** A file the command line will not read or replace, with the reason as its message. */
export class FileRefusal extends Error {
  constructor(
    message: string,
    readonly reason: 'not-regular' | 'too-large' | 'changed',
  ) {
    super(message);
  }
}

const WORDS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'no such file or folder (a part of the path is a file, not a folder)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  ELOOP: 'too many levels of symbolic links (the links form a loop)',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'the name is too long',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EMFILE: 'too many files open',
  ENFILE: 'too many files open',
  EBUSY: 'busy (in use by another program)',
  EIO: 'input/output error',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EXDEV: 'cannot move between file systems',
  EINVAL: 'invalid argument',
  ETXTBSY: 'busy (a running program)',
};

/** A short reason for a failed file operation, for a one-line message. */
export function describeFileError(error: unknown): string {
  if (error instanceof FileRefusal) return error.message;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== undefined && WORDS[code] !== undefined) return WORDS[code];
  const message = error instanceof Error ? error.message : String(error);
  // Node's own form, "ECODE: what happened, syscall 'path'": keep only what happened.
  const node = /^[A-Z][A-Z0-9_]+: ([^,\n]+)/.exec(message);
  return (node?.[1] ?? message).split('\n')[0];
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}
