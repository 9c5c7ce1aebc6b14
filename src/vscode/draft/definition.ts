import * as vscode from 'vscode';
import { keyRefAt } from '../../core/drafts/draftKeys';
import type { Services } from '../services';
import { DRAFT_SELECTOR, draftLanguageOf } from './draftDocument';
import { fileExists, uriOf } from '../util/files';
import { noteUriFor } from '../workspace/notesLocation';

/** Go to definition on a cited key: its literature note when there is one, else its title line in the digest. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.languages.registerDefinitionProvider(DRAFT_SELECTOR, new KeyDefinitionProvider(services)));
}

export class KeyDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly services: Services) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.LocationLink[] | undefined> {
    const language = draftLanguageOf(this.services, document);
    const ref = language && keyRefAt(document.getText(), document.offsetAt(position), language);
    if (!ref) {
      return undefined;
    }
    const origin = new vscode.Range(document.positionAt(ref.start), document.positionAt(ref.end));
    const note = noteUriFor(ref.key);
    if (note && (await fileExists(note))) {
      const top = new vscode.Range(0, 0, 0, 0);
      return [{ originSelectionRange: origin, targetUri: note, targetRange: top, targetSelectionRange: top }];
    }
    const paper = await this.services.workspace.paper(ref.key);
    const occurrence = paper?.occurrences[0];
    if (!occurrence) {
      return undefined;
    }
    const title = new vscode.Range(occurrence.titleLine, 0, occurrence.titleLine, Number.MAX_SAFE_INTEGER);
    return [
      {
        originSelectionRange: origin,
        targetUri: uriOf(occurrence.path),
        targetRange: new vscode.Range(occurrence.range.start, 0, occurrence.range.end, Number.MAX_SAFE_INTEGER),
        targetSelectionRange: title,
      },
    ];
  }
}
