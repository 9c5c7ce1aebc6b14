import * as vscode from 'vscode';
import type { Paper } from '../../core/model';
import { isDraftEditor } from './drafts';
import type { Services } from '../services';

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
export async function papersForKeys(services: Services, keys: readonly string[]): Promise<Paper[]> {
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
    void vscode.window.showWarningMessage(`Digest Notes: no paper with the key ${unknown.map(k => `"${k}"`).join(', ')} in this workspace's digests.`);
  }
  return papers;
}

/** The keys one command argument names (no tree selection); empty when it names none. */
export function keysFromArgument(arg: unknown): string[] {
  return keysOf(arg);
}

export interface PaperPickItem extends vscode.QuickPickItem {
  readonly key: string;
  readonly paper: Paper;
}

/** A button on a paper's item: the command it runs with the paper's key. */
export type PaperActionButton = vscode.QuickInputButton & { readonly command: string; readonly hideAfter: boolean };

const PAPER_ACTIONS: readonly PaperActionButton[] = [
  { iconPath: new vscode.ThemeIcon('quote'), tooltip: 'Cite', command: 'digestNotes.insertCitation', hideAfter: true },
  { iconPath: new vscode.ThemeIcon('note'), tooltip: 'Literature Note', command: 'digestNotes.createNote', hideAfter: true },
  { iconPath: new vscode.ThemeIcon('eye'), tooltip: 'Preview', command: 'digestNotes.previewPaper', hideAfter: true },
];
const OPEN_LINK: PaperActionButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: 'Open Link', command: 'digestNotes.openLink', hideAfter: false };

/** Characters of the abstract an item shows under the title. */
const ABSTRACT_PREVIEW = 160;

/**
 * How a paper shows in a quick pick: title; key, day and `note`; the abstract's start. With
 * `actions`, buttons to cite it, write its note, preview it and open its link.
 */
export function paperPickItem(paper: Paper, options: { readonly note?: string; readonly actions?: boolean } = {}): PaperPickItem {
  const abstract = paper.abstract.length > ABSTRACT_PREVIEW ? `${paper.abstract.slice(0, ABSTRACT_PREVIEW).trimEnd()}…` : paper.abstract;
  const buttons = !options.actions ? [] : paper.links.length > 0 ? [...PAPER_ACTIONS, OPEN_LINK] : [...PAPER_ACTIONS];
  return {
    key: paper.key,
    paper,
    label: paper.title,
    description: [paper.key, paper.day, options.note].filter(Boolean).join(' · '),
    detail: abstract || undefined,
    buttons,
  };
}

/** Runs an item's button, closing the picker first unless the action keeps it (Open Link). */
export function runPaperAction(picker: vscode.QuickPick<PaperPickItem>, button: vscode.QuickInputButton, key: string): void {
  const action = button as PaperActionButton;
  if (action.hideAfter) {
    picker.hide();
  }
  void vscode.commands.executeCommand(action.command, key);
}

/** Enter on papers in a picker: cite them into the draft being edited, else preview the first. */
export async function citeOrPreview(services: Services, keys: readonly string[]): Promise<void> {
  if (isDraftEditor(services, vscode.window.activeTextEditor)) {
    await vscode.commands.executeCommand('digestNotes.insertCitation', [...keys]);
  } else {
    await vscode.commands.executeCommand('digestNotes.previewPaper', keys[0]);
  }
}

/** Asks for one paper of the library; undefined when there is none or the user cancels. */
export async function pickPaperKey(services: Services, placeHolder: string): Promise<string | undefined> {
  const library = await services.workspace.library();
  if (library.papers.length === 0) {
    void vscode.window.showInformationMessage('No papers: this workspace has no digest files yet.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(library.papers.map(p => paperPickItem(p)), {
    placeHolder,
    matchOnDescription: true,
  });
  return picked?.key;
}

/** The paper a command argument names, else the one the user picks; with a message when unknown. */
export async function paperFromArgument(services: Services, arg: unknown, placeHolder: string, selected?: unknown): Promise<Paper | undefined> {
  const key = keysFromArguments(arg, selected)?.[0] ?? (await pickPaperKey(services, placeHolder));
  if (key === undefined) {
    return undefined;
  }
  const paper = await services.workspace.paper(key);
  if (!paper) {
    void vscode.window.showErrorMessage(`Digest Notes: no paper with the key "${key}" in this workspace's digests.`);
  }
  return paper;
}
