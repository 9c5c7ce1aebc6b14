import * as vscode from 'vscode';
import type { DigestEntry } from '../../core/model';
import { entriesWithoutDay, parsedDocument } from '../workspace/documentDigest';

/**
 * Outline and breadcrumbs of a digest: each day, with its papers under it. Entries before any day
 * line stand at the top level.
 */
export class DigestSymbolProvider implements vscode.DocumentSymbolProvider {
  async provideDocumentSymbols(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
    const digest = await parsedDocument(document);
    const symbols = entriesWithoutDay(digest).map(entry => paperSymbol(document, entry));
    for (const day of digest.days) {
      const symbol = new vscode.DocumentSymbol(
        day.label,
        `${day.entries.length} ${day.entries.length === 1 ? 'paper' : 'papers'}`,
        vscode.SymbolKind.Namespace,
        lineSpan(document, day.range.start, day.range.end),
        lineSpan(document, day.line, day.line),
      );
      symbol.children = day.entries.map(entry => paperSymbol(document, entry));
      symbols.push(symbol);
    }
    return symbols;
  }
}

function paperSymbol(document: vscode.TextDocument, entry: DigestEntry): vscode.DocumentSymbol {
  return new vscode.DocumentSymbol(
    entry.title,
    '',
    vscode.SymbolKind.File,
    lineSpan(document, entry.range.start, entry.range.end),
    lineSpan(document, entry.titleLine, entry.titleLine),
  );
}

/** From the start of line `first` to the end of line `last`, clamped to the document. */
export function lineSpan(document: vscode.TextDocument, first: number, last: number): vscode.Range {
  const lastLine = document.lineCount - 1;
  const start = Math.min(Math.max(first, 0), lastLine);
  const end = Math.min(Math.max(last, start), lastLine);
  return new vscode.Range(start, 0, end, document.lineAt(end).text.length);
}
