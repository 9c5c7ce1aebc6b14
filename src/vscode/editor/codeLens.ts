import * as vscode from 'vscode';
import type { Services } from '../services';
import { parsedDocument } from '../workspace/documentDigest';
import { lineSpan } from './outline';

/** The actions above each title, in order, with the commands (other modules) they run. */
const ACTIONS = [
  { title: vscode.l10n.t('Cite'), command: 'digestNotes.insertCitation', tooltip: vscode.l10n.t('Cite this paper in a draft') },
  { title: vscode.l10n.t('Note'), command: 'digestNotes.createNote', tooltip: vscode.l10n.t('Open or create the literature note') },
  { title: vscode.l10n.t('Preview'), command: 'digestNotes.previewPaper', tooltip: vscode.l10n.t('Show this paper in the preview') },
] as const;

/**
 * "Cite | Note | Preview" above each title, each calling its command with the paper's key. Keys
 * come from the workspace library (they depend on every digest), so a title typed a moment ago
 * gets its lenses once the library has caught up; `onDidChangeCodeLenses` asks VS Code again then.
 */
export class DigestCodeLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly services: Services) {
    this.onDidChangeCodeLenses = (listener, thisArgs, disposables) =>
      services.workspace.onDidChange(() => listener.call(thisArgs), undefined, disposables);
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const digest = await parsedDocument(document);
    const library = await this.services.workspace.library();
    if (token.isCancellationRequested) {
      return [];
    }
    const lenses: vscode.CodeLens[] = [];
    for (const entry of digest.entries) {
      const paper = library.byTitle(entry.title);
      if (!paper) {
        continue;
      }
      const range = lineSpan(document, entry.titleLine, entry.titleLine);
      for (const action of ACTIONS) {
        lenses.push(
          new vscode.CodeLens(range, { title: action.title, tooltip: action.tooltip, command: action.command, arguments: [paper.key] }),
        );
      }
    }
    return lenses;
  }
}
