import * as vscode from 'vscode';
import { fileExists, openDocument } from '../util/files';
import { planBibliographyInsert, readBibliography, type BibFormat } from '../../core/bib';
import { bibFormatForDraft, chooseDeclaredBibliography, isAbsolutePath, planCitationKeys, type CitationKeyPlan } from '../../core/drafts/bibTarget';
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

/** Where citations of `draft` go; undefined only when there is no folder to resolve the setting in. */
export async function resolveBibliographyTarget(draft: vscode.TextDocument | undefined): Promise<BibliographyTarget | undefined> {
  const declared = draft ? parseDeclaredBibliographies(draft.getText(), draft.languageId) : [];
  const languageId = draft?.languageId ?? 'markdown';
  if (draft && declared.length > 0) {
    const base = draft.uri.scheme === 'untitled' ? vscode.workspace.workspaceFolders?.[0]?.uri : vscode.Uri.joinPath(draft.uri, '..');
    if (base) {
      const candidates = await Promise.all(declared.map(async path => {
        const uri = declaredUri(base, path);
        return { path: uri.toString(), exists: await fileExists(uri) };
      }));
      const chosen = chooseDeclaredBibliography(candidates, languageId)!;
      const uri = vscode.Uri.parse(chosen.path);
      return { uri, format: bibFormatForDraft(uri.path, languageId), declared: true };
    }
  }
  const folder = (draft && vscode.workspace.getWorkspaceFolder(draft.uri)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    return undefined;
  }
  const setting = config.get('bibliography', 'references.bib', folder.uri).trim() || 'references.bib';
  const uri = isAbsolutePath(setting) ? vscode.Uri.file(setting) : vscode.Uri.joinPath(folder.uri, setting);
  return { uri, format: bibFormatForDraft(uri.path, languageId), declared: false };
}

/** Reads the target: the open document's text when it is open (even unsaved), else the file. */
export async function readBibliographySnapshot(target: BibliographyTarget): Promise<BibliographySnapshot> {
  const name = displayName(target.uri);
  if (!target.format) {
    return { target, text: '', exists: false, entries: [], error: `${name}: Digest Notes writes .bib, .json (CSL-JSON) and .yaml/.yml (CSL-YAML) bibliographies only.` };
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
export function citationKeysFor(snapshot: BibliographySnapshot, papers: readonly Paper[], libraryKeys?: ReadonlySet<string>): CitationKeyPlan[] {
  return planCitationKeys(papers, snapshot.entries, libraryKeys);
}

/**
 * Adds the papers planned with `add` to the bibliography (re-read now, so edits made since the
 * snapshot are kept), under their planned keys. Never changes an existing entry.
 */
export async function writeBibliographyEntries(target: BibliographyTarget, plans: readonly CitationKeyPlan[]): Promise<BibliographyAddResult> {
  const keys = Object.fromEntries(plans.map(p => [p.paper.key, p.key]));
  const base = { target: target.uri.toString(), keys };
  const fresh = await readBibliographySnapshot(target);
  if (fresh.error) {
    return { ...base, added: [], alreadyPresent: [], via: 'none', error: fresh.error, errorLine: fresh.errorLine };
  }
  // Keys planned against an older snapshot are checked again against what is there now.
  const replanned = planCitationKeys(plans.filter(p => p.add).map(p => ({ ...p.paper, key: p.key })), fresh.entries);
  const toAdd = replanned.filter(p => p.add).map(p => ({ ...p.paper, key: p.key }));
  const alreadyPresent = plans.filter(p => !p.add).map(p => p.key).concat(replanned.filter(p => !p.add).map(p => p.key));
  if (toAdd.length === 0) {
    return { ...base, added: [], alreadyPresent, via: 'none' };
  }
  const outside = outsideWorkspaceError(target);
  if (outside) {
    return { ...base, added: [], alreadyPresent, via: 'none', error: outside };
  }
  const plan = planBibliographyInsert(fresh.text, target.format!, toAdd);
  if (plan.error || !plan.insert) {
    const error = plan.error ? `${displayName(target.uri)}, line ${plan.error.line + 1}: ${plan.error.message}` : undefined;
    return { ...base, added: [], alreadyPresent: alreadyPresent.concat(plan.alreadyPresent ?? []), via: 'none', error, errorLine: plan.error?.line };
  }
  const added = [...plan.added];
  const present = alreadyPresent.concat(plan.alreadyPresent ?? []);
  if (fresh.document) {
    const ok = await applyThroughEditor(fresh.document, plan.insert, fresh.text);
    return ok
      ? { ...base, added, alreadyPresent: present, via: 'editor' }
      : { ...base, added: [], alreadyPresent: present, via: 'none', error: `${displayName(target.uri)} changed while citing; try again.` };
  }
  const newText = fresh.text.slice(0, plan.insert.offset) + plan.insert.text + fresh.text.slice(plan.insert.offset);
  await writeWhole(target.uri, newText, fresh.exists);
  return { ...base, added, alreadyPresent: present, via: 'file' };
}

/**
 * Digest Notes never writes outside the workspace: a bibliography a draft declares elsewhere
 * (`bibliography: /etc/refs.bib`, `../../refs.bib`) is refused with this message.
 */
export function outsideWorkspaceError(target: BibliographyTarget): string | undefined {
  if (vscode.workspace.getWorkspaceFolder(target.uri)) {
    return undefined;
  }
  return `${displayName(target.uri)} is outside the workspace, and Digest Notes writes only inside it: add the entry there yourself, or keep the bibliography in the workspace.`;
}

/** Resolves, plans and writes in one go: the `digestNotes.addToBibliography` command and completion. */
export async function addPapersToBibliography(draft: vscode.TextDocument | undefined, papers: readonly Paper[], libraryKeys?: ReadonlySet<string>): Promise<BibliographyAddResult> {
  const target = await resolveBibliographyTarget(draft);
  if (!target) {
    return { keys: {}, added: [], alreadyPresent: [], via: 'none', error: 'Open a folder to keep a bibliography in.' };
  }
  const snapshot = await readBibliographySnapshot(target);
  if (snapshot.error) {
    return { target: target.uri.toString(), keys: {}, added: [], alreadyPresent: [], via: 'none', error: snapshot.error, errorLine: snapshot.errorLine };
  }
  return writeBibliographyEntries(target, citationKeysFor(snapshot, papers, libraryKeys));
}

/** A short name for messages: the path relative to the workspace. */
export function displayName(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

async function applyThroughEditor(document: vscode.TextDocument, insert: { offset: number; text: string }, expectedText: string): Promise<boolean> {
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

/** Writes a temporary sibling and renames it over the file, so readers never see half a file. */
export async function writeWhole(uri: vscode.Uri, text: string, existed: boolean): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  const folder = vscode.Uri.joinPath(uri, '..');
  if (!existed) {
    await vscode.workspace.fs.createDirectory(folder);
  }
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const temp = vscode.Uri.joinPath(folder, `.${name}.${process.pid}-${Date.now().toString(36)}.tmp`);
  await vscode.workspace.fs.writeFile(temp, bytes);
  try {
    await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
  } catch (error) {
    await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
    throw error;
  }
}

function declaredUri(base: vscode.Uri, path: string): vscode.Uri {
  if (isAbsolutePath(path)) {
    return base.scheme === 'file' ? vscode.Uri.file(path) : base.with({ path: path.replace(/\\/g, '/') });
  }
  return vscode.Uri.joinPath(base, ...path.split(/[\\/]/).filter(Boolean));
}

async function readBytes(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined;
  }
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
