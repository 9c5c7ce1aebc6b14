import * as vscode from 'vscode';
import { fileQueue } from '../util/fileQueue';
import { fileExists, openDocument, readBytes, realPathOutsideWorkspace, uriFromArgument, writeFileWhole } from '../util/files';
import { bibFormatForPath, readBibliography, type BibFormat } from '../../core/bib';
import { planBibliographyWrite } from '../../core/bib/plan';
import {
  bibFormatForDraft,
  chooseDeclaredBibliography,
  isAbsolutePath,
  planCitationKeys,
  type CitationKeyPlan,
} from '../../core/drafts/bibTarget';
import { parseDeclaredBibliographies } from '../../core/drafts/citations';
import type { ExistingEntry, Paper } from '../../core/model';
import { decodeText } from '../../core/util/text';
import { config } from '../util/config';

/**
 * The bibliography a draft's citations are written to, and how it is written.
 *
 * Target: the first existing file of a known format the draft declares (front matter
 * `bibliography:`, `\bibliography{}`, `\addbibresource{}`, Typst `#bibliography()`, relative to
 * the draft's folder), else the first declared; without a declaration the
 * `digestNotes.bibliography` setting, relative to the draft's workspace folder (created when
 * missing).
 *
 * Writing: an open bibliography (even unsaved) is edited through a `WorkspaceEdit`, one undo step;
 * it is then saved only if it had no unsaved changes before (so the file on disk is current for
 * pandoc, while the user's own unsaved work stays theirs to save). A closed one is written whole to
 * a temporary sibling that is renamed over it, so it is never half-written. A file that cannot be
 * parsed, or is not text, is never touched: the result carries the error (file and line).
 * Existing entries are never changed; new ones are inserted by `planBibliographyInsert`.
 */

export interface BibliographyTarget {
  readonly uri: vscode.Uri;
  /** Undefined when the extension names no format we write (e.g. `.ris`, Typst's Hayagriva YAML). */
  readonly format: BibFormat | undefined;
  /** Whether the draft declares it (else it comes from the setting). */
  readonly declared: boolean;
}

/** The bibliography's current text and what it holds. */
export interface BibliographySnapshot {
  readonly target: BibliographyTarget;
  /** '' for a missing file. */
  readonly text: string;
  readonly exists: boolean;
  readonly entries: readonly ExistingEntry[];
  /** Why the file must not be touched: unreadable, unknown format or a parse error (with the line). */
  readonly error?: string;
  /** 0-based line of a parse error, for revealing it. */
  readonly errorLine?: number;
  /** Set when the text came from an open document. */
  readonly document?: vscode.TextDocument;
}

/** What adding papers did; returned by the commands so specs and callers can check it. */
export interface BibliographyAddResult {
  /** URI string of the bibliography (absent when there is no workspace folder to put it in). */
  readonly target?: string;
  /** Paper key → the key it is cited with (an existing entry's key when its title is there). */
  readonly keys: Record<string, string>;
  /** Keys of the entries added. */
  readonly added: string[];
  /** Keys already in the bibliography (nothing written for them). */
  readonly alreadyPresent: string[];
  /** How the file was changed: through its open editor, by writing the file, or not at all. */
  readonly via: 'editor' | 'file' | 'none';
  readonly error?: string;
  /** 0-based line of a parse error in the bibliography. */
  readonly errorLine?: number;
}

/**
 * The one resolution of a draft's bibliographies, used by citing, the key diagnostics and the
 * model: the files the draft declares (front matter `bibliography:`, `\bibliography{}`,
 * `\addbibresource{}`, Typst `#bibliography()`; relative to the draft's folder, absolute as
 * written, trimmed), in order; else the `digestNotes.bibliography` setting in the draft's
 * workspace folder. Empty only when there is neither a declaration nor a folder.
 */
export function draftBibliographies(draft: vscode.TextDocument | undefined): { readonly uris: vscode.Uri[]; readonly declared: boolean } {
  const declared = draft ? parseDeclaredBibliographies(draft.getText(), draft.languageId, draft.uri.path) : [];
  const base =
    draft && (draft.uri.scheme === 'untitled' ? vscode.workspace.workspaceFolders?.[0]?.uri : vscode.Uri.joinPath(draft.uri, '..'));
  if (declared.length > 0 && base) {
    return { uris: declared.map(path => declaredUri(base, path)), declared: true };
  }
  const folder = (draft && vscode.workspace.getWorkspaceFolder(draft.uri)) ?? vscode.workspace.workspaceFolders?.[0];
  return { uris: folder ? [settingBibliography(folder)] : [], declared: false };
}

/** The `digestNotes.bibliography` setting's file for a workspace folder. */
export function settingBibliography(folder: vscode.WorkspaceFolder): vscode.Uri {
  const setting = config.get('bibliography', 'references.bib', folder.uri).trim() || 'references.bib';
  return isAbsolutePath(setting) ? vscode.Uri.file(setting) : vscode.Uri.joinPath(folder.uri, ...setting.split(/[\\/]/).filter(Boolean));
}

/** Where citations of `draft` go; undefined only when there is no folder to resolve the setting in. */
/**
 * The bibliography a command acts on (Update Entries, Remove Unused Entries): the one named by its
 * argument (a URI or a path), else the active editor's when it is a bibliography, else the one of
 * the draft the writer was last in.
 */
export async function commandBibliographyTarget(
  arg: unknown,
  lastDraft: vscode.TextDocument | undefined,
): Promise<BibliographyTarget | undefined> {
  const named = uriFromArgument(arg, { plainPaths: true });
  if (named) {
    return { uri: named, format: bibFormatForPath(named.path), declared: true };
  }
  const active = vscode.window.activeTextEditor?.document;
  if (active && bibFormatForPath(active.uri.path)) {
    return { uri: active.uri, format: bibFormatForPath(active.uri.path), declared: true };
  }
  return resolveBibliographyTarget(lastDraft);
}

export async function resolveBibliographyTarget(draft: vscode.TextDocument | undefined): Promise<BibliographyTarget | undefined> {
  const languageId = draft?.languageId ?? 'markdown';
  const draftPath = draft?.uri.path ?? '';
  const { uris, declared } = draftBibliographies(draft);
  if (uris.length === 0) {
    return undefined;
  }
  const candidates = await Promise.all(uris.map(async uri => ({ path: uri.toString(), exists: await fileExists(uri) })));
  const chosen = declared ? chooseDeclaredBibliography(candidates, languageId, draftPath)! : candidates[0];
  const uri = vscode.Uri.parse(chosen.path);
  return { uri, format: bibFormatForDraft(uri.path, languageId, draftPath), declared };
}

/** Reads the target: the open document's text when it is open (even unsaved), else the file. */
export async function readBibliographySnapshot(target: BibliographyTarget): Promise<BibliographySnapshot> {
  const name = displayName(target.uri);
  if (!target.format) {
    return {
      target,
      text: '',
      exists: false,
      entries: [],
      error: `${name}: Digest Notes writes .bib, .json (CSL-JSON) and .yaml/.yml (CSL-YAML) bibliographies only.`,
    };
  }
  const document = openDocument(target.uri);
  let text: string;
  if (document) {
    text = document.getText();
  } else {
    const bytes = await readBytes(target.uri);
    if (bytes === undefined) {
      return { target, text: '', exists: false, entries: [] };
    }
    const decoded = decodeUtf8(bytes);
    if (decoded === undefined) {
      return { target, text: '', exists: true, entries: [], error: `${name} is not UTF-8 text; it was left untouched.` };
    }
    text = decoded;
  }
  const read = readBibliography(text, target.format);
  if (read.error) {
    const error = `${name}, line ${read.error.line + 1}: ${read.error.message}. The bibliography was left untouched.`;
    return { target, text, exists: true, entries: read.entries, error, errorLine: read.error.line, document };
  }
  return { target, text, exists: true, entries: read.entries, document };
}

/**
 * The key each paper is cited with against `snapshot` (see `planCitationKeys`): resolve this
 * BEFORE writing a citation, since an existing entry with the paper's title keeps its own key.
 */
export function citationKeysFor(
  snapshot: BibliographySnapshot,
  papers: readonly Paper[],
  libraryKeys?: ReadonlySet<string>,
): CitationKeyPlan[] {
  return planCitationKeys(papers, snapshot.entries, libraryKeys);
}

/**
 * Adds the papers planned with `add` to the bibliography (re-read now, so edits made since the
 * snapshot are kept), under their planned keys. Never changes an existing entry. Writes to one
 * file run one after another (fileQueue.ts): ten cites at once give ten entries.
 */
export function writeBibliographyEntries(target: BibliographyTarget, plans: readonly CitationKeyPlan[]): Promise<BibliographyAddResult> {
  return fileQueue.run(target.uri, () => writeNow(target, plans));
}

async function writeNow(target: BibliographyTarget, plans: readonly CitationKeyPlan[]): Promise<BibliographyAddResult> {
  const keys = Object.fromEntries(plans.map(p => [p.paper.key, p.key]));
  const base = { target: target.uri.toString(), keys };
  const fresh = await readBibliographySnapshot(target);
  if (fresh.error) {
    return { ...base, added: [], alreadyPresent: [], via: 'none', error: fresh.error, errorLine: fresh.errorLine };
  }
  const plan = planBibliographyWrite(fresh.text, target.format!, plans);
  if (plan.error) {
    const error = `${displayName(target.uri)}, line ${plan.error.line + 1}: ${plan.error.message}`;
    return { ...base, added: [], alreadyPresent: plan.alreadyPresent, via: 'none', error, errorLine: plan.error.line };
  }
  if (!plan.insert) {
    return { ...base, added: [], alreadyPresent: plan.alreadyPresent, via: 'none' };
  }
  const outside = await outsideWorkspaceError(target);
  if (outside) {
    return { ...base, added: [], alreadyPresent: plan.alreadyPresent, via: 'none', error: outside };
  }
  const { added, alreadyPresent, insert } = plan;
  if (fresh.document) {
    const ok = await applyThroughEditor(fresh.document, insert, fresh.text);
    return ok
      ? { ...base, added, alreadyPresent, via: 'editor' }
      : { ...base, added: [], alreadyPresent, via: 'none', error: `${displayName(target.uri)} changed while citing; try again.` };
  }
  const newText = fresh.text.slice(0, insert.offset) + insert.text + fresh.text.slice(insert.offset);
  await writeFileWhole(target.uri, new TextEncoder().encode(newText));
  return { ...base, added, alreadyPresent, via: 'file' };
}

/**
 * Digest Notes never writes outside the workspace: a bibliography a draft declares elsewhere
 * (`bibliography: /etc/refs.bib`, `../../refs.bib`), or one reached through a symlink that leads
 * out of the workspace folder, is refused with this message.
 */
export async function outsideWorkspaceError(target: BibliographyTarget): Promise<string | undefined> {
  const name = displayName(target.uri);
  if (!vscode.workspace.getWorkspaceFolder(target.uri)) {
    return (
      `${name} is outside the workspace, and Digest Notes writes only inside it: ` +
      'add the entry there yourself, or keep the bibliography in the workspace.'
    );
  }
  const escape = await realPathOutsideWorkspace(target.uri);
  return (
    escape &&
    `${name} is a link (or lies in a linked folder) to ${escape}, outside the workspace; ` +
      'Digest Notes writes only inside it, so nothing was written.'
  );
}

/** Resolves, plans and writes in one go: the `digestNotes.addToBibliography` command and completion. */
export async function addPapersToBibliography(
  draft: vscode.TextDocument | undefined,
  papers: readonly Paper[],
  libraryKeys?: ReadonlySet<string>,
): Promise<BibliographyAddResult> {
  const target = await resolveBibliographyTarget(draft);
  if (!target) {
    return { keys: {}, added: [], alreadyPresent: [], via: 'none', error: 'Open a folder to keep a bibliography in.' };
  }
  const snapshot = await readBibliographySnapshot(target);
  if (snapshot.error) {
    return {
      target: target.uri.toString(),
      keys: {},
      added: [],
      alreadyPresent: [],
      via: 'none',
      error: snapshot.error,
      errorLine: snapshot.errorLine,
    };
  }
  return writeBibliographyEntries(target, citationKeysFor(snapshot, papers, libraryKeys));
}

/** A short name for messages: the path relative to the workspace. */
export function displayName(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

async function applyThroughEditor(
  document: vscode.TextDocument,
  insert: { offset: number; text: string },
  expectedText: string,
): Promise<boolean> {
  if (document.getText() !== expectedText) {
    return false;
  }
  const wasDirty = document.isDirty;
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, document.positionAt(insert.offset), insert.text);
  if (!(await vscode.workspace.applyEdit(edit))) {
    return false;
  }
  if (!wasDirty) {
    await document.save();
  }
  return true;
}

function declaredUri(base: vscode.Uri, path: string): vscode.Uri {
  if (isAbsolutePath(path)) {
    return base.scheme === 'file' ? vscode.Uri.file(path) : base.with({ path: path.replace(/\\/g, '/') });
  }
  return vscode.Uri.joinPath(base, ...path.split(/[\\/]/).filter(Boolean));
}

/**
 * Strict UTF-8 (a BOM kept as U+FEFF, so writing back keeps the file's bytes); anything else is
 * refused rather than re-encoded, since writing it back would change every other entry's bytes.
 */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  if (decodeText(bytes) === null) {
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
