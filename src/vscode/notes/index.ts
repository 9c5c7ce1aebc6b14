import * as vscode from 'vscode';
import { createNewFile, fileExists, readBytes, uriOf } from '../util/files';
import { notesLocation } from '../workspace/notesLocation';
import { citationLanguageOf } from '../../core/drafts/mentions';
import type { Paper } from '../../core/model';
import { noteFileName, noteLink, relativePath, renderNote, splitPath, type NoteLinkStyle } from '../../core/notes/notes';
import { decodeText } from '../../core/util/text';
import { config } from '../util/config';
import { isDraftEditor } from '../workspace/drafts';
import { paperFromArgument } from '../workspace/paperArguments';
import type { Services } from '../services';

/** What `digestNotes.createNote` did; returned to callers and specs. */
export interface CreateNoteResult {
  readonly uri: vscode.Uri;
  /** False when the note was already there (it is opened as it is, never rewritten). */
  readonly created: boolean;
  /** The text inserted into the draft, when one was. */
  readonly link?: string;
  readonly unknownPlaceholders: readonly string[];
}

/**
 * Literature notes: `digestNotes.createNote` writes `<notesFolder>/<key>.md` once, opens it, and
 * links it from the draft at the cursor.
 */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const creator = new NoteCreator(services);
  context.subscriptions.push(
    vscode.commands.registerCommand('digestNotes.createNote', (arg?: unknown) => creator.run(arg)),
  );
}

class NoteCreator {
  /** Notes being written, by URI: a second click while the first runs joins it (no double write). */
  private readonly inFlight = new Map<string, Promise<{ created: boolean; unknownPlaceholders: string[] }>>();
  /** Unknown placeholders already reported, per template, so the warning shows once. */
  private readonly reported = new Set<string>();

  constructor(private readonly services: Services) {}

  async run(arg: unknown): Promise<CreateNoteResult | undefined> {
    // Taken first: once the note opens, the draft is no longer the active editor.
    const draft = vscode.window.activeTextEditor;
    const paper = await paperFromArgument(this.services, arg, 'Create a literature note for…');
    if (!paper) {
      return undefined;
    }
    try {
      const folder = notesLocation();
      const uri = noteUriInside(folder.notes, noteFileName(paper.key));
      const { created, unknownPlaceholders } = await this.ensureNote(uri, paper, folder.root);
      const link = isLinkableDraft(this.services, draft, uri) ? await insertLink(draft, paper, uri, folder.root) : undefined;
      await vscode.window.showTextDocument(uri, { preview: false });
      return { uri, created, link, unknownPlaceholders };
    } catch (error) {
      void vscode.window.showErrorMessage(`Digest Notes: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private ensureNote(uri: vscode.Uri, paper: Paper, root: vscode.WorkspaceFolder): Promise<{ created: boolean; unknownPlaceholders: string[] }> {
    const id = uri.toString();
    let pending = this.inFlight.get(id);
    if (!pending) {
      pending = this.writeIfMissing(uri, paper, root).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, pending);
    }
    return pending;
  }

  /**
   * Never overwrites. The note counts as existing when it is on disk or open in an editor (maybe
   * unsaved, or deleted on disk behind it). The last check runs right before the write, after the
   * template is read and the text rendered, so the window in which another program could create
   * the same file is one stat call wide; a second run inside this window joins `inFlight` instead.
   * (`workspace.fs` has no create-only write; `WorkspaceEdit.createFile` would make the creation
   * undoable, and undoing it would delete the note.)
   */
  private async writeIfMissing(uri: vscode.Uri, paper: Paper, root: vscode.WorkspaceFolder): Promise<{ created: boolean; unknownPlaceholders: string[] }> {
    if (await fileExists(uri, { strict: true })) {
      return { created: false, unknownPlaceholders: [] };
    }
    const templatePath = config.get('noteTemplate', '', root.uri).trim();
    const template = templatePath === '' ? undefined : await readTemplate(root, templatePath);
    const { text, unknownPlaceholders } = renderNote(paper, {
      digestPath: digestPathOf(paper),
      tags: stringList(config.get<unknown>('noteTags', [], root.uri)),
      created: localIsoDate(new Date()),
      template,
    });
    if (!(await createNewFile(uri, new TextEncoder().encode(text)))) {
      return { created: false, unknownPlaceholders: [] }; // it appeared meanwhile: never overwritten
    }
    this.reportPlaceholders(templatePath, unknownPlaceholders);
    return { created: true, unknownPlaceholders };
  }

  private reportPlaceholders(templatePath: string, placeholders: readonly string[]): void {
    const fresh = placeholders.filter(p => !this.reported.has(`${templatePath}\u0000${p}`));
    if (fresh.length === 0) {
      return;
    }
    fresh.forEach(p => this.reported.add(`${templatePath}\u0000${p}`));
    void vscode.window.showWarningMessage(
      `Digest Notes: the note template ${templatePath} has placeholders this version does not know, left as written: ${fresh.join(', ')}. Known: {{title}} {{key}} {{abstract}} {{day}} {{links}} {{digest}}.`,
    );
  }
}

/** `folder/fileName`, asserted to lie directly inside `folder` whatever the name holds. */
function noteUriInside(folder: vscode.Uri, fileName: string): vscode.Uri {
  const uri = vscode.Uri.joinPath(folder, fileName);
  const parent = folder.path.replace(/\/+$/, '');
  const rest = uri.path.startsWith(`${parent}/`) ? uri.path.slice(parent.length + 1) : undefined;
  if (rest !== fileName || rest.includes('/') || rest === '' || rest === '.' || rest === '..') {
    throw new Error(`refusing to write the note "${fileName}": it would land outside ${folder.path}.`);
  }
  return uri;
}


async function readTemplate(root: vscode.WorkspaceFolder, path: string): Promise<string> {
  const uri = /^([a-z]:)?[\\/]/i.test(path) ? vscode.Uri.file(path) : vscode.Uri.joinPath(root.uri, ...splitPath(path));
  const bytes = await readBytes(uri);
  if (!bytes) {
    throw new Error(`the note template "${path}" (setting digestNotes.noteTemplate) was not found in ${root.name}; no note was created. Fix the path or clear the setting for the built-in layout.`);
  }
  return decodeText(bytes) ?? new TextDecoder().decode(bytes);
}

function digestPathOf(paper: Paper): string {
  const first = paper.occurrences[0]?.path;
  if (!first) {
    return '';
  }
  return vscode.workspace.asRelativePath(uriOf(first), false);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function localIsoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A draft the note is linked from: a Markdown-family or LaTeX editor that is neither a digest nor the note. */
function isLinkableDraft(services: Services, editor: vscode.TextEditor | undefined, note: vscode.Uri): editor is vscode.TextEditor {
  if (!isDraftEditor(services, editor) || editor.document.uri.toString() === note.toString()) {
    return false;
  }
  const language = citationLanguageOf(editor.document.languageId) ?? citationLanguageOf(editor.document.uri.path);
  return language === 'markdown' || (language === 'latex' && config.get('latexNoteLink', false, editor.document.uri));
}

/** Inserts the link at the cursor (a comment line below it in LaTeX); returns what was inserted. */
async function insertLink(editor: vscode.TextEditor, paper: Paper, note: vscode.Uri, root: vscode.WorkspaceFolder): Promise<string | undefined> {
  const document = editor.document;
  const fromDraft = relativePath(draftFolder(document.uri, root), vscode.workspace.asRelativePath(note, false));
  const cursor = editor.selection.active;
  let text: string;
  let position: vscode.Position;
  if (citationLanguageOf(document.languageId) === 'latex' || citationLanguageOf(document.uri.path) === 'latex') {
    text = `${document.lineAt(cursor.line).text.trim() === '' ? '' : '\n'}% note: ${fromDraft}`;
    position = document.lineAt(cursor.line).range.end;
  } else {
    const style = config.get<NoteLinkStyle>('noteLinkStyle', 'wikilink', document.uri) === 'markdown' ? 'markdown' : 'wikilink';
    position = editor.selection.end;
    const link = noteLink(style, paper.key, paper.title, fromDraft);
    const before = position.character > 0 ? document.lineAt(position.line).text[position.character - 1] : '';
    const after = document.lineAt(position.line).text[position.character] ?? '';
    text = `${before && !/[\s([]/.test(before) ? ' ' : ''}${link}${/[\p{L}\p{N}]/u.test(after) ? ' ' : ''}`;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, position, text);
  return (await vscode.workspace.applyEdit(edit)) ? text : undefined;
}

/** The draft's folder relative to the workspace folder ('' at the root, or for a file outside it). */
function draftFolder(draft: vscode.Uri, root: vscode.WorkspaceFolder): string {
  const inRoot = vscode.workspace.getWorkspaceFolder(draft)?.uri.toString() === root.uri.toString();
  return inRoot ? splitPath(vscode.workspace.asRelativePath(draft, false)).slice(0, -1).join('/') : '';
}
