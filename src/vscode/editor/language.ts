import * as vscode from 'vscode';
import { detectSourceKind } from '../../core/digest/sources';
import { config } from '../util/config';
import { DIGEST_LANGUAGE_ID } from '../workspace/digestWorkspace';

/** As many lines as `looksLikeDigest` reads. */
const HEAD_LINES = 200;

/**
 * Opens `.txt` and `.eml` files whose content is a digest page or an arXiv listing as `paper-digest` (`*.digest.txt` gets the
 * language from package.json). Only plain-text `.txt` documents are looked at, and only their
 * head is read (`looksLikeDigest`); a shopping list stays plain text. Turned off by
 * `digestNotes.detectTxtDigests`.
 */
export function register(context: vscode.ExtensionContext): void {
  const switcher = new TxtDigestSwitcher();
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(document => switcher.consider(document)),
    vscode.workspace.onDidCloseTextDocument(document => switcher.forgetLater(document)),
  );
  for (const document of vscode.workspace.textDocuments) {
    switcher.consider(document);
  }
}

class TxtDigestSwitcher {
  /**
   * Documents switched once while open. A user who then picks "Plain Text" again keeps it: the
   * language change reopens the document, and this stops us switching it straight back.
   */
  private readonly switched = new Set<string>();

  consider(document: vscode.TextDocument): void {
    const uri = document.uri.toString();
    if (!isCandidate(document) || this.switched.has(uri) || !config.detectTxtDigests()) {
      return;
    }
    // The text page and arXiv's listing e-mail are text to read: they get the digest language.
    // JSON and XML sources keep their own languages (they still feed the tree and the preview).
    const kind = detectSourceKind(head(document), document.uri.path);
    if (kind === 'text-digest' || kind === 'arxiv-email') {
      this.switched.add(uri);
      void vscode.languages.setTextDocumentLanguage(document, DIGEST_LANGUAGE_ID);
    }
  }

  /**
   * A language change closes and reopens the document at once; only a document that stays closed
   * is forgotten, so opening it again later switches it again.
   */
  forgetLater(document: vscode.TextDocument): void {
    const uri = document.uri.toString();
    if (!this.switched.has(uri)) {
      return;
    }
    setTimeout(() => {
      if (!vscode.workspace.textDocuments.some(d => d.uri.toString() === uri)) {
        this.switched.delete(uri);
      }
    }, 1000);
  }
}

/** The first lines only: `looksLikeDigest` reads no further, and a huge log costs nothing. */
function head(document: vscode.TextDocument): string {
  return document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, HEAD_LINES), 0));
}

function isCandidate(document: vscode.TextDocument): boolean {
  return document.languageId === 'plaintext' && /\.(txt|eml)$/i.test(document.uri.path);
}
