import * as vscode from 'vscode';
import type { Services } from '../services';

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

export function register(context: vscode.ExtensionContext, services: Services): void {
  const folder = context.storageUri ?? context.globalStorageUri;
  // The worker uses Node's file system: storage elsewhere (a virtual file system) goes unsaved.
  if (!vscode.workspace.workspaceFolders?.length || !folder || folder.scheme !== 'file') {
    return; // nothing worth caching without a workspace
  }
  const cache = new IndexCache(vscode.Uri.joinPath(folder, FILE_NAME));
  services.workspace.useIndexCache(cache.file.fsPath);
  services.api.indexCache = cache;
}

export class IndexCache {
  constructor(readonly file: vscode.Uri) {}

  /** Removes the saved index (a cold start next time). */
  async clear(): Promise<void> {
    await vscode.workspace.fs.delete(this.file).then(undefined, () => undefined);
  }
}
