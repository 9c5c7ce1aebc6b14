import * as vscode from 'vscode';
import type { Services } from './vscode/services';
import { log } from './vscode/util/log';
import { previewProbe, type DigestNotesApi } from './vscode/testProbe';
import { CitationFormatter } from './vscode/workspace/citationFormatter';
import { CitedInIndex } from './vscode/workspace/citedInIndex';
import { DigestWorkspace } from './vscode/workspace/digestWorkspace';
import { DraftTracker } from './vscode/workspace/drafts';
import { FolderEvents } from './vscode/workspace/folderEvents';
import { indexCacheFor } from './vscode/workspace/indexCache';
import { NoteIndex } from './vscode/workspace/noteIndex';
import { PaperSelection } from './vscode/workspace/paperSelection';
import { WorkspaceMetadata } from './vscode/workspace/metadataFile';
import { ForYou } from './vscode/workspace/forYou';
import { ReadingState } from './vscode/workspace/readingState';
import * as bibliography from './vscode/bibliography';
import * as cite from './vscode/cite';
import * as citedIn from './vscode/citedIn';
import * as draft from './vscode/draft';
import * as editor from './vscode/editor';
import * as fetchFeature from './vscode/fetch';
import * as metadataFeature from './vscode/metadata';
import * as notes from './vscode/notes';
import * as paperMetadata from './vscode/paperMetadata';
import * as paste from './vscode/paste';
import * as preview from './vscode/preview';
import * as references from './vscode/references';
import * as identifiers from './vscode/identifiers';
import * as search from './vscode/search';
import * as tree from './vscode/tree';
import * as walkthrough from './vscode/walkthrough';

/** Wires things up only: no parsing here; the workspace model loads on first use. */
export function activate(context: vscode.ExtensionContext): DigestNotesApi {
  const activatedAt = performance.now();
  const hostUptimeMs = process.uptime() * 1000;
  const folders = new FolderEvents(); // watches once the first index loads
  const indexCache = indexCacheFor(context);
  const metadata = new WorkspaceMetadata(folders);
  const workspace = new DigestWorkspace(folders, indexCache, metadata);
  const notesIndex = new NoteIndex(folders); // lists the notes folder on first use, not here
  const citedInIndex = new CitedInIndex(folders); // scans the drafts on first use
  const reading = new ReadingState(folders); // reads its file on first use
  const services: Services = {
    workspace,
    notes: notesIndex,
    citedIn: citedInIndex,
    folders,
    drafts: new DraftTracker({ workspace }),
    selection: new PaperSelection(),
    metadata,
    reading,
    forYou: new ForYou(workspace, reading, notesIndex, citedInIndex, context.workspaceState), // ranks only when asked
    extensionUri: context.extensionUri,
    formatter: new CitationFormatter(), // starts its worker on the first reference formatted
  };
  context.subscriptions.push(
    log,
    metadata,
    workspace,
    services.notes,
    services.citedIn,
    services.drafts,
    services.selection,
    services.reading,
    services.forYou,
    services.formatter,
    folders,
  );

  editor.register(context, services);
  notes.register(context, services);
  cite.register(context, services);
  bibliography.register(context, services);
  const papers = tree.register(context, services);
  const citedInView = citedIn.register(context, services);
  const previews = preview.register(context, services);
  const keyDiagnostics = draft.register(context, services);
  search.register(context, services);
  metadataFeature.register(context, services);
  const fetch = fetchFeature.register(context, services);
  walkthrough.register(context, services);
  references.register(context, services);
  identifiers.register(context, services);
  paperMetadata.register(context, services);
  paste.register(context, services);

  const api: DigestNotesApi = {
    workspace,
    notes: services.notes,
    citedIn: services.citedIn,
    citedInView,
    papersTree: papers.provider,
    papersView: papers.view,
    reading: services.reading,
    preview: previewProbe(previews, context.subscriptions),
    keyDiagnostics,
    indexCache,
    fetch,
    activation: { at: activatedAt, ms: performance.now() - activatedAt, hostUptimeMs },
  };
  return api;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
