import * as vscode from 'vscode';
import { bibFormatForPath } from '../../core/bib';
import type { DigestWorkspace } from './digestWorkspace';

/** What telling drafts apart needs: which documents are digests (Services has it). */
export interface DigestDocuments {
  readonly workspace: Pick<DigestWorkspace, 'isDigestDocument'>;
}

/** Schemes of documents shown without being where they are written (output panels, diff sides, ...). */
const NOT_DRAFT_SCHEMES = new Set(['output', 'git', 'gitfs', 'vscode-scm', 'comment', 'debug', 'walkThrough', 'walkThroughSnippet', 'vscode-notebook-cell-output']);

/**
 * Whether citations may be written into this document: any text document except digests (read,
 * not written in), bibliographies (written by us, never cited into) and output-like panels.
 */
export function isDraftDocument(services: DigestDocuments, document: vscode.TextDocument): boolean {
  if (document.isClosed || NOT_DRAFT_SCHEMES.has(document.uri.scheme)) {
    return false;
  }
  return !services.workspace.isDigestDocument(document) && bibFormatForPath(document.uri.path) === undefined;
}

/** `isDraftDocument` for an editor. */
export function isDraftEditor(services: DigestDocuments, editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  return editor !== undefined && isDraftDocument(services, editor.document);
}

/**
 * The editor citations go to: the active one when it is a draft, else the last draft editor that
 * was active and is still visible (so citing from the Papers tree or a digest's code lens reaches
 * the draft beside it), else any visible draft.
 */
export class DraftTracker implements vscode.Disposable {
  private last: vscode.TextDocument | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: DigestDocuments) {
    this.remember(vscode.window.activeTextEditor);
    this.subscription = vscode.window.onDidChangeActiveTextEditor(editor => this.remember(editor));
  }

  current(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (isDraftEditor(this.services, active)) {
      return active;
    }
    const visible = vscode.window.visibleTextEditors;
    return visible.find(e => e.document === this.last) ?? visible.find(e => isDraftEditor(this.services, e));
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private remember(editor: vscode.TextEditor | undefined): void {
    if (isDraftEditor(this.services, editor)) {
      this.last = editor.document;
    }
  }
}
