import * as vscode from 'vscode';
import { noteFileName, splitPath } from '../../core/notes/notes';
import { config } from '../util/config';

/**
 * Where literature notes live: `<digestNotes.notesFolder>` in the first workspace folder. One
 * place for the rule, shared by note creation, the tree's note icons, and go-to-definition.
 */
export interface NotesLocation {
  readonly root: vscode.WorkspaceFolder;
  readonly notes: vscode.Uri;
}

/** The notes folder; throws a message fit for the user when there is no folder or the setting climbs out. */
export function notesLocation(): NotesLocation {
  const root = vscode.workspace.workspaceFolders?.[0];
  if (!root) {
    throw new Error('open a folder first: literature notes are written into the workspace folder.');
  }
  const setting = config.get('notesFolder', 'notes', root.uri);
  const slashed = setting.replace(/\\/g, '/');
  if (/^([a-z]:)?\//i.test(slashed) || slashed.split('/').includes('..')) {
    throw new Error(`the setting digestNotes.notesFolder ("${setting}") must be a folder inside the workspace folder, without "..".`);
  }
  const parts = splitPath(setting);
  return { root, notes: parts.length ? vscode.Uri.joinPath(root.uri, ...parts) : root.uri };
}

/** The notes folder, or undefined where `notesLocation` would throw (for read-only uses). */
export function notesFolderUri(): vscode.Uri | undefined {
  try {
    return notesLocation().notes;
  } catch {
    return undefined;
  }
}

/** `<notesFolder>/<key>.md`, or undefined without a usable notes folder. */
export function noteUriFor(key: string): vscode.Uri | undefined {
  const folder = notesFolderUri();
  return folder && vscode.Uri.joinPath(folder, noteFileName(key));
}
