import * as vscode from 'vscode';
import { readSnapshot, writeSnapshot, type SnapshotFile } from '../../core/digest/snapshot';
import type { ParsedDigest } from '../../core/model';
import { decodeLines, encodeLines } from '../../core/util/jsonLines';
import { config } from '../util/config';
import { openDocument, readBytes, statFile, writeFileWhole } from '../util/files';
import { log } from '../util/log';
import { HOST_SLICE_MS, restoredDigest, stampOf } from './digestFiles';

/** What a reload takes from the snapshot: digests whose files are unchanged, and files to read again. */
export interface RestoredDigests {
  readonly unchanged: ReadonlyArray<{ readonly uri: vscode.Uri; readonly digest: ParsedDigest }>;
  /** Files of the snapshot changed (size or time), or open in an editor with unsaved text. */
  readonly changed: readonly vscode.Uri[];
  /** Files of the snapshot that are gone. */
  readonly missing: number;
}

/**
 * The digests parsed last session (core/digest/snapshot.ts), in the extension's workspace storage
 * beside the saved search index. Loaded on a reload before anything else, so the Papers view and
 * the search have the papers at once; the workspace scan that follows finds files added meanwhile.
 */
export class DigestSnapshotStore {
  constructor(private readonly file: vscode.Uri) {}

  /**
   * The snapshot checked against the disk: each file stat'ed (no reads) and kept only when its
   * size and modification time are those it was parsed with. Undefined when there is no usable
   * snapshot (the reason is logged): then everything is read.
   */
  async restore(): Promise<RestoredDigests | undefined> {
    const bytes = await readBytes(this.file);
    if (!bytes) {
      return undefined;
    }
    let files: SnapshotFile[];
    try {
      files = await readSnapshot(await decodeLines(bytes, { sliceMs: HOST_SLICE_MS }), settingsKey(), { sliceMs: HOST_SLICE_MS });
    } catch (error) {
      log.info(`digest snapshot not used: ${(error as Error).message}`);
      return undefined;
    }
    const unchanged: Array<{ uri: vscode.Uri; digest: ParsedDigest }> = [];
    const changed: vscode.Uri[] = [];
    let missing = 0;
    await Promise.all(
      files.map(async ({ uri: key, stamp, digest }) => {
        const uri = vscode.Uri.parse(key);
        const now = await statFile(uri);
        if (!now || now.kind !== 'file') {
          missing += 1;
        } else if (now.size !== stamp.size || now.mtime !== stamp.mtime || openDocument(uri)?.isDirty) {
          changed.push(uri);
        } else {
          unchanged.push({ uri, digest: restoredDigest(digest, stamp) });
        }
      }),
    );
    return { unchanged, changed, missing };
  }

  /**
   * Saves the digests read from disk (an editor's unsaved text is not the file's, and is left out).
   * `current` is asked before writing: a save that outlived its load (a reset) writes nothing.
   */
  async save(digests: ReadonlyMap<string, ParsedDigest>, current: () => boolean = () => true): Promise<void> {
    const files: SnapshotFile[] = [];
    for (const [uri, digest] of [...digests].sort(([a], [b]) => a.localeCompare(b))) {
      const stamp = stampOf(digest);
      if (stamp) {
        files.push({ uri, stamp, digest });
      }
    }
    const lines = await writeSnapshot(files, settingsKey(), { sliceMs: HOST_SLICE_MS });
    const bytes = await encodeLines(lines, { sliceMs: HOST_SLICE_MS });
    if (current()) {
      await writeFileWhole(this.file, bytes);
    }
  }
}

/** What parsing depended on besides the file: a snapshot written under other settings is not used. */
function settingsKey(): string {
  const version = vscode.extensions.getExtension('digest-notes.digest-notes')?.packageJSON?.version as string | undefined;
  return JSON.stringify([
    version,
    config.digestGlob(),
    config.excludeGlob(),
    config.detectTxtDigests(),
    config.defaultYear(),
    config.maxFileBytes(),
  ]);
}
