import * as vscode from 'vscode';
import { deleteFile } from '../util/files';
import { DigestSnapshotStore } from './digestSnapshot';

/**
 * Where the search index is saved between sessions: the extension's workspace storage, so a
 * window reload of a large workspace restores it instead of indexing every abstract again
 * (measured with 10k papers: about 1 s against 2.5-6 s).
 *
 * The index worker (src/indexWorker) reads and writes the file itself, in its own thread. The
 * saved index checks itself paper by paper when loaded (a fingerprint of each paper's title and
 * abstract; what changed is re-indexed), so it needs no file stamps to stay correct; an
 * unreadable or foreign file is ignored and written over. On disk it is JSON lines
 * (`core/jsonLines.ts`).
 */

const FILE_NAME = 'search-index.jsonl';
/** The digests parsed last session (digestSnapshot.ts), beside the index. */
const DIGESTS_FILE_NAME = 'digests.jsonl';

/**
 * The saved index's place for this workspace; undefined without a workspace folder (nothing
 * worth caching) or when storage is not on the local disk: the worker uses Node's file system.
 */
export function indexCacheFor(context: vscode.ExtensionContext): IndexCache | undefined {
  const folder = context.storageUri ?? context.globalStorageUri;
  if (!vscode.workspace.workspaceFolders?.length || !folder || folder.scheme !== 'file') {
    return undefined;
  }
  return new IndexCache(vscode.Uri.joinPath(folder, FILE_NAME));
}

export class IndexCache {
  /** The digest snapshot's file. */
  readonly digestsFile: vscode.Uri;

  constructor(readonly file: vscode.Uri) {
    this.digestsFile = vscode.Uri.joinPath(file, '..', DIGESTS_FILE_NAME);
  }

  /** The digest snapshot kept beside the index. */
  digests(): DigestSnapshotStore {
    return new DigestSnapshotStore(this.digestsFile);
  }

  /** Removes the saved index and the digest snapshot (a cold start next time). */
  async clear(): Promise<void> {
    await deleteFile(this.file);
    await deleteFile(this.digestsFile);
  }
}
