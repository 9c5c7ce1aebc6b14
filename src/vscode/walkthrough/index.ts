import * as vscode from 'vscode';
import type { Services } from '../services';
import { isInside } from '../../core/util/uriTree';
import { isDraftDocument } from '../workspace/drafts';
import { notesFolderUri } from '../workspace/notesLocation';

/**
 * Ticks the first-day walkthrough's steps when the writer has done them, however they did them.
 * `onCommand:` completion events fire only for commands the workbench runs (palette, menus, keys):
 * a citation made from the search picker, the preview or a completion, or a note made from a
 * toast, never reaches them. So each step also completes on a context key (package.json's
 * `onContext:` events) set here when its result is seen: digests in the workspace, a citation
 * typed or inserted into a draft, a note created, a paper picker opened. Keys only ever turn on.
 */
const DONE = {
  digests: 'digestNotes.walkthrough.hasDigests',
  cited: 'digestNotes.walkthrough.cited',
  noted: 'digestNotes.walkthrough.noted',
} as const;

/** Inserted text that makes a citation: `[@key`, `\cite{key`, `\citep[p.~3]{key`, a Typst `@key`. */
const CITATION_TEXT = /\[@[\p{L}\p{N}_]|\\[A-Za-z]*cite[A-Za-z]*\*?(?:\[[^\]]*\])*\{[^}\s]|(?:^|\s)@[\p{L}\p{N}_]/u;

export function register(context: vscode.ExtensionContext, services: Services): void {
  const done = new Set<string>();
  const mark = (key: string) => {
    if (!done.has(key)) {
      done.add(key);
      void vscode.commands.executeCommand('setContext', key, true);
    }
  };
  const seeDigests = () => services.workspace.digestUris().length > 0 && mark(DONE.digests);
  context.subscriptions.push(
    services.workspace.onDidChange(seeDigests),
    services.workspace.onDidLoad(seeDigests),
    // A note appears (once the notes folder is followed), or one is opened: Create Literature Note opens it.
    services.notes.onDidChange(() => mark(DONE.noted)),
    vscode.workspace.onDidOpenTextDocument(document => {
      const folder = notesFolderUri();
      if (folder && document.uri.path.endsWith('.md') && isInside(document.uri.toString(), folder.toString())) {
        mark(DONE.noted);
      }
    }),
    vscode.workspace.onDidChangeTextDocument(event => {
      if (
        !done.has(DONE.cited) &&
        event.contentChanges.some(change => CITATION_TEXT.test(change.text)) &&
        isDraftDocument(services, event.document)
      ) {
        mark(DONE.cited);
      }
    }),
  );
  seeDigests();
}
