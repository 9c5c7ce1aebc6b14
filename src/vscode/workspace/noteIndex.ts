import * as vscode from 'vscode';
import { listDirectory } from '../util/files';
import { notesFolderUri } from './notesLocation';
import { noteFileName } from '../../core/notes/notes';
import { isInside } from '../../core/util/uriTree';
import { Disposable } from '../util/disposable';
import type { FolderEvents } from './folderEvents';

/**
 * Which papers have a literature note: `<notesFolder>/<key>.md` in the first workspace folder.
 * The folder is listed once on first use (names only, nothing read) and kept current by a watcher
 * on that folder, so the Papers view's icons change when a note appears or goes.
 */
export class NoteIndex extends Disposable {
  private names: Promise<Set<string>> | undefined;
  /** The listing once it has arrived, for synchronous `has()` from `getTreeItem`. */
  private snapshot: Set<string> | undefined;
  private watcher: vscode.Disposable | undefined;
  private readonly changeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly folders: FolderEvents) {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration('digestNotes.notesFolder')) {
          this.reload();
        }
      }),
    );
    // The watcher on the folder's `*.md` does not see the folder itself come or go with its notes.
    const touchesNotes = (uri: vscode.Uri) => {
      const notes = notesFolderUri();
      return this.names !== undefined && notes !== undefined && isInside(notes.toString(), uri.toString());
    };
    this.register(
      this.folders.onDidCreateFolders(created => {
        if (created.some(touchesNotes)) {
          this.reload();
        }
      }),
    );
    this.register(
      this.folders.onDidDelete(uri => {
        if (touchesNotes(uri)) {
          this.reload();
        }
      }),
    );
    this.register({ dispose: () => this.watcher?.dispose() });
  }

  /** Lists the folder (once) and starts watching it. */
  async load(): Promise<void> {
    await this.current();
  }

  /** Whether the paper has a note; false until `load()` has finished. */
  has(key: string): boolean {
    return this.snapshot?.has(noteFileName(key)) ?? false;
  }

  /** Lists the folder again, e.g. on Refresh. */
  reload(): void {
    this.names = undefined;
    this.snapshot = undefined;
    this.watcher?.dispose();
    this.watcher = undefined;
    void this.current().then(() => this.changeEmitter.fire());
  }

  private current(): Promise<Set<string>> {
    if (!this.names) {
      this.folders.start();
      const listing: Promise<Set<string>> = this.list().then(names => {
        if (this.names === listing) {
          // not superseded by a reload meanwhile
          this.snapshot = names;
          this.watch(names);
        }
        return names;
      });
      this.names = listing;
    }
    return this.names;
  }

  private async list(): Promise<Set<string>> {
    const folder = notesFolderUri();
    if (!folder) {
      return new Set();
    }
    const entries = await listDirectory(folder); // empty: no notes folder yet
    return new Set(entries.filter(([name, type]) => type !== vscode.FileType.Directory && name.endsWith('.md')).map(([name]) => name));
  }

  private watch(names: Set<string>): void {
    const folder = notesFolderUri();
    if (!folder || this.watcher) {
      return;
    }
    const pattern = new vscode.RelativePattern(folder, '*.md');
    const watcher = vscode.workspace.createFileSystemWatcher(pattern, false, true, false);
    const update = (uri: vscode.Uri, present: boolean) => {
      const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
      if (names.has(name) !== present) {
        if (present) {
          names.add(name);
        } else {
          names.delete(name);
        }
        this.changeEmitter.fire();
      }
    };
    this.watcher = vscode.Disposable.from(
      watcher,
      watcher.onDidCreate(uri => update(uri, true)),
      watcher.onDidDelete(uri => update(uri, false)),
    );
  }
}
