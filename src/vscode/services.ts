import type * as vscode from 'vscode';
import type { CitationFormatter } from './workspace/citationFormatter';
import type { CitedInIndex } from './workspace/citedInIndex';
import type { DigestWorkspace } from './workspace/digestWorkspace';
import type { DraftTracker } from './workspace/drafts';
import type { FolderEvents } from './workspace/folderEvents';
import type { ForYou } from './workspace/forYou';
import type { NoteIndex } from './workspace/noteIndex';
import type { PaperSelection } from './workspace/paperSelection';
import type { ReadingState } from './workspace/readingState';
import type { WorkspaceMetadata } from './workspace/metadataFile';

/**
 * What every feature module receives from `activate`: the shared model, built once. Features
 * never reach each other directly; they go through commands (with key arguments) or this.
 */
export interface Services {
  readonly workspace: DigestWorkspace;
  /** Which papers have a literature note; one listing and watcher shared by the tree and the preview. */
  readonly notes: NoteIndex;
  /** Where each key is cited: the Cited In view, the hover's and the tree's counts. */
  readonly citedIn: CitedInIndex;
  /** Folders created, moved in or deleted: what the indexes' file-pattern watchers cannot see. */
  readonly folders: FolderEvents;
  /** The draft citations go to: the active one, else the one the writer was last in. */
  readonly drafts: DraftTracker;
  /** The paper selected in the Papers tree, for views that follow it. */
  readonly selection: PaperSelection;
  /** The workspace's metadata file: lookups' answers and recorded keys. */
  readonly metadata: WorkspaceMetadata;
  /** Which papers are read, starred or dismissed (`.digest-notes/reading.json`). */
  readonly reading: ReadingState;
  /** The latest days' papers ranked by the writer's taste (in the index worker), on request only. */
  readonly forYou: ForYou;
  readonly extensionUri: vscode.Uri;
  /** References and in-text citations in the draft's CSL style (a worker started on first use). */
  readonly formatter: CitationFormatter;
}
