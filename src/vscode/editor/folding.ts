import * as vscode from 'vscode';
import { parsedDocument } from '../workspace/documentDigest';

/**
 * Folds each paper's abstract under its title (the title stays visible, like a Markdown heading)
 * and each day under its day line.
 */
export class DigestFoldingProvider implements vscode.FoldingRangeProvider {
  async provideFoldingRanges(document: vscode.TextDocument): Promise<vscode.FoldingRange[]> {
    const digest = await parsedDocument(document);
    const ranges: vscode.FoldingRange[] = [];
    for (const day of digest.days) {
      if (day.range.end > day.line) {
        ranges.push(new vscode.FoldingRange(day.line, day.range.end, vscode.FoldingRangeKind.Region));
      }
    }
    for (const entry of digest.entries) {
      if (entry.abstractRange) {
        ranges.push(new vscode.FoldingRange(entry.titleLine, entry.abstractRange.end));
      }
    }
    return ranges;
  }
}
