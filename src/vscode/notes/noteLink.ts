import * as vscode from 'vscode';
import { citationLanguageOf } from '../../core/drafts/languages';
import type { Paper } from '../../core/model';
import { noteFileName, noteLink, relativePath, splitPath, type NoteLinkStyle } from '../../core/notes/notes';
import { config } from '../util/config';
import { uriFromArgument } from '../util/files';
import { keysFromArgument } from '../workspace/paperArguments';
import { notesLocation } from '../workspace/notesLocation';
import type { Services } from '../services';

/**
 * "Insert Note Link": a link to a paper's literature note in the draft, at the cursor: `[[key]]`
 * or a relative Markdown link (`digestNotes.noteLinkStyle`), a `% note:` comment line in LaTeX
 * (`digestNotes.latexNoteLink`). Only when asked: from the palette or editor menu in a draft, or
 * from the notification Create Literature Note shows. A link already at the cursor is not doubled.
 */

/** What `digestNotes.insertNoteLink` did. */
export interface InsertNoteLinkResult {
  readonly draft: string;
  /** The text inserted; undefined when the link was there already. */
  readonly inserted?: string;
}

export function registerInsertNoteLink(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('digestNotes.insertNoteLink', async (arg?: unknown, draftArg?: unknown) => {
    const key = keysFromArgument(arg)[0] ?? keyOfActiveNote();
    if (!key) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Digest Notes: Insert Note Link needs a paper: run it from a note, or from Create Literature Note.'),
      );
      return undefined;
    }
    const paper = await services.workspace.paper(key);
    const editor = await draftEditor(services, draftArg, key);
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Digest Notes: open the draft (Markdown or LaTeX) to link the note from.'));
      return undefined;
    }
    return insertLink(editor, key, paper);
  });
}

/** After a note is created or opened: a non-modal message whose button links it from the draft. */
export function offerNoteLink(paper: Paper, note: vscode.Uri, created: boolean, draft: vscode.TextDocument | undefined): void {
  const name = vscode.workspace.asRelativePath(note, false);
  const message = `${created ? 'Created' : 'Opened'} the literature note ${name}.`;
  if (!draft || !isLinkable(draft)) {
    void vscode.window.showInformationMessage(message);
    return;
  }
  const action = 'Insert Note Link';
  void vscode.window
    .showInformationMessage(vscode.l10n.t('{0} Link it from {1}?', message, vscode.workspace.asRelativePath(draft.uri, false)), action)
    .then(choice => {
      if (choice === action) {
        void vscode.commands.executeCommand('digestNotes.insertNoteLink', paper.key, draft.uri);
      }
    });
}

/** A Markdown-family draft, or LaTeX when `digestNotes.latexNoteLink` allows comment links. */
function isLinkable(document: vscode.TextDocument): boolean {
  const language = citationLanguageOf(document.languageId, document.uri.path);
  return language === 'markdown' || (language === 'latex' && config.get('latexNoteLink', false, document.uri));
}

/** The key of the note in the active editor (`notes/<key>.md`), for the palette run from a note. */
function keyOfActiveNote(): string | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const notes = (() => {
    try {
      return notesLocation().notes;
    } catch {
      return undefined;
    }
  })();
  if (!active || !notes || vscode.Uri.joinPath(active, '..').toString() !== notes.toString()) {
    return undefined;
  }
  const name = active.path.slice(active.path.lastIndexOf('/') + 1);
  return name.endsWith('.md') ? name.slice(0, -3) : undefined;
}

/** The draft named, else the one the writer was last in, never the note itself. */
async function draftEditor(services: Services, draftArg: unknown, key: string): Promise<vscode.TextEditor | undefined> {
  const uri = uriFromArgument(draftArg, { plainPaths: true });
  if (uri) {
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { preview: false });
  }
  const note = noteUri(key)?.toString();
  return services.drafts.editor({ except: document => document.uri.toString() === note });
}

function noteUri(key: string): vscode.Uri | undefined {
  try {
    return vscode.Uri.joinPath(notesLocation().notes, noteFileName(key));
  } catch {
    return undefined;
  }
}

async function insertLink(editor: vscode.TextEditor, key: string, paper: Paper | undefined): Promise<InsertNoteLinkResult | undefined> {
  const document = editor.document;
  const draft = document.uri.toString();
  if (!isLinkable(document)) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Digest Notes: note links go into Markdown drafts (and LaTeX with digestNotes.latexNoteLink).'),
    );
    return undefined;
  }
  const { root, notes } = notesLocation();
  const note = vscode.Uri.joinPath(notes, noteFileName(key));
  const fromDraft = relativePath(draftFolder(document.uri, root), vscode.workspace.asRelativePath(note, false));
  const cursor = editor.selection.end;
  const line = document.lineAt(cursor.line).text;
  let text: string;
  let position: vscode.Position;
  if (citationLanguageOf(document.languageId, document.uri.path) === 'latex') {
    const comment = `% note: ${fromDraft}`;
    const next = cursor.line + 1 < document.lineCount ? document.lineAt(cursor.line + 1).text.trim() : '';
    if (line.trim() === comment || next === comment) {
      return { draft }; // already there
    }
    text = `${line.trim() === '' ? '' : '\n'}${comment}`;
    position = document.lineAt(cursor.line).range.end;
  } else {
    const style = config.get<NoteLinkStyle>('noteLinkStyle', 'wikilink', document.uri) === 'markdown' ? 'markdown' : 'wikilink';
    const link = noteLink(style, key, paper?.title ?? key, fromDraft);
    const before = line.slice(0, cursor.character).trimEnd();
    const after = line.slice(cursor.character).trimStart();
    if (before.endsWith(link) || after.startsWith(link)) {
      return { draft }; // a link already at the cursor is not doubled
    }
    position = cursor;
    const charBefore = cursor.character > 0 ? line[cursor.character - 1] : '';
    const charAfter = line[cursor.character] ?? '';
    text = `${charBefore && !/[\s([]/.test(charBefore) ? ' ' : ''}${link}${/[\p{L}\p{N}]/u.test(charAfter) ? ' ' : ''}`;
  }
  const ok = await editor.edit(builder => builder.insert(position, text));
  return ok ? { draft, inserted: text } : undefined;
}

/** The draft's folder relative to the workspace folder ('' at the root, or for a file outside it). */
function draftFolder(draft: vscode.Uri, root: vscode.WorkspaceFolder): string {
  const inRoot = vscode.workspace.getWorkspaceFolder(draft)?.uri.toString() === root.uri.toString();
  return inRoot ? splitPath(vscode.workspace.asRelativePath(draft, false)).slice(0, -1).join('/') : '';
}
