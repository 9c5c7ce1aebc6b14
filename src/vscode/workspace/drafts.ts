import * as vscode from 'vscode';
import { bibFormatForPath } from '../../core/bib';
import type { DigestWorkspace } from './digestWorkspace';

/** What telling drafts apart needs: which documents are digests (Services has it). */
export interface DigestDocuments {
  readonly workspace: Pick<DigestWorkspace, 'isDigestDocument'>;
}

/** Schemes of documents shown without being where they are written (output panels, diff sides, ...). */
const NOT_DRAFT_SCHEMES = new Set([
  'output',
  'git',
  'gitfs',
  'vscode-scm',
  'comment',
  'debug',
  'walkThrough',
  'walkThroughSnippet',
  'vscode-notebook-cell-output',
]);

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
 * The draft citations and note links go to: the active editor when it is a draft, else the
 * draft the writer was last in, shown again if it went to a background tab (citing from the
 * Papers tree, a code lens or the preview reaches it), else any visible draft.
 */
export class DraftTracker implements vscode.Disposable {
  /** The drafts the writer was in, most recent first (a few: enough to skip the note just opened). */
  private recent: vscode.TextDocument[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: DigestDocuments) {
    this.remember(vscode.window.activeTextEditor);
    this.subscription = vscode.window.onDidChangeActiveTextEditor(editor => this.remember(editor));
  }

  /**
   * The draft to write into, brought back into view when it is open behind another tab. `except`
   * skips documents that must not be the target (the note a link points to).
   */
  async editor(options: { readonly except?: (document: vscode.TextDocument) => boolean } = {}): Promise<vscode.TextEditor | undefined> {
    const allowed = (document: vscode.TextDocument) => !options.except?.(document);
    const active = vscode.window.activeTextEditor;
    if (isDraftEditor(this.services, active) && allowed(active.document)) {
      return active;
    }
    const last = this.lastDraft(options);
    const visible = vscode.window.visibleTextEditors;
    const shown = visible.find(e => e.document === last);
    if (shown) {
      return shown;
    }
    if (last) {
      // Its tab keeps the cursor: showing it again restores the selection the writer left.
      return vscode.window.showTextDocument(last, { preserveFocus: true, preview: false });
    }
    return visible.find(e => isDraftEditor(this.services, e) && allowed(e.document));
  }

  /** The draft document the writer was last in (or is in), without showing it. */
  lastDraft(options: { readonly except?: (document: vscode.TextDocument) => boolean } = {}): vscode.TextDocument | undefined {
    const active = vscode.window.activeTextEditor;
    if (isDraftEditor(this.services, active) && !options.except?.(active.document)) {
      return active.document;
    }
    return this.recent.find(document => !document.isClosed && !options.except?.(document));
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private remember(editor: vscode.TextEditor | undefined): void {
    if (isDraftEditor(this.services, editor)) {
      this.recent = [editor.document, ...this.recent.filter(d => d !== editor.document && !d.isClosed)].slice(0, RECENT_DRAFTS);
    }
  }
}

/** How many recent drafts are remembered. */
const RECENT_DRAFTS = 5;
