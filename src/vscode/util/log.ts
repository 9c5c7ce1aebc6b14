import * as vscode from 'vscode';

/**
 * The extension's log: one "Digest Notes" output channel of the log kind, so every line carries
 * its time and level, and the writer picks how much to see with "Developer: Set Log Level".
 * Created on first use, not at activation: a session that logs nothing gets no channel.
 *
 * `showError` is a drop-in for `vscode.window.showErrorMessage(message, ...buttons)`: it logs the
 * message with the error's detail (a toast shows one line; the log keeps the stack), then shows
 * the toast and returns its thenable, so `.then(choice => ...)` callers keep working.
 */

const CHANNEL_NAME = 'Digest Notes';

let channel: vscode.LogOutputChannel | undefined;

function output(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel(CHANNEL_NAME, { log: true });
  return channel;
}

/** The error's text for the log: its stack (which starts with its message) and its causes. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const own = error.stack ?? `${error.name}: ${error.message}`;
    return error.cause === undefined ? own : `${own}\nCaused by: ${describeError(error.cause)}`;
  }
  if (typeof error === 'string') {
    return error;
  }
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error); // a cyclic object
  }
}

function line(message: string, detail: unknown): string {
  return detail === undefined ? message : `${message}\n${describeError(detail)}`;
}

export const log = {
  /** What the extension did that a writer may want to trace: indexing, files written, lookups. */
  info(message: string, detail?: unknown): void {
    output().info(line(message, detail));
  },

  warn(message: string, detail?: unknown): void {
    output().warn(line(message, detail));
  },

  /** A failure; an `Error` detail is logged with its stack. */
  error(message: string, detail?: unknown): void {
    output().error(line(message, detail));
  },

  /** Brings the channel into view (for a "Show Log" button). */
  show(): void {
    output().show(true);
  },

  /** Closes the channel; the next message opens a new one. For `context.subscriptions`. */
  dispose(): void {
    channel?.dispose();
    channel = undefined;
  },
};

/**
 * Logs `message` (with `error`'s detail when given) and shows it as an error notification with
 * `buttons`; resolves to the button chosen, or undefined when dismissed.
 */
export function showError<T extends string>(message: string, error?: unknown, ...buttons: T[]): Thenable<T | undefined> {
  log.error(message, error);
  return vscode.window.showErrorMessage(message, ...buttons);
}
