// Shared by the specs in test/vscode: where the opened workspace is, opening files, reaching the
// extension and its API, and waiting for the UI to catch up.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DigestNotesApi } from '../../src/vscode/testProbe';

export const EXTENSION_ID = 'digest-notes.digest-notes';

/** The seed digest's file name in the sample workspace (test/fixtures/workspace). */
export const SEED_DIGEST = 'hf-daily-papers-mar14.digest.txt';

/** The sample workspace's draft, citing two of the seed's papers. */
export const SAMPLE_DRAFT = 'paper.md';

/** The folder the host opened: a per-run copy, so specs may write into it. */
export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test host opened no workspace folder');
  return folder.uri;
}

/** A file of the opened workspace, by path relative to its root (`/`-separated). */
export function workspaceFile(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), ...relativePath.split('/'));
}

/** The extension under test (the development copy, or the installed .vsix in the package check). */
export function extension(): vscode.Extension<DigestNotesApi> {
  const found = vscode.extensions.getExtension<DigestNotesApi>(EXTENSION_ID);
  assert.ok(found, `extension ${EXTENSION_ID} is not loaded in the test host`);
  return found;
}

/** Activates the extension (as opening a digest would) and returns what `activate` returned. */
export async function extensionApi(): Promise<DigestNotesApi> {
  return extension().activate();
}

/** Opens a workspace file (relative path or URI) in an editor and returns the editor. */
export async function openFile(file: string | vscode.Uri, options?: vscode.TextDocumentShowOptions): Promise<vscode.TextEditor> {
  const uri = typeof file === 'string' ? workspaceFile(file) : file;
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, options);
}

/** Deletes a file or a folder with what it holds; nothing when it is not there. */
export function removeIfPresent(uri: vscode.Uri): Thenable<void> {
  return vscode.workspace.fs.delete(uri, { recursive: true }).then(undefined, () => undefined);
}

/** Deletes the workspace's `.digest-notes` folder, the metadata file first (the extension follows that file). */
export async function removeDigestNotesFolder(): Promise<void> {
  await removeIfPresent(workspaceFile('.digest-notes/metadata.json'));
  await removeIfPresent(workspaceFile('.digest-notes'));
}

export async function closeAllEditors(): Promise<void> {
  // A dirty editor would ask "Save changes?" in a dialog that stays open for the next spec's keys
  // to answer (a save into a folder already deleted): each is reverted first. Specs save what
  // they mean to keep.
  for (const document of vscode.workspace.textDocuments.filter(d => d.isDirty)) {
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export interface WaitOptions {
  /** Milliseconds before giving up (default 10 000). */
  timeout?: number;
  /** Milliseconds between probes (default 50). */
  interval?: number;
  /** Says what was awaited, for the failure message. */
  message?: string;
  /** Describes the state at the deadline, so a failure says where things stood. */
  explain?: () => string | Promise<string>;
}

/**
 * Probes until it returns something other than `undefined`/`false` and returns that; fails the
 * test after the timeout. For state the workbench updates asynchronously (views, editors, tabs).
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitOptions = {},
): Promise<T> {
  const { timeout = 10_000, interval = 50, message = 'condition', explain } = options;
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const state = explain ? ` (${await explain()})` : '';
      assert.fail(`timed out after ${timeout} ms waiting for ${message}${state}`);
    }
    await new Promise(resolve => setTimeout(resolve, interval));
  }
}
