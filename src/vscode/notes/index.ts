import * as vscode from 'vscode';
import { showError } from '../util/log';
import { createNewFile, fileExists, readBytes, realPathOutsideWorkspace, uriOf } from '../util/files';
import { offerNoteLink, registerInsertNoteLink } from './noteLink';
import { registerNoteCommentLinks } from './noteCommentLinks';

/** A note template bigger than this is not a template. */
const MAX_TEMPLATE_BYTES = 1024 * 1024;
import { notesLocation } from '../workspace/notesLocation';
import type { Paper } from '../../core/model';
import { noteFileName, renderNote, splitPath } from '../../core/notes/notes';
import { decodeText } from '../../core/util/text';
import { config } from '../util/config';
import { keysFromArgument, paperFromArgument, paperKeyAtCursor } from '../workspace/paperArguments';
import type { Services } from '../services';

/** What `digestNotes.createNote` did; returned to callers and specs. */
export interface CreateNoteResult {
  readonly uri: vscode.Uri;
  /** False when the note was already there (it is opened as it is, never rewritten). */
  readonly created: boolean;
  readonly unknownPlaceholders: readonly string[];
}

/**
 * Literature notes: `digestNotes.createNote` writes `<notesFolder>/<key>.md` once and opens it;
 * it never edits a draft. Its notification offers "Insert Note Link" (noteLink.ts), which puts a
 * link to the note in the draft the writer was last in.
 */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const creator = new NoteCreator(services);
  context.subscriptions.push(
    vscode.commands.registerCommand('digestNotes.createNote', (arg?: unknown) => creator.run(arg)),
    registerInsertNoteLink(services),
    registerNoteCommentLinks(),
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
    const draft = this.services.drafts.lastDraft();
    // The paper under the cursor (a cited key, a digest's paper) before asking.
    const named = keysFromArgument(arg)[0] ?? (await paperKeyAtCursor(this.services));
    const paper = await paperFromArgument(this.services, named, 'Create a literature note for…');
    if (!paper) {
      return undefined;
    }
    try {
      const folder = notesLocation();
      const uri = noteUriInside(folder.notes, noteFileName(paper.key));
      const escape = await realPathOutsideWorkspace(uri);
      if (escape) {
        throw new Error(
          `the notes folder ${vscode.workspace.asRelativePath(folder.notes, false)} is a link to ${escape}, outside the workspace; ` +
            'no note was written. Point digestNotes.notesFolder at a folder inside it.',
        );
      }
      const { created, unknownPlaceholders } = await this.ensureNote(uri, paper, folder.root);
      await vscode.window.showTextDocument(uri, { preview: false });
      offerNoteLink(paper, uri, created, draft);
      return { uri, created, unknownPlaceholders };
    } catch (error) {
      void showError(vscode.l10n.t('Digest Notes: {0}', error instanceof Error ? error.message : String(error)));
      return undefined;
    }
  }

  private ensureNote(
    uri: vscode.Uri,
    paper: Paper,
    root: vscode.WorkspaceFolder,
  ): Promise<{ created: boolean; unknownPlaceholders: string[] }> {
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
  private async writeIfMissing(
    uri: vscode.Uri,
    paper: Paper,
    root: vscode.WorkspaceFolder,
  ): Promise<{ created: boolean; unknownPlaceholders: string[] }> {
    if (await fileExists(uri, { strict: true })) {
      return { created: false, unknownPlaceholders: [] };
    }
    const templatePath = config.get('noteTemplate', '', root.uri).trim();
    const template = templatePath === '' ? undefined : await readTemplate(root, templatePath, templateFromUserSettings(root));
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
      vscode.l10n.t(
        'Digest Notes: the note template {0} has placeholders this version does not know, left as written: {1}. ' +
          'Known: {{title}} {{key}} {{abstract}} {{day}} {{links}} {{digest}}.',
        templatePath,
        fresh.join(', '),
      ),
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

/**
 * Whether the effective `noteTemplate` comes from the user's own settings. A workspace's
 * `.vscode/settings.json` comes with a cloned repository, so it must not make a note out of
 * `~/.ssh/id_rsa`: a template it names must lie inside the workspace.
 */
function templateFromUserSettings(root: vscode.WorkspaceFolder): boolean {
  const inspected = vscode.workspace.getConfiguration('digestNotes', root.uri).inspect<string>('noteTemplate');
  return inspected?.workspaceFolderValue === undefined && inspected?.workspaceValue === undefined;
}

async function readTemplate(root: vscode.WorkspaceFolder, path: string, fromUserSettings: boolean): Promise<string> {
  const absolute = /^([a-z]:)?[\\/]/i.test(path) || path.startsWith('~');
  const refused =
    `the note template "${path}" (digestNotes.noteTemplate in this workspace's settings) is outside the workspace; ` +
    'a workspace may name only a template inside it (an absolute path is honoured from your user settings). No note was created.';
  if (absolute && !fromUserSettings) {
    throw new Error(refused);
  }
  const uri = absolute ? vscode.Uri.file(path) : vscode.Uri.joinPath(root.uri, ...splitPath(path));
  if (!fromUserSettings && (!vscode.workspace.getWorkspaceFolder(uri) || (await realPathOutsideWorkspace(uri)))) {
    throw new Error(refused); // `../..` or a link leading out
  }
  const bytes = await readBytes(uri, { maxBytes: MAX_TEMPLATE_BYTES });
  if (!bytes) {
    throw new Error(
      `the note template "${path}" (setting digestNotes.noteTemplate) was not found in ${root.name}; no note was created. ` +
        'Fix the path or clear the setting for the built-in layout.',
    );
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
