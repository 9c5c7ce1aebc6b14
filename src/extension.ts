import * as vscode from 'vscode';
import { DigestWorkspace } from './vscode/workspace/digestWorkspace';
import { FolderEvents } from './vscode/workspace/folderEvents';
import { NoteIndex } from './vscode/workspace/noteIndex';
import type { DigestNotesApi, Services } from './vscode/services';
import { VscodeFileStore } from './vscode/util/vscodeFileStore';
import * as preview from './vscode/preview';
import * as notes from './vscode/notes';
import * as citedIn from './vscode/citedIn';
import * as related from './vscode/search/related';
import * as language from './vscode/editor/language';
import * as editorFeatures from './vscode/editor';
import * as papersView from './vscode/tree';
import * as search from './vscode/search';
import * as cite from './vscode/cite';
import * as bibliographyCommands from './vscode/bibliography';
import * as workspaceSymbols from './vscode/search/workspaceSymbols';
import * as indexCache from './vscode/workspace/indexCache';
import * as draftKeys from './vscode/draft';

/** Feature modules, each `register(context, services)`; order does not matter. */
const features: Array<{ register(context: vscode.ExtensionContext, services: Services): void }> = [preview, notes, citedIn, related, language, editorFeatures, papersView, search, cite, bibliographyCommands, workspaceSymbols, indexCache, draftKeys];

/** Wires things up only: no parsing here; the workspace model loads on first use. */
export function activate(context: vscode.ExtensionContext): DigestNotesApi {
  const folders = new FolderEvents(); // watches once the first index loads
  const workspace = new DigestWorkspace(folders);
  const notes = new NoteIndex(folders); // lists the notes folder on first use, not here
  context.subscriptions.push(workspace, notes, folders);
  const api: DigestNotesApi = { workspace };
  const services: Services = { workspace, notes, folders, files: new VscodeFileStore(), extensionUri: context.extensionUri, api };
  for (const feature of features) {
    feature.register(context, services);
  }
  return api;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
