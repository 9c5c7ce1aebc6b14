import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import { WorkerIndex } from '../indexWorker/client';

/** The workspace's search index: a worker thread answering for the host's papers. */
export type WorkspaceIndex = WorkerIndex<Paper>;

/** Above this many papers indexing shows a notification; below, a status-bar progress. */
const NOTIFY_ABOVE = 2000;

/**
 * Starts the index worker, which begins restoring the saved index from `cacheFile` before it gets
 * its papers (`load`). While the worker builds, progress shows in a notification for a large
 * workspace, in the status bar for a small one; a restore shows none. `onStopped` is called if the
 * worker dies, so the caller can start a new one on next use.
 */
export function spawnWorkspaceIndex(cacheFile: string | undefined, onStopped: () => void): WorkspaceIndex {
  let progress: ((done: number, total: number) => void) | undefined;
  let finish = () => {};
  const finished = new Promise<void>(resolve => (finish = resolve));
  return WorkerIndex.spawn<Paper>({
    // Beside dist/extension.js (see esbuild.mjs).
    workerFile: join(__dirname, 'indexWorker.js'),
    cacheFile,
    onProgress: (done, total) => {
      progress ??= showProgress(total > NOTIFY_ABOVE, finished);
      progress(done, total);
      if (done >= total) finish();
    },
    onError: (message, stopped) => {
      finish();
      void vscode.window.showErrorMessage(`Digest Notes: the search index failed: ${message}`);
      if (stopped) onStopped();
    },
  });
}

/** A progress report that stays until `finished`; returns how to report to it. */
function showProgress(notify: boolean, finished: Promise<void>): (done: number, total: number) => void {
  let report: (done: number, total: number) => void = () => {};
  const location = notify ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
  void vscode.window.withProgress({ location, title: 'Digest Notes: indexing papers' }, progress => {
    let reported = 0;
    report = (done, total) => {
      const percent = Math.floor((done / Math.max(total, 1)) * 100);
      progress.report({ increment: percent - reported, message: `${done} of ${total}` });
      reported = percent;
    };
    return finished;
  });
  return (done, total) => report(done, total);
}
