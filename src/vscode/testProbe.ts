import type * as vscode from 'vscode';
import type { WebviewMessage } from '../shared/protocol';
import type { CitedInProvider } from './citedIn';
import type { KeyDiagnostics } from './draft/keyDiagnostics';
import type { FetchProbe } from './fetch';
import type { PreviewManager } from './preview/previewManager';
import type { PapersTree } from './tree';
import type { CitedInIndex } from './workspace/citedInIndex';
import type { DigestWorkspace } from './workspace/digestWorkspace';
import type { IndexCache } from './workspace/indexCache';
import type { NoteIndex } from './workspace/noteIndex';
import type { ReadingState } from './workspace/readingState';

/**
 * The extension's exports: what the specs in `test/vscode` read besides the UI (a tree's items, a
 * preview's last render, a ranking) without scraping pixels. Built in `activate` from what the
 * features return; no feature writes to it, and nothing a writer runs reads it.
 */
export interface DigestNotesApi {
  readonly workspace: DigestWorkspace;
  readonly notes: NoteIndex;
  readonly citedIn: CitedInIndex;
  readonly citedInView: CitedInProvider;
  readonly papersTree: PapersTree['provider'];
  readonly papersView: PapersTree['view'];
  readonly reading: ReadingState;
  readonly preview: PreviewProbe;
  readonly keyDiagnostics: KeyDiagnostics;
  readonly indexCache: IndexCache | undefined;
  readonly fetch: FetchProbe;
  /**
   * When `activate` ran (`performance.now()` of the extension host, the clock the specs read),
   * how long it took, and how long the host process had run by then (the workbench's share).
   */
  readonly activation: { readonly at: number; readonly ms: number; readonly hostUptimeMs: number };
}

type MessageOf<T extends WebviewMessage['type']> = Extract<WebviewMessage, { type: T }>;

/** How many webview messages the probe remembers. */
const MESSAGE_LOG_SIZE = 200;

/** The preview manager's reports, plus a log of the webviews' messages kept for the specs only. */
export type PreviewProbe = Pick<PreviewManager, 'previews' | 'refresh' | 'find' | 'deserializeWebviewPanel'> & {
  /** The webview messages received lately, oldest first. */
  messages(): readonly WebviewMessage[];
  /**
   * Resolves with a webview message of `type` that `accept` takes: the latest one already received
   * unless `fresh` is set, else the next to arrive. Rejects after `timeoutMs`.
   */
  waitFor<T extends WebviewMessage['type']>(
    type: T,
    accept?: (message: MessageOf<T>) => boolean,
    options?: { timeoutMs?: number; fresh?: boolean },
  ): Promise<MessageOf<T>>;
};

export function previewProbe(manager: PreviewManager, subscriptions: vscode.Disposable[]): PreviewProbe {
  const log: WebviewMessage[] = [];
  subscriptions.push(
    manager.onDidReceiveMessage(message => {
      log.push(message);
      if (log.length > MESSAGE_LOG_SIZE) {
        log.splice(0, log.length - MESSAGE_LOG_SIZE);
      }
    }),
  );
  return {
    previews: () => manager.previews(),
    refresh: source => manager.refresh(source),
    find: uri => manager.find(uri),
    deserializeWebviewPanel: (panel, state) => manager.deserializeWebviewPanel(panel, state),
    messages: () => [...log],
    waitFor<T extends WebviewMessage['type']>(
      type: T,
      accept: (message: MessageOf<T>) => boolean = () => true,
      { timeoutMs = 15_000, fresh = false }: { timeoutMs?: number; fresh?: boolean } = {},
    ): Promise<MessageOf<T>> {
      const matches = (m: WebviewMessage): m is MessageOf<T> => m.type === type && accept(m as MessageOf<T>);
      const past = fresh ? undefined : [...log].reverse().find(matches);
      if (past) {
        return Promise.resolve(past);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listener.dispose();
          reject(new Error(`No '${type}' message from a preview within ${timeoutMs} ms.`));
        }, timeoutMs);
        const listener = manager.onDidReceiveMessage(message => {
          if (matches(message)) {
            clearTimeout(timer);
            listener.dispose();
            resolve(message);
          }
        });
      });
    },
  };
}
