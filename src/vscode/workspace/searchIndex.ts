import { join } from 'node:path';
import * as vscode from 'vscode';
import { log, showError } from '../util/log';
import type { Paper } from '../../core/model';
import { WorkerIndex } from '../../indexWorker/client';

/** The workspace's search index: a worker thread answering for the host's papers. */
export type WorkspaceIndex = WorkerIndex<Paper>;

/** Above this many papers indexing shows a notification; below, a status-bar progress. */
const NOTIFY_ABOVE = 2000;

/**
 * Keeps one index worker for the workspace's papers: started early (`spawnEarly`, so its thread
 * starts and the saved index loads while the digests are parsed), given the papers once, then
 * updated incrementally, one update after another. A worker that fails or stops is dropped, and
 * the next call starts a new one.
 */
export class WorkspaceIndexKeeper {
  private current: WorkspaceIndex | undefined;
  /** The worker given its papers and every update since, chained in order. */
  private indexing: Promise<WorkspaceIndex> | undefined;
  private indexedPapers: readonly Paper[] = [];

  constructor(private readonly cacheFile: string | undefined) {}

  /** Starts the worker now if there is none, before the papers are known. */
  spawnEarly(): void {
    this.current ??= this.spawn();
  }

  /** The index once it holds `papers` (the library's current list). */
  indexFor(papers: readonly Paper[]): Promise<WorkspaceIndex> {
    const worker = (this.current ??= this.spawn());
    let indexing: Promise<WorkspaceIndex>;
    if (!this.indexing) {
      indexing = worker.load(papers);
    } else if (this.indexedPapers !== papers) {
      indexing = this.indexing.then(async index => {
        await index.update(papers);
        return index;
      });
    } else {
      indexing = this.indexing;
    }
    this.indexing = indexing;
    this.indexedPapers = papers;
    // A failed start or update is reported to this caller; the next call starts afresh.
    indexing.catch(() => this.forget(worker));
    return indexing;
  }

  /** Stops the current worker (a reset, the extension's end). */
  close(): void {
    const worker = this.current;
    this.current = undefined;
    this.indexing = undefined;
    this.indexedPapers = [];
    void worker?.dispose();
  }

  private spawn(): WorkspaceIndex {
    const worker: WorkspaceIndex = spawnWorkspaceIndex(this.cacheFile, () => this.forget(worker));
    return worker;
  }

  /** Drops a worker that stopped or failed, unless a newer one has replaced it already. */
  private forget(worker: WorkspaceIndex): void {
    if (this.current === worker) {
      this.close();
    }
  }
}

/**
 * Starts the index worker, which begins restoring the saved index from `cacheFile` before it gets
 * its papers (`load`). While the worker builds, progress shows in a notification for a large
 * workspace, in the status bar for a small one; a restore shows none. `onStopped` is called if the
 * worker dies, so the caller can start a new one on next use.
 */
export function spawnWorkspaceIndex(cacheFile: string | undefined, onStopped: () => void): WorkspaceIndex {
  let progress: ((done: number, total: number) => void) | undefined;
  let finish = () => {};
  let completeLogged = false;
  const finished = new Promise<void>(resolve => (finish = resolve));
  // The build reports its last step and then the whole (total of total) again: say so once.
  const complete = (total: number) => {
    if (!completeLogged) {
      completeLogged = true;
      log.info(`search index complete: ${total} papers`);
    }
    finish();
  };
  return WorkerIndex.spawn<Paper>({
    // Beside dist/extension.js (see esbuild.mjs).
    workerFile: join(__dirname, 'indexWorker.js'),
    cacheFile,
    onProgress: (done, total) => {
      if (!progress) {
        log.info(`indexing ${total} papers in the search worker`);
      }
      progress ??= showProgress(total > NOTIFY_ABOVE, finished);
      progress(done, total);
      if (done >= total) {
        complete(total);
      }
    },
    onError: (message, stopped) => {
      finish();
      void showError(vscode.l10n.t('Digest Notes: the search index failed: {0}', message));
      if (stopped) onStopped();
    },
  });
}

/** A progress report that stays until `finished`; returns how to report to it. */
function showProgress(notify: boolean, finished: Promise<void>): (done: number, total: number) => void {
  let report: (done: number, total: number) => void = () => {};
  const location = notify ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
  void vscode.window.withProgress({ location, title: vscode.l10n.t('Digest Notes: indexing papers') }, progress => {
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
