import type * as vscode from 'vscode';

/**
 * Runs the last call per key once calls stop coming for `delayMs`: a document's edits, a file's
 * watcher events, cursor moves. Disposing cancels everything pending.
 */
export class KeyedDebouncer<K = string> implements vscode.Disposable {
  private readonly timers = new Map<K, ReturnType<typeof setTimeout>>();
  private readonly tasks = new Map<K, () => void>();

  constructor(private readonly delayMs: number) {}

  /** Schedules `task` for `key`, replacing what was scheduled for it; `delayMs` overrides once. */
  schedule(key: K, task: () => void, delayMs = this.delayMs): void {
    clearTimeout(this.timers.get(key));
    this.tasks.set(key, task);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.tasks.delete(key);
        task();
      }, delayMs),
    );
  }

  /** Runs everything scheduled now instead of later: a question must see the last edit. */
  flush(): void {
    const due = [...this.tasks.values()];
    this.dispose();
    due.forEach(task => task());
  }

  /** Whether something is scheduled for `key` (a newer edit that will do the work). */
  has(key: K): boolean {
    return this.timers.has(key);
  }

  cancel(key: K): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.tasks.delete(key);
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
    this.tasks.clear();
  }
}
