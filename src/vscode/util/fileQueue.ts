import type * as vscode from 'vscode';

/**
 * Runs tasks on one file one after another: two cites in quick succession each read, plan and
 * write the bibliography, and run side by side the second would plan against the text the first
 * is about to replace, losing the first's entry. Keyed by URI string; a failed task does not
 * stop the ones queued after it.
 */
export class FileQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(uri: vscode.Uri, task: () => Promise<T>): Promise<T> {
    const key = uri.toString();
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) {
        this.tails.delete(key);
      }
    });
    return result;
  }
}

/** One queue for the whole extension: every writer of a file goes through it. */
export const fileQueue = new FileQueue();
