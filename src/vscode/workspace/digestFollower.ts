import * as vscode from 'vscode';
import type { ParsedDigest } from '../../core/model';
import { isInside } from '../../core/util/uriTree';
import { config } from '../util/config';
import { findDigestUris, readDigest } from './digestFiles';
import { Disposable } from '../util/disposable';
import { openDocument } from '../util/files';
import type { FolderEvents } from './folderEvents';
import { isInScope } from '../util/scope';

/** How long a file's watcher events are let settle before it is read. */
const FILE_SETTLE_MS = 50;

/** What the follower changes in the workspace's model of digests (digestWorkspace.ts). */
export interface DigestModel {
  has(key: string): boolean;
  /** Keeps a digest read from disk; `changed` announces it. */
  store(key: string, digest: ParsedDigest): void;
  changed(keys: readonly string[]): void;
  /** Drops the digest at `uri`, or every digest under it. */
  forget(uri: vscode.Uri): void;
}

/**
 * Keeps the model's digests current as files change on disk: digest files written (by the
 * settings' glob, or `.txt` files that look like digests), folders created or moved in (searched
 * for digests), and files or folders deleted. Open editors are followed by the model itself.
 */
export class DigestFileFollower extends Disposable {
  private watching = false;
  private fileWatchers: vscode.Disposable | undefined;
  /** Files written on disk, read once their events settle (see `fileWritten`). */
  private readonly pendingFiles = new Map<string, { readonly timer: ReturnType<typeof setTimeout>; readonly named: boolean }>();
  /** The newest read under way of each file (see `startRead`). */
  private readonly reads = new Map<string, number>();
  private lastRead = 0;

  constructor(private readonly model: DigestModel, private readonly folders: FolderEvents) {
    super();
  }

  /**
   * Watches digest files, anew after each load since the settings name them (`digestGlob`,
   * `detectTxtDigests`); folders are watched once for the extension's lifetime.
   */
  follow(): void {
    this.fileWatchers?.dispose();
    this.fileWatchers = this.watchDigestFiles();
    if (this.watching) {
      return;
    }
    this.watching = true;
    this.register({ dispose: () => this.fileWatchers?.dispose() });
    this.register({ dispose: () => this.pendingFiles.forEach(({ timer }) => clearTimeout(timer)) });
    // Deletions come from here, which also sees deleted folders; new folders are searched.
    this.register(this.folders.onDidCreateFolders(folders => this.readCreatedFolders(folders)));
    this.register(this.folders.onDidDelete(uri => this.deleted(uri)));
    this.folders.start();
  }

  private watchDigestFiles(): vscode.Disposable {
    const watchers: vscode.Disposable[] = [];
    const watch = (glob: string, named: boolean) => {
      const watcher = vscode.workspace.createFileSystemWatcher(glob, false, false, true);
      watchers.push(watcher, watcher.onDidCreate(uri => this.fileWritten(uri, named)), watcher.onDidChange(uri => this.fileWritten(uri, named)));
    };
    watch(config.digestGlob(), true);
    if (config.detectTxtDigests()) {
      watch('**/*.txt', false);
    }
    return vscode.Disposable.from(...watchers);
  }

  /**
   * A file written on disk, read a moment later: a save fires "created" and "changed" together,
   * and a `.digest.txt` file is reported by both watchers. `named`: the digest glob matched it.
   */
  private fileWritten(uri: vscode.Uri, named: boolean): void {
    const key = uri.toString();
    const pending = this.pendingFiles.get(key);
    clearTimeout(pending?.timer);
    const timer = setTimeout(() => {
      this.pendingFiles.delete(key);
      void this.readWritten(uri, named || pending?.named === true);
    }, FILE_SETTLE_MS);
    this.pendingFiles.set(key, { timer, named: named || pending?.named === true });
  }

  private async readWritten(uri: vscode.Uri, named: boolean): Promise<void> {
    const key = uri.toString();
    if (openDocument(uri)?.isDirty) {
      return; // the editor's text wins until it is saved
    }
    if (!isInScope(uri)) {
      return; // an excluded folder, as in the first scan
    }
    const read = this.startRead(key);
    // A `.txt` file not known yet counts only when it looks like a digest.
    const digest = await readDigest(uri, { detect: !named && !this.model.has(key) });
    if (digest && this.isLatestRead(key, read)) {
      this.model.store(key, digest);
      this.model.changed([key]);
    }
  }

  /**
   * Numbers reads, so a slow read never lands over a newer read of the same file (the watcher and
   * a new folder's search can read one file at once) nor over the file's deletion.
   */
  private startRead(key: string): number {
    const read = ++this.lastRead;
    this.reads.set(key, read);
    return read;
  }

  /** True when `read` is still the newest for the file; it is forgotten then, its work done. */
  private isLatestRead(key: string, read: number): boolean {
    if (this.reads.get(key) !== read) {
      return false;
    }
    this.reads.delete(key);
    return true;
  }

  /** A file or folder deleted: reads under it still under way are dropped, then its digests. */
  private deleted(uri: vscode.Uri): void {
    const gone = uri.toString();
    for (const key of [...this.reads.keys()].filter(key => isInside(key, gone))) {
      this.reads.delete(key);
    }
    for (const [key, { timer }] of [...this.pendingFiles].filter(([key]) => isInside(key, gone))) {
      clearTimeout(timer);
      this.pendingFiles.delete(key);
    }
    this.model.forget(uri);
  }

  /** Reads the digests, not known yet, inside folders just created or moved in. */
  private async readCreatedFolders(folders: readonly vscode.Uri[]): Promise<void> {
    const added: string[] = [];
    for (const uri of await findDigestUris(folders)) {
      const key = uri.toString();
      if (this.model.has(key)) {
        continue; // the file watcher saw it after all
      }
      const read = this.startRead(key);
      const digest = await readDigest(uri);
      if (digest && this.isLatestRead(key, read)) {
        this.model.store(key, digest);
        added.push(key);
      }
    }
    if (added.length) {
      this.model.changed(added);
    }
  }
}
