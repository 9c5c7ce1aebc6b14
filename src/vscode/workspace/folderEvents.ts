import * as vscode from 'vscode';
import { statFile } from '../util/files';
import { topmost } from '../../core/util/uriTree';
import { Disposable } from '../util/disposable';

/** How long creations are gathered, from the first, before they are looked at for folders. */
const CREATED_BATCH_MS = 200;

/**
 * Folders created, moved in and deleted anywhere in the workspace, for the indexes that watch
 * files by pattern (digests, drafts, notes). A watcher on a pattern misses them: a deleted folder
 * fires one event, for the folder, none for the files in it; a folder moved into the workspace
 * reports none of its files; and a file written into a folder just made can go unreported
 * (inotify watches a folder only once it has seen it: parcel-bundler/watcher#243; measured here,
 * 7 of 20 such files were missed, and 20 of 20 files of moved-in folders).
 *
 * One watcher on everything, shared, started by the first index that loads.
 */
export class FolderEvents extends Disposable {
  private readonly createdEmitter = this.register(new vscode.EventEmitter<readonly vscode.Uri[]>());
  private readonly deletedEmitter = this.register(new vscode.EventEmitter<vscode.Uri>());
  /** Folders created or moved in; a folder inside another of the same batch is left out. */
  readonly onDidCreateFolders = this.createdEmitter.event;
  /** A file or folder deleted or moved out: everything inside it is gone too. */
  readonly onDidDelete = this.deletedEmitter.event;
  private watching = false;
  private created: string[] = [];
  private createdTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.register({ dispose: () => clearTimeout(this.createdTimer) });
  }

  /** Starts watching, once; before that nothing fires. */
  start(): void {
    if (this.watching) {
      return;
    }
    this.watching = true;
    const everything = this.register(vscode.workspace.createFileSystemWatcher('**', false, true, false));
    this.register(everything.onDidCreate(uri => this.gather(uri)));
    this.register(everything.onDidDelete(uri => this.deletedEmitter.fire(uri)));
  }

  /**
   * A checkout or an unzip creates many at once: they are looked at together, a moment after the
   * first (not the last, so a steady stream of new files cannot put the look off for good).
   */
  private gather(uri: vscode.Uri): void {
    this.created.push(uri.toString());
    this.createdTimer ??= setTimeout(() => {
      this.createdTimer = undefined;
      void this.announceFolders();
    }, CREATED_BATCH_MS);
  }

  private async announceFolders(): Promise<void> {
    const created = topmost(this.created.splice(0)).map(uri => vscode.Uri.parse(uri));
    const folders = (await Promise.all(created.map(async uri => ((await isFolder(uri)) ? uri : undefined)))).filter(
      (uri): uri is vscode.Uri => uri !== undefined,
    );
    if (folders.length > 0) {
      this.createdEmitter.fire(folders);
    }
  }
}

/** Whether `uri` is a folder; false when it vanished or cannot be read. */
async function isFolder(uri: vscode.Uri): Promise<boolean> {
  return (await statFile(uri))?.kind === 'directory';
}
