import * as vscode from 'vscode';
import { showError } from '../util/log';
import type { Paper } from '../../core/model';
import { findCitationClusterAt, findCitationKeys } from '../../core/drafts/citations';
import { citationLanguageOf } from '../../core/drafts/languages';
import { keyFromNoteStem, splitPath } from '../../core/notes/notes';
import type { DigestWorkspace } from './digestWorkspace';
import { pickPaperKey } from './paperPicker';

/** What resolving a command's paper arguments needs. */
export interface PaperSource {
  readonly workspace: DigestWorkspace;
}

/**
 * The keys a command names: a key, `{ key }`, a tree node with `paper.key`, or an array of these.
 * `selected` is what a tree passes as the second argument (every selected node) and wins when it
 * holds more than one paper. Undefined when nothing names a paper (then the command asks).
 */
export function keysFromArguments(arg: unknown, selected?: unknown): string[] | undefined {
  const fromSelection = Array.isArray(selected) ? keysOf(selected) : [];
  const keys = fromSelection.length > 1 ? fromSelection : keysOf(arg);
  return keys.length > 0 ? keys : undefined;
}

function keysOf(arg: unknown): string[] {
  if (typeof arg === 'string') {
    return arg.trim() === '' ? [] : [arg.trim()];
  }
  if (Array.isArray(arg)) {
    return [...new Set(arg.flatMap(keysOf))];
  }
  if (typeof arg === 'object' && arg !== null) {
    const node = arg as { key?: unknown; keys?: unknown; paper?: { key?: unknown } };
    if (typeof node.key === 'string') {
      return keysOf(node.key);
    }
    if (Array.isArray(node.keys)) {
      return keysOf(node.keys);
    }
    if (typeof node.paper === 'object' && node.paper !== null && typeof node.paper.key === 'string') {
      return keysOf(node.paper.key);
    }
  }
  return [];
}

/** The library's papers for `keys`, in order; unknown keys are reported once and skipped. */
export async function papersForKeys(services: PaperSource, keys: readonly string[]): Promise<Paper[]> {
  const library = await services.workspace.library();
  const papers: Paper[] = [];
  const unknown: string[] = [];
  for (const key of keys) {
    const paper = library.byKey(key);
    if (paper) {
      papers.push(paper);
    } else {
      unknown.push(key);
    }
  }
  if (unknown.length > 0) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t("Digest Notes: no paper with the key {0} in this workspace's digests.", unknown.map(k => `"${k}"`).join(', ')),
    );
  }
  return papers;
}

/** The keys one command argument names (no tree selection); empty when it names none. */
export function keysFromArgument(arg: unknown): string[] {
  return keysOf(arg);
}

/** The paper a command argument names, else the one the user picks; with a message when unknown. */
export async function paperFromArgument(
  services: PaperSource,
  arg: unknown,
  placeHolder: string,
  selected?: unknown,
): Promise<Paper | undefined> {
  const key = keysFromArguments(arg, selected)?.[0] ?? (await pickPaperKey(services, placeHolder));
  if (key === undefined) {
    return undefined;
  }
  const paper = await services.workspace.paper(key);
  if (!paper) {
    void showError(vscode.l10n.t('Digest Notes: no paper with the key "{0}" in this workspace\'s digests.', key));
  }
  return paper;
}

/** How far around the cursor a citation key is looked for. */
const KEY_WINDOW = 500;

/**
 * The paper under the cursor, for commands that would otherwise ask: in a digest, the paper whose
 * lines hold the cursor; in a draft, the cited key the cursor stands on (or the first known key of
 * the cluster it is in). Undefined when the cursor is on no paper of the library.
 */
export async function paperKeyAtCursor(services: PaperSource, editor = vscode.window.activeTextEditor): Promise<string | undefined> {
  if (!editor) {
    return undefined;
  }
  const document = editor.document;
  const library = await services.workspace.library();
  if (services.workspace.isDigestDocument(document)) {
    const path = document.uri.toString();
    const line = editor.selection.active.line;
    return library.papers.find(p => p.occurrences.some(o => o.path === path && o.range.start <= line && line <= o.range.end))?.key;
  }
  const language = citationLanguageOf(document.languageId, document.uri.path);
  if (!language) {
    return undefined;
  }
  // A note link at the cursor (`[[key]]`, maybe in a comment), a blank apart at most: the link just written.
  const { line, character } = editor.selection.active;
  for (const m of document.lineAt(line).text.matchAll(/\[\[([^[\]\n|#]+)(?:[|#][^[\]\n]*)?\]\]/g)) {
    const stem = splitPath(m[1].trim().replace(/\.md$/i, '')).pop();
    const key = stem && keyFromNoteStem(stem);
    if (key && m.index - 1 <= character && character <= m.index + m[0].length + 1 && library.byKey(key)) {
      return key;
    }
  }
  const offset = document.offsetAt(editor.selection.active);
  const from = Math.max(0, offset - KEY_WINDOW);
  const text = document.getText(new vscode.Range(document.positionAt(from), document.positionAt(offset + KEY_WINDOW)));
  const local = offset - from;
  const onKey = findCitationKeys(text, language).find(k => k.start - 1 <= local && local <= k.end);
  if (onKey && library.byKey(onKey.key)) {
    return onKey.key;
  }
  return findCitationClusterAt(text, local, language)?.keys.find(k => library.byKey(k.key))?.key;
}
