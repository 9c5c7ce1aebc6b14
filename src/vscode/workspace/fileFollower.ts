import * as vscode from 'vscode';
import { isInside } from '../../core/util/uriTree';
import { KeyedDebouncer } from '../util/debouncer';
import { Disposable } from '../util/disposable';
import { openDocument } from '../util/files';
import type { FolderEvents } from './folderEvents';
import { isInScope } from '../util/scope';

/** How long a file's watcher events are let settle before it is read. */
const FILE_SETTLE_MS = 50;

/** The tag of a file found by `findIn` (a new folder's search) rather than reported by a watcher. */
export const FOUND_TAG = 'found';
/** The tag of a file read again on request (`reread`). */
export const REREAD_TAG = 'reread';

/** A set of workspace files a cache follows: which globs, how to read one, how to find them in a folder. */
export interface FollowedFiles<T> {
  /** The globs watched, read anew on each `follow()` (they come from settings). `tag` says which matched. */
  patterns(): ReadonlyArray<{ readonly glob: string; readonly tag: string }>;
  /** Reads a file; `tags`: the patterns that reported it. Undefined: not one of ours (or unreadable). */
  read(uri: vscode.Uri, tags: ReadonlySet<string>): Promise<T | undefined>;
  /** The followed files inside folders just created or moved in. */
  findIn(folders: readonly vscode.Uri[]): Promise<vscode.Uri[]>;
}

/** What the follower changes in the cache that owns it (keys are URI strings). */
export interface FileCacheModel<T> {
  has(key: string): boolean;
  store(key: string, value: T): void;
  /** Announces what `store` changed, once per batch. */
  changed(keys: readonly string[]): void;
  /** Drops the file at `uri`, or every file under it. */
  forget(uri: vscode.Uri): void;
}

/**
 * Keeps a cache of workspace files current as they change on disk (in the spirit of
 * vscode-markdown-languageservice's workspace info cache): files written (read once their events
 * settle: a save fires "created" and "changed" together), folders created or moved in (searched,
 * since the watcher reports a moved-in folder and not its files), files or folders deleted. Open
 * editors are followed by the owner, whose unsaved text wins until it is saved.
 *
 * Reads are numbered, so a slow read never lands over a newer read of the same file (the watcher
 * and a new folder's search can read one file at once) nor over the file's deletion.
 */
export class FileFollower<T> extends Disposable {
  private watching = false;
  private fileWatchers: vscode.Disposable | undefined;
  private readonly settling = this.register(new KeyedDebouncer<string>(FILE_SETTLE_MS));
  /** The tags of the patterns that reported each settling file. */
  private readonly settlingTags = new Map<string, Set<string>>();
  /** The newest read under way of each file. */
  private readonly reads = new Map<string, number>();
  private lastRead = 0;

  constructor(
    private readonly files: FollowedFiles<T>,
    private readonly model: FileCacheModel<T>,
    private readonly folders: FolderEvents,
  ) {
    super();
  }

  /** Watches the files, anew each call (the settings may have changed); folders once. */
  follow(): void {
    this.fileWatchers?.dispose();
    this.fileWatchers = this.watchFiles();
    if (this.watching) {
      return;
    }
    this.watching = true;
    this.register({ dispose: () => this.fileWatchers?.dispose() });
    this.register(this.folders.onDidCreateFolders(folders => void this.readCreatedFolders(folders)));
    this.register(this.folders.onDidDelete(uri => this.deleted(uri)));
    this.folders.start();
  }

  /** Reads a file now (an editor closed without saving: the disk is the truth again). */
  async reread(uri: vscode.Uri): Promise<void> {
    await this.readWritten(uri, new Set([REREAD_TAG]));
  }

  private watchFiles(): vscode.Disposable {
    const watchers: vscode.Disposable[] = [];
    for (const { glob, tag } of this.files.patterns()) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob, false, false, true);
      watchers.push(
        watcher,
        watcher.onDidCreate(uri => this.written(uri, tag)),
        watcher.onDidChange(uri => this.written(uri, tag)),
      );
    }
    return vscode.Disposable.from(...watchers);
  }

  private written(uri: vscode.Uri, tag: string): void {
    const key = uri.toString();
    const tags = this.settlingTags.get(key) ?? new Set<string>();
    tags.add(tag);
    this.settlingTags.set(key, tags);
    this.settling.schedule(key, () => {
      this.settlingTags.delete(key);
      void this.readWritten(uri, tags);
    });
  }

  private async readWritten(uri: vscode.Uri, tags: ReadonlySet<string>): Promise<void> {
    const key = uri.toString();
    if (openDocument(uri)?.isDirty || !isInScope(uri)) {
      return; // the editor's text wins until saved; an excluded folder, as in the first scan
    }
    const read = this.startRead(key);
    const value = await this.files.read(uri, tags);
    if (!this.isLatestRead(key, read)) {
      return;
    }
    if (value !== undefined) {
      this.model.store(key, value);
      this.model.changed([key]);
    }
  }

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

  /** A file or folder deleted: reads and settling events under it are dropped, then its files. */
  private deleted(uri: vscode.Uri): void {
    const gone = uri.toString();
    for (const key of [...this.reads.keys()].filter(key => isInside(key, gone))) {
      this.reads.delete(key);
    }
    this.settling.cancelWhere(key => isInside(key, gone));
    this.model.forget(uri);
  }

  /** Reads the followed files, not known yet, inside folders just created or moved in. */
  private async readCreatedFolders(folders: readonly vscode.Uri[]): Promise<void> {
    const added: string[] = [];
    for (const uri of await this.files.findIn(folders)) {
      const key = uri.toString();
      if (this.model.has(key)) {
        continue; // the file watcher saw it after all
      }
      const read = this.startRead(key);
      const value = await this.files.read(uri, new Set([FOUND_TAG]));
      if (value !== undefined && this.isLatestRead(key, read)) {
        this.model.store(key, value);
        added.push(key);
      }
    }
    if (added.length) {
      this.model.changed(added);
    }
  }
}
