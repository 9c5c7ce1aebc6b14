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
 * typed or inserted into a draft, a note created, a paper picker opened (see PULSE below).
 */
const DONE = {
  digests: 'digestNotes.walkthrough.hasDigests',
  cited: 'digestNotes.walkthrough.cited',
  noted: 'digestNotes.walkthrough.noted',
} as const;

/** Inserted text that makes a citation: `[@key`, `\cite{key`, `\citep[p.~3]{key`, a Typst `@key`. */
const CITATION_TEXT = /\[@[\p{L}\p{N}_]|\\[A-Za-z]*cite[A-Za-z]*\*?(?:\[[^\]]*\])*\{[^}\s]|(?:^|\s)@[\p{L}\p{N}_]/u;

/**
 * PULSE: a done key is only ever on for a moment. The workbench's walkthrough service ticks a step when
 * its key turns on; but the service starts only when the Welcome page first opens, and a key
 * already on then is noted without ticking its step, and never ticks it later in that window
 * (microsoft/vscode's walkthroughsService: `contextMatchesRules` at registration adds the event to
 * `sessionEvents`, which `progressByEvent` then skips). So each key is turned on and at once off
 * again: when its step is done, and a few times after a walkthrough tab shows (the service
 * registers the steps some time after the tab opens, later on a busy machine).
 */
const AFTER_SHOWN_MS = [700, 2000, 5000];

export function register(context: vscode.ExtensionContext, services: Services): void {
  const done = new Set<string>();
  const pulse = async (keys: readonly string[]) => {
    for (const key of keys) {
      await vscode.commands.executeCommand('setContext', key, true);
      await vscode.commands.executeCommand('setContext', key, false);
    }
  };
  const mark = (key: string) => {
    if (!done.has(key)) {
      done.add(key);
      void pulse([key]);
    }
  };
  const walkthroughShown = () =>
    vscode.window.tabGroups.all.some(group => group.tabs.some(tab => tab.label === 'Welcome' || tab.label.startsWith('Walkthrough')));
  let shown = walkthroughShown();
  const seeDigests = () => services.workspace.digestUris().length > 0 && mark(DONE.digests);
  context.subscriptions.push(
    services.workspace.onDidChange(seeDigests),
    services.workspace.onDidLoad(seeDigests),
    // The Welcome tab can open under another label first: what counts is that one shows now and did not before.
    vscode.window.tabGroups.onDidChangeTabs(() => {
      const now = walkthroughShown();
      if (now && !shown) AFTER_SHOWN_MS.forEach(ms => setTimeout(() => void pulse([...done]), ms));
      shown = now;
    }),
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
        // The line as it is now: typing gives one character per change, never `[@key` in one.
        event.contentChanges.some(change => citesOnLine(event.document, change.range.start.line)) &&
        isDraftDocument(services, event.document)
      ) {
        mark(DONE.cited);
      }
    }),
  );
  seeDigests();
}

function citesOnLine(document: vscode.TextDocument, line: number): boolean {
  return line < document.lineCount && CITATION_TEXT.test(document.lineAt(line).text);
}
