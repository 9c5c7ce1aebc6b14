import * as vscode from 'vscode';
import { bibFormatForPath } from '../../core/bib';
import { frontMatterRange } from '../../core/drafts/masking';
import type { DigestWorkspace } from './digestWorkspace';
import { notesFolderUri } from './notesLocation';

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

/** Whether a document is a literature note: a `.md` file directly in the notes folder. */
export function isLiteratureNote(document: vscode.TextDocument): boolean {
  const notes = notesFolderUri();
  const uri = document.uri;
  return notes !== undefined && uri.path.toLowerCase().endsWith('.md') && vscode.Uri.joinPath(uri, '..').toString() === notes.toString();
}

/**
 * The draft citations and note links go to: the active editor when it is a draft, else the
 * draft the writer was last in, shown again if it went to a background tab (citing from the
 * Papers tree, a code lens or the preview reaches it), else any visible draft.
 *
 * A literature note is not a draft because it is open (Create Literature Note opens it with the
 * cursor at 1:1, in its front matter): it becomes one once the writer works in its body, moving the
 * cursor there with the keyboard or the mouse, or typing there.
 */
export class DraftTracker implements vscode.Disposable {
  /** The drafts the writer was in, most recent first (a few: enough to skip the note just opened). */
  private recent: vscode.TextDocument[] = [];
  /** Notes the writer worked in (by URI), which count as drafts from then on. */
  private readonly workedIn = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly services: DigestDocuments) {
    this.remember(vscode.window.activeTextEditor);
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(editor => this.remember(editor)),
      vscode.window.onDidChangeTextEditorSelection(event => {
        const byHand =
          event.kind === vscode.TextEditorSelectionChangeKind.Keyboard || event.kind === vscode.TextEditorSelectionChangeKind.Mouse;
        if (byHand && event.textEditor === vscode.window.activeTextEditor) {
          this.workedInNote(event.textEditor.document, event.selections[0]?.active);
        }
      }),
      vscode.workspace.onDidChangeTextDocument(event => {
        const active = vscode.window.activeTextEditor;
        if (active?.document === event.document && event.contentChanges.length > 0) {
          this.workedInNote(event.document, event.contentChanges[0].range.start);
        }
      }),
      vscode.workspace.onDidCloseTextDocument(document => this.workedIn.delete(document.uri.toString())),
    ];
  }

  /**
   * The draft to write into, brought back into view when it is open behind another tab. `except`
   * skips documents that must not be the target (the note a link points to).
   */
  async editor(options: { readonly except?: (document: vscode.TextDocument) => boolean } = {}): Promise<vscode.TextEditor | undefined> {
    const allowed = (document: vscode.TextDocument) => this.isTarget(document) && !options.except?.(document);
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
    if (isDraftEditor(this.services, active) && this.isTarget(active.document) && !options.except?.(active.document)) {
      return active.document;
    }
    return this.recent.find(document => !document.isClosed && this.isTarget(document) && !options.except?.(document));
  }

  dispose(): void {
    this.subscriptions.forEach(s => s.dispose());
  }

  /** A draft, and if a literature note, one the writer worked in. */
  private isTarget(document: vscode.TextDocument): boolean {
    return !isLiteratureNote(document) || this.workedIn.has(document.uri.toString());
  }

  /** A note the writer put the cursor in, or typed in, past its front matter becomes a draft. */
  private workedInNote(document: vscode.TextDocument, at: vscode.Position | undefined): void {
    if (!at || this.workedIn.has(document.uri.toString()) || !isLiteratureNote(document)) {
      return;
    }
    const front = frontMatterRange(document.getText());
    if (front && document.offsetAt(at) < front.end) {
      return; // editing the note's tags is not writing in it
    }
    this.workedIn.add(document.uri.toString());
    this.remember(vscode.window.activeTextEditor);
  }

  private remember(editor: vscode.TextEditor | undefined): void {
    if (isDraftEditor(this.services, editor) && this.isTarget(editor.document)) {
      this.recent = [editor.document, ...this.recent.filter(d => d !== editor.document && !d.isClosed)].slice(0, RECENT_DRAFTS);
    }
  }
}

/** How many recent drafts are remembered. */
const RECENT_DRAFTS = 5;
