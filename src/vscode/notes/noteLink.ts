import * as vscode from 'vscode';
import { citationSyntaxFor } from '../../core/drafts/citations';
import { insertionPoint, planNoteLinkAt } from '../../core/drafts/insertionPoint';
import { citationLanguageOf, draftLanguageOf } from '../../core/drafts/languages';
import { frontMatterRange } from '../../core/drafts/masking';
import type { Paper } from '../../core/model';
import { noteFileName, noteLink, noteLinkStyleFor, relativePath, splitPath } from '../../core/notes/notes';
import { config } from '../util/config';
import { uriFromArgument } from '../util/files';
import { keysFromArgument, paperKeyAtCursor } from '../workspace/paperArguments';
import { PaperPicker } from '../workspace/paperPicker';
import { notesLocation } from '../workspace/notesLocation';
import type { Services } from '../services';

/**
 * "Insert Note Link": a link to a paper's literature note in the draft, where the placement rule
 * allows (insertionPoint.ts: after the word or citation the cursor is in, never in front matter):
 * in a draft pandoc renders a comment `<!-- note: [[key]] notes/key.md -->` that prints nothing,
 * elsewhere `[[key]]`, or a relative Markdown link (`digestNotes.noteLinkStyle`); a `% note:`
 * comment line in LaTeX (`digestNotes.latexNoteLink`). Only when asked: from the palette or editor
 * menu in a draft, or from the notification Create Literature Note shows. The paper is the one
 * named, the note being read, the one under the cursor, else one picked among those with notes.
 * A link already at the cursor is not doubled.
 */

/** What `digestNotes.insertNoteLink` did. */
export interface InsertNoteLinkResult {
  readonly draft: string;
  /** The text inserted; undefined when the link was there already, or refused. */
  readonly inserted?: string;
  /** Why nothing was written (the cursor in front matter or a preamble). */
  readonly refused?: string;
}

export function registerInsertNoteLink(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('digestNotes.insertNoteLink', async (arg?: unknown, draftArg?: unknown) => {
    // The paper named, else the note being read, else the paper under the cursor, else one with a note.
    const key = keysFromArgument(arg)[0] ?? keyOfActiveNote() ?? (await paperKeyAtCursor(services)) ?? (await pickNotedPaper(services));
    if (!key) {
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

/** Asks for one of the papers that have a literature note; undefined (with a message) when none has. */
async function pickNotedPaper(services: Services): Promise<string | undefined> {
  await services.notes.load();
  const noted = (await services.workspace.library()).papers.filter(p => services.notes.has(p.key));
  if (noted.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Digest Notes: no paper has a literature note yet: create one (Create Literature Note), then link it.'),
    );
    return undefined;
  }
  return new Promise(resolve => {
    new PaperPicker({
      title: vscode.l10n.t('Insert Note Link: which note?'),
      canSelectMany: false,
      actions: false,
      papers: noted.map(paper => ({ paper })),
      onAccept: papers => resolve(papers[0]?.key),
      onHide: () => resolve(undefined),
    });
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
  const language = draftLanguageOf(document.languageId, document.uri.path);
  if (!isLinkable(document) || !language || language === 'typst') {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Digest Notes: note links go into Markdown drafts (and LaTeX with digestNotes.latexNoteLink).'),
    );
    return undefined;
  }
  const { root, notes } = notesLocation();
  const note = vscode.Uri.joinPath(notes, noteFileName(key));
  const fromDraft = relativePath(draftFolder(document.uri, root), vscode.workspace.asRelativePath(note, false));
  const text = document.getText();
  const context = { language, syntax: citationSyntaxFor(document.languageId, {}, document.uri.path) };
  const cursor = document.offsetAt(editor.selection.end);
  let insert: { offset: number; text: string } | undefined;
  if (language === 'latex') {
    // A comment line after the line the link would go on (never in the preamble).
    const comment = `% note: ${fromDraft}`;
    const point = insertionPoint(text, cursor, { ...context, kind: 'noteLink' });
    if (!point.allowed) {
      return refuse(document, point.reason);
    }
    const line = document.positionAt(point.offset).line;
    const next = line + 1 < document.lineCount ? document.lineAt(line + 1).text.trim() : '';
    if (document.lineAt(line).text.trim() === comment || next === comment) {
      return { draft }; // already there
    }
    const lineText = document.lineAt(line).text;
    insert = { offset: document.offsetAt(document.lineAt(line).range.end), text: `${lineText.trim() === '' ? '' : '\n'}${comment}` };
  } else {
    const setting = config.get<string>('noteLinkStyle', 'auto', document.uri);
    const style = noteLinkStyleFor(setting, language, frontMatterRange(text) !== undefined);
    const plan = planNoteLinkAt(text, cursor, noteLink(style, key, paper?.title ?? key, fromDraft), context);
    if (!plan.point.allowed) {
      return refuse(document, plan.point.reason);
    }
    if (!plan.insert) {
      return { draft }; // a link already at the cursor is not doubled
    }
    insert = plan.insert;
  }
  const at = document.positionAt(insert.offset);
  const ok = await editor.edit(builder => builder.insert(at, insert.text));
  return ok ? { draft, inserted: insert.text } : undefined;
}

/** Nothing linked: says why (the cursor in front matter or a preamble); the writer moves the cursor. */
function refuse(document: vscode.TextDocument, reason: string): InsertNoteLinkResult {
  const name = vscode.workspace.asRelativePath(document.uri, false);
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Digest Notes: no note link written in {0}: {1}. Put the cursor in the text and run Insert Note Link again.',
      name,
      reason,
    ),
  );
  return { draft: document.uri.toString(), refused: reason };
}

/** The draft's folder relative to the workspace folder ('' at the root, or for a file outside it). */
function draftFolder(draft: vscode.Uri, root: vscode.WorkspaceFolder): string {
  const inRoot = vscode.workspace.getWorkspaceFolder(draft)?.uri.toString() === root.uri.toString();
  return inRoot ? splitPath(vscode.workspace.asRelativePath(draft, false)).slice(0, -1).join('/') : '';
}
