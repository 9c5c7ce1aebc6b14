import type * as vscode from 'vscode';
import type { FileStore } from '../core/fileStore';
import type { DigestWorkspace } from './workspace/digestWorkspace';
import type { FolderEvents } from './workspace/folderEvents';
import type { NoteIndex } from './workspace/noteIndex';

/**
 * What every feature module receives from `activate`: the shared model and ports. Features
 * never reach each other directly; they go through commands (with key arguments) or this.
 */
export interface Services {
  readonly workspace: DigestWorkspace;
  /** Which papers have a literature note; one listing and watcher shared by the tree and the preview. */
  readonly notes: NoteIndex;
  /** Folders created, moved in or deleted: what the indexes' file-pattern watchers cannot see. */
  readonly folders: FolderEvents;
  readonly files: FileStore;
  readonly extensionUri: vscode.Uri;
  /** What features expose to the specs in `test/vscode` (returned by `activate`). */
  readonly api: DigestNotesApi;
}

/**
 * The extension's exports. Specs drive the real UI through commands; these handles let them
 * also read state the UI shows (a tree's items, a preview's card count) without scraping pixels.
 * Each feature fills in its own field when it registers.
 */
export interface DigestNotesApi {
  readonly workspace: DigestWorkspace;
  [feature: string]: unknown;
}
