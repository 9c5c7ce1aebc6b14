import * as vscode from 'vscode';
import { isInside } from '../../core/util/uriTree';
import { fileQueue } from '../util/fileQueue';
import { readCurrentText, writeFileWhole } from '../util/files';
import type { FolderEvents } from './folderEvents';

/** How one kind of state file is read and written (pure: the core's parse and format). */
export interface StateFileFormat<T> {
  /** The file's name in messages (`.digest-notes/metadata.json`). */
  readonly name: string;
  readonly empty: T;
  parse(text: string): { readonly file: T; readonly error?: string };
  format(file: T): string;
}

/**
 * One JSON file of the extension's own state in the workspace (the metadata file, the reading
 * state): read once and again when it changes on disk, and changed only through `update`, which
 * re-reads the file as it is on disk under the file's write queue, applies the change and writes
 * the whole file atomically. Two windows, or a `git pull` between a read and a write, lose
 * nothing; a file that cannot be read as this kind is never written over.
 */
export class FollowedStateFile<T> implements vscode.Disposable {
  private loaded: Promise<{ file: T; error?: string }> | undefined;
  private watcher: vscode.Disposable | undefined;
  private watchedUri: string | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** The file changed on disk (or was written). */
  readonly onDidChange = this.changeEmitter.event;

  /**
   * @param location where the file is now (a setting may move it); undefined without a folder.
   * @param folders a deleted folder is reported only as the folder, not its files.
   */
  constructor(
    private readonly format: StateFileFormat<T>,
    private readonly location: () => vscode.Uri | undefined,
    private readonly folders: FolderEvents,
  ) {}

  uri(): vscode.Uri | undefined {
    return this.location();
  }

  /** The file as it stands (empty when missing); `error` when it is not a file of this kind. */
  read(): Promise<{ file: T; error?: string }> {
    this.watch();
    this.loaded ??= this.readNow();
    return this.loaded;
  }

  /**
   * Applies `change` to the file as it is now and writes it (one writer at a time, atomically).
   * Returning the same object writes nothing. A damaged file throws instead of being written over.
   */
  async update(change: (file: T) => T): Promise<T> {
    const uri = this.uri();
    if (!uri) {
      throw new Error(vscode.l10n.t('open a folder first: {0} is kept in the workspace folder.', this.format.name));
    }
    return fileQueue.run(uri, async () => {
      this.loaded = undefined;
      const current = await this.read();
      if (current.error) {
        throw new Error(vscode.l10n.t('{0}: {1}; it was left untouched.', this.format.name, current.error));
      }
      const next = change(current.file);
      if (next !== current.file) {
        await writeFileWhole(uri, new TextEncoder().encode(this.format.format(next)));
        this.loaded = Promise.resolve({ file: next });
        this.changeEmitter.fire();
      }
      return next;
    });
  }

  /** Forgets what was read (the setting that places the file changed). */
  reset(): void {
    this.loaded = undefined;
    this.changeEmitter.fire();
  }

  dispose(): void {
    this.watcher?.dispose();
    this.changeEmitter.dispose();
  }

  private async readNow(): Promise<{ file: T; error?: string }> {
    const uri = this.uri();
    const text = uri && (await readCurrentText(uri));
    return text === undefined ? { file: this.format.empty } : this.format.parse(text);
  }

  private watch(): void {
    const uri = this.uri();
    if (!uri || this.watchedUri === uri.toString()) {
      return;
    }
    this.watcher?.dispose();
    this.watchedUri = uri.toString();
    const parent = vscode.Uri.joinPath(uri, '..');
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(parent, name));
    const changed = () => {
      this.loaded = undefined;
      this.changeEmitter.fire();
    };
    const file = uri.toString();
    this.watcher = vscode.Disposable.from(
      watcher,
      watcher.onDidCreate(changed),
      watcher.onDidChange(changed),
      watcher.onDidDelete(changed),
      this.folders.onDidDelete(deleted => isInside(file, deleted.toString()) && changed()),
    );
    this.folders.start();
  }
}
