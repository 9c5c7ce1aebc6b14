import * as vscode from 'vscode';
import type { Paper } from '../../core/model';
import type { Services } from '../services';

/**
 * Papers in Go to Symbol in Workspace (Ctrl+T), ranked by the search index. The symbol's name is
 * `Title [key]`: the workbench keeps only symbols whose name fuzzy-matches what was typed, so the
 * key must be in the name for a search by key to show. The location is the paper's title line in
 * its first digest.
 */
const SYMBOL_LIMIT = 100;

export function registerWorkspaceSymbols(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.languages.registerWorkspaceSymbolProvider(new PaperSymbolProvider(services)));
}

export class PaperSymbolProvider implements vscode.WorkspaceSymbolProvider {
  constructor(private readonly services: Services) {}

  async provideWorkspaceSymbols(query: string, token: vscode.CancellationToken): Promise<vscode.SymbolInformation[]> {
    if (!query.trim()) {
      return []; // the workbench asks with '' too; listing every paper is no help
    }
    const hits = await (await this.services.workspace.index()).search(query, { limit: SYMBOL_LIMIT });
    if (token.isCancellationRequested) {
      return [];
    }
    return hits.flatMap(hit => {
      const symbol = paperSymbol(hit.paper);
      return symbol ? [symbol] : [];
    });
  }
}

export function paperSymbol(paper: Paper): vscode.SymbolInformation | undefined {
  const occurrence = paper.occurrences[0];
  if (!occurrence) {
    return undefined;
  }
  const uri = vscode.Uri.parse(occurrence.path);
  const range = new vscode.Range(occurrence.titleLine, 0, occurrence.titleLine, paper.title.length);
  const file = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const container = [paper.day, file].filter(Boolean).join(' · ');
  return new vscode.SymbolInformation(`${paper.title} [${paper.key}]`, vscode.SymbolKind.File, container, new vscode.Location(uri, range));
}
