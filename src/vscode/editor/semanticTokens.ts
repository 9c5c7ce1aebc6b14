import * as vscode from 'vscode';
import { parsedDocument } from '../workspace/documentDigest';

/**
 * Colours a digest from the parser, so the editor never disagrees with the tree and the outline:
 * the grammar (syntaxes/) paints first and fast, but it cannot know that a block without an
 * abstract ended, so after such a title it coloured the next title as abstract and its abstract
 * as a title. Day lines, titles and abstracts come from the parse; package.json maps the token
 * types to the grammar's scopes, so themes colour both the same, and abstracts to
 * `meta.embedded`, which the built-in themes paint in the plain text colour (an abstract the
 * grammar took for a title goes back to plain text).
 */
export const DIGEST_TOKEN_LEGEND = new vscode.SemanticTokensLegend(['paperDay', 'paperTitle', 'paperAbstract'], []);

const DAY = 0;
const TITLE = 1;
const ABSTRACT = 2;

export class DigestSemanticTokensProvider implements vscode.DocumentSemanticTokensProvider {
  async provideDocumentSemanticTokens(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.SemanticTokens> {
    const digest = await parsedDocument(document);
    const builder = new vscode.SemanticTokensBuilder(DIGEST_TOKEN_LEGEND);
    if (token.isCancellationRequested) {
      return builder.build();
    }
    // The builder wants tokens in document order: days and their entries interleave.
    const lines: Array<[number, number]> = [];
    for (const day of digest.days) {
      lines.push([day.line, DAY]);
    }
    for (const entry of digest.entries) {
      lines.push([entry.titleLine, TITLE]);
      if (entry.abstractRange) {
        for (let line = entry.abstractRange.start; line <= entry.abstractRange.end; line++) {
          lines.push([line, ABSTRACT]);
        }
      }
    }
    lines.sort((a, b) => a[0] - b[0]);
    for (const [line, type] of lines) {
      if (line < document.lineCount) {
        const text = document.lineAt(line).text;
        const start = text.length - text.trimStart().length;
        const length = text.trimEnd().length - start;
        if (length > 0) {
          builder.push(line, start, length, type, 0);
        }
      }
    }
    return builder.build();
  }
}
