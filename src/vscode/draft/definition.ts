import * as vscode from 'vscode';
import { keyRefAt } from '../../core/drafts/draftKeys';
import type { Paper } from '../../core/model';
import type { Services } from '../services';
import { DRAFT_SELECTOR, draftLanguageOf, type BibliographyKeyReader } from './draftDocument';
import { fileExists, uriOf } from '../util/files';
import { noteUriFor } from '../workspace/notesLocation';

/**
 * Go to definition on a cited key: every place that defines it, in this order: its literature
 * note, its entry in the draft's bibliography, its title line in the digest. VS Code goes straight
 * to a single one and shows a peek when there are several.
 */
export function register(context: vscode.ExtensionContext, services: Services, bibliographies: BibliographyKeyReader): void {
  context.subscriptions.push(
    vscode.languages.registerDefinitionProvider(DRAFT_SELECTOR, new KeyDefinitionProvider(services, bibliographies)),
  );
}

export class KeyDefinitionProvider implements vscode.DefinitionProvider {
  constructor(
    private readonly services: Services,
    private readonly bibliographies: BibliographyKeyReader,
  ) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.LocationLink[] | undefined> {
    const language = draftLanguageOf(this.services, document);
    const ref = language && keyRefAt(document.getText(), document.offsetAt(position), language);
    if (!ref) {
      return undefined;
    }
    const origin = new vscode.Range(document.positionAt(ref.start), document.positionAt(ref.end));
    const link = (targetUri: vscode.Uri, targetRange: vscode.Range, targetSelectionRange = targetRange): vscode.LocationLink => ({
      originSelectionRange: origin,
      targetUri,
      targetRange,
      targetSelectionRange,
    });

    const [files, library] = await Promise.all([this.bibliographies.entriesByFile(document, language), this.services.workspace.library()]);
    const key = ref.key.toLowerCase();
    const entries = files.flatMap(file => file.entries.filter(entry => entry.key.toLowerCase() === key).map(entry => ({ file, entry })));
    // A key the bibliography gives the paper under its own name still leads to the paper by title.
    const titled = entries.find(({ entry }) => entry.title !== undefined)?.entry.title;
    const paper: Paper | undefined = library.byKey(ref.key) ?? (titled === undefined ? undefined : library.byTitle(titled));

    const links: vscode.LocationLink[] = [];
    const top = new vscode.Range(0, 0, 0, 0);
    for (const noteKey of new Set([ref.key, paper?.key].filter((k): k is string => k !== undefined))) {
      const note = noteUriFor(noteKey);
      if (note && (await fileExists(note))) {
        links.push(link(note, top));
      }
    }
    for (const { file, entry } of entries) {
      const line = new vscode.Range(entry.line ?? 0, 0, entry.line ?? 0, Number.MAX_SAFE_INTEGER);
      links.push(link(file.uri, line));
    }
    const occurrence = paper?.occurrences[0];
    if (occurrence) {
      const title = new vscode.Range(occurrence.titleLine, 0, occurrence.titleLine, Number.MAX_SAFE_INTEGER);
      const block = new vscode.Range(occurrence.range.start, 0, occurrence.range.end, Number.MAX_SAFE_INTEGER);
      links.push(link(uriOf(occurrence.path), block, title));
    }
    return links.length > 0 ? links : undefined;
  }
}
