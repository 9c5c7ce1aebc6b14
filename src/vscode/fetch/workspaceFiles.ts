import * as vscode from 'vscode';
import type { FetchFiles } from '../../core/fetch/run';
import { EMPTY_FETCH_STATE, FETCH_STATE_FILE, formatFetchState, parseFetchState, type FetchState } from '../../core/fetch/state';
import { config } from '../util/config';
import { fileQueue } from '../util/fileQueue';
import { listDirectory, readText, realPathOutsideWorkspace, writeFileWhole } from '../util/files';

/**
 * The fetch folder (`digestNotes.fetch.folder`, default `digests`, inside the first workspace
 * folder) as the core's FetchFiles, and the state file `.digest-notes/fetch.json` beside the
 * metadata file, which the command line reads too. Writes go through the file queue and the
 * atomic replace; nothing is written outside the workspace, links followed.
 */
export function fetchFolder(root: vscode.Uri): vscode.Uri | { error: string } {
  const setting = config.get<string>('fetch.folder', 'digests');
  const relative = (typeof setting === 'string' ? setting : 'digests').trim().replace(/\\/g, '/').replace(/\/+$/, '') || 'digests';
  const parts = relative.split('/').filter(part => part !== '' && part !== '.');
  if (relative.startsWith('/') || /^[A-Za-z]:/.test(relative) || parts.includes('..') || parts.length === 0) {
    return { error: `digestNotes.fetch.folder must be a folder inside the workspace, not '${relative}'` };
  }
  return vscode.Uri.joinPath(root, ...parts);
}

export function workspaceFetchFiles(folder: vscode.Uri): FetchFiles {
  const at = (path: string) => vscode.Uri.joinPath(folder, ...path.split('/'));
  return {
    read: path => readText(at(path)),
    write: async (path, text) => {
      const uri = at(path);
      const outside = await realPathOutsideWorkspace(uri);
      if (outside !== undefined) {
        throw new Error(`${vscode.workspace.asRelativePath(uri)} leads outside the workspace (${outside}); not written`);
      }
      await fileQueue.run(uri, () => writeFileWhole(uri, new TextEncoder().encode(text)));
    },
    list: async path => (await listDirectory(at(path))).filter(([, type]) => type === vscode.FileType.File).map(([name]) => name),
  };
}

export function stateUri(root: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(root, ...FETCH_STATE_FILE.split('/'));
}

/** The state as it is; a file that is not one is an error (it is never written over). */
export async function readFetchState(root: vscode.Uri): Promise<{ state: FetchState; exists: boolean; error?: string }> {
  const text = await readText(stateUri(root));
  if (text === undefined) return { state: EMPTY_FETCH_STATE, exists: false };
  const read = parseFetchState(text);
  return read.error === undefined ? { state: read.state, exists: true } : { state: EMPTY_FETCH_STATE, exists: true, error: read.error };
}

export async function writeFetchState(root: vscode.Uri, state: FetchState, today: string): Promise<void> {
  const uri = stateUri(root);
  await fileQueue.run(uri, () => writeFileWhole(uri, new TextEncoder().encode(formatFetchState(state, today))));
}
