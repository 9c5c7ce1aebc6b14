import type * as vscode from 'vscode';

/**
 * Runs the last call per key once calls stop coming for `delayMs`: a document's edits, a file's
 * watcher events, cursor moves. Disposing cancels everything pending.
 */
export class KeyedDebouncer<K = string> implements vscode.Disposable {
  private readonly timers = new Map<K, ReturnType<typeof setTimeout>>();

  constructor(private readonly delayMs: number) {}

  /** Schedules `task` for `key`, replacing what was scheduled for it; `delayMs` overrides once. */
  schedule(key: K, task: () => void, delayMs = this.delayMs): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        task();
      }, delayMs),
    );
  }

  /** Whether something is scheduled for `key` (a newer edit that will do the work). */
  has(key: K): boolean {
    return this.timers.has(key);
  }

  cancel(key: K): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  /** Cancels what is scheduled for the keys `matches` accepts. */
  cancelWhere(matches: (key: K) => boolean): void {
    for (const key of [...this.timers.keys()].filter(matches)) {
      this.cancel(key);
    }
  }

  dispose(): void {
    this.timers.forEach(timer => clearTimeout(timer));
    this.timers.clear();
  }
}
