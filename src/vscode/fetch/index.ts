import * as vscode from 'vscode';
import { DEFAULT_FETCH_ENDPOINTS, fetchSubscriptions, type FetchEndpoints, type FetchResult } from '../../core/fetch/run';
import { utcDay } from '../../core/fetch/days';
import { parseSubscriptions, type Subscription } from '../../core/fetch/subscriptions';
import type { Services } from '../services';
import { config } from '../util/config';
import { describeError, log } from '../util/log';
import { nodeFetch } from '../util/nodeFetch';
import { endpointSetting, sharedLimiters, userAgent } from '../util/network';
import { allowedHere, mayFetch } from './consent';
import { FetchStatus, summaryLines } from './statusBar';
import { subscribe } from './subscribe';
import { fetchFolder, readFetchState, workspaceFetchFiles, writeFetchState } from './workspaceFiles';

/**
 * Fetching: "Fetch New Papers" writes each subscription's new papers (digestNotes.subscriptions)
 * into the workspace as digest files in the services' own formats (core/fetch), which the digest
 * follower picks up like any other file. Requests go through the metadata pipeline's client and
 * share its limiters (util/network.ts), only once the writer allowed them (consent.ts). With
 * `digestNotes.fetchOnStartup` (user settings) it runs once a day in the background, a few
 * seconds after start-up (never during activation), and reports in the status bar.
 */

/** How long after activation the start-up fetch waits: activation and the first views come first. */
const STARTUP_DELAY_MS = 5000;

/** `background`: the command called with `{ quiet: true }` (a task, a keybinding): no question, no toast, as at start-up. */
export type FetchTrigger = 'command' | 'background' | 'startup';

/** What a fetch did; returned by the command (and kept for the specs). */
export interface FetchOutcome {
  readonly trigger: FetchTrigger;
  readonly allowed: boolean;
  /** When the run began (ms since the epoch), and when activation ended. */
  readonly startedAt: number;
  readonly requests: number;
  readonly written: ReadonlyArray<{ readonly path: string; readonly papers: number; readonly newPapers: number }>;
  readonly failures: readonly string[];
  readonly notes: readonly string[];
  readonly cancelled: boolean;
}

export interface FetchProbe {
  readonly activatedAt: number;
  /** The last fetch's outcome, for the specs. */
  last(): FetchOutcome | undefined;
  statusText(): string | undefined;
}

export function register(context: vscode.ExtensionContext, _services: Services): FetchProbe {
  const status = new FetchStatus();
  let last: FetchOutcome | undefined;
  let running: Promise<FetchOutcome | undefined> | undefined;
  const run = (trigger: FetchTrigger) => {
    running ??= fetchNew(context.workspaceState, status, trigger)
      .then(outcome => (last = outcome ?? last))
      .finally(() => (running = undefined));
    return running;
  };
  const startup = () => {
    const timer = setTimeout(() => void startupFetch(context.workspaceState, run), STARTUP_DELAY_MS);
    return new vscode.Disposable(() => clearTimeout(timer));
  };
  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('digestNotes.fetchNewPapers', (options?: unknown) => run(isQuiet(options) ? 'background' : 'command')),
    vscode.commands.registerCommand('digestNotes.subscribe', (source?: unknown) => subscribe(source)),
    startup(),
    // Turned on in a running window: checked after the same delay, not at once.
    vscode.workspace.onDidChangeConfiguration(event => {
      if (event.affectsConfiguration('digestNotes.fetchOnStartup') && fetchOnStartup()) context.subscriptions.push(startup());
    }),
  );
  const activatedAt = Date.now();
  return { activatedAt, last: () => last, statusText: () => status.text() };
}

function isQuiet(options: unknown): boolean {
  return typeof options === 'object' && options !== null && (options as { quiet?: unknown }).quiet === true;
}

/** `digestNotes.fetchOnStartup`, from user settings only: a cloned repository cannot turn it on. */
function fetchOnStartup(): boolean {
  return vscode.workspace.getConfiguration('digestNotes').inspect<boolean>('fetchOnStartup')?.globalValue === true;
}

/**
 * Once a day, only where fetching was allowed and has been done before (a yes in this workspace,
 * or `on` and a state file): opening any other folder writes nothing into it.
 */
async function startupFetch(state: vscode.Memento, run: (trigger: FetchTrigger) => Promise<unknown>): Promise<void> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!fetchOnStartup() || !root || !allowedHere(state) || subscriptionsSetting().subscriptions.length === 0) return;
  const stored = await readFetchState(root);
  if (!stored.exists || stored.error !== undefined) return;
  const today = new Date().toDateString();
  const fetchedToday = Object.values(stored.state.sources).some(s => s.lastFetch && new Date(s.lastFetch).toDateString() === today);
  if (!fetchedToday) await run('startup');
}

function subscriptionsSetting(): { subscriptions: Subscription[]; errors: string[] } {
  const value = config.get<unknown>('subscriptions', []);
  return parseSubscriptions(Array.isArray(value) ? value : []);
}

function endpoints(): FetchEndpoints {
  return {
    huggingface: endpointSetting('huggingface', DEFAULT_FETCH_ENDPOINTS.huggingface),
    arxivRss: endpointSetting('arxiv-rss', DEFAULT_FETCH_ENDPOINTS.arxivRss),
  };
}

async function fetchNew(state: vscode.Memento, status: FetchStatus, trigger: FetchTrigger): Promise<FetchOutcome | undefined> {
  const interactive = trigger === 'command';
  const startedAt = Date.now();
  const { subscriptions, errors } = subscriptionsSetting();
  for (const error of errors) log.warn(`digestNotes.subscriptions: ${error}`);
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (subscriptions.length === 0 || !root) {
    if (interactive) await sayWhatIsMissing(root, errors);
    return undefined;
  }
  const none = { trigger, startedAt, requests: 0, written: [], failures: [], notes: [], cancelled: false };
  const folder = fetchFolder(root);
  if ('error' in folder) {
    void vscode.window.showErrorMessage(`Digest Notes: ${folder.error}`);
    return { ...none, allowed: false };
  }
  const addresses = endpoints();
  if (!(await mayFetch(state, subscriptions, addresses, interactive))) {
    return { ...none, allowed: false };
  }
  const stored = await readFetchState(root);
  if (stored.error !== undefined) {
    // Never written over: the writer may be editing it.
    void vscode.window.showErrorMessage(
      `Digest Notes: .digest-notes/fetch.json is not a fetch state file (${stored.error}); nothing was fetched.`,
    );
    return { ...none, allowed: true };
  }
  const now = new Date();
  status.running(vscode.l10n.t('Fetching new papers…'));
  let result: FetchResult;
  try {
    result = await vscode.window.withProgress(
      {
        location: interactive ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
        title: vscode.l10n.t('Digest Notes: fetching new papers'),
        cancellable: interactive,
      },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return fetchSubscriptions(subscriptions, stored.state, workspaceFetchFiles(folder), {
          fetch: nodeFetch,
          now,
          endpoints: addresses,
          limiters: sharedLimiters,
          catchUpDays: catchUpDays(),
          signal: controller.signal,
          userAgent: userAgent(),
          log: entry => log.info(`${entry.service} GET ${entry.url} -> ${entry.status ?? entry.error ?? 'no answer'} (${entry.ms} ms)`),
          progress: message => progress.report({ message }),
        });
      },
    );
  } catch (error) {
    status.hide();
    log.error(`fetch failed: ${describeError(error)}`);
    void vscode.window.showErrorMessage(`Digest Notes: fetching failed (${error instanceof Error ? error.message : String(error)}).`);
    return { ...none, allowed: true };
  }
  await writeFetchState(root, result.state, utcDay(now)).catch(error => log.error(`fetch state not written: ${describeError(error)}`));
  return report(result, status, interactive, trigger, startedAt, folder);
}

function report(
  result: FetchResult,
  status: FetchStatus,
  interactive: boolean,
  trigger: FetchTrigger,
  startedAt: number,
  folder: vscode.Uri,
): FetchOutcome {
  status.show(result);
  const { short, detail } = summaryLines(result);
  for (const line of detail) log.info(`fetch: ${line}`);
  const failures = result.sources.flatMap(s => (s.failure !== undefined ? [`${s.subscription.label}: ${s.failure}`] : []));
  if (interactive) {
    if (failures.length > 0) {
      // One message for the run, whatever failed: the rest was written and works as before.
      void vscode.window
        .showWarningMessage(vscode.l10n.t('Digest Notes: {0}. {1}', short, failures.join('; ')), 'Show Log')
        .then(choice => choice && log.show());
    } else {
      void vscode.window.showInformationMessage(`Digest Notes: ${short}.`);
    }
  }
  return {
    trigger,
    allowed: true,
    startedAt,
    requests: result.requests,
    written: result.sources.flatMap(s =>
      s.written.map(f => ({
        path: vscode.Uri.joinPath(folder, ...f.path.split('/')).toString(),
        papers: f.papers,
        newPapers: f.newPapers,
      })),
    ),
    failures,
    notes: result.sources.flatMap(s => s.notes.map(note => `${s.subscription.label}: ${note}`)),
    cancelled: result.cancelled,
  };
}

function catchUpDays(): number {
  const days = config.get<number>('fetch.catchUpDays', 14);
  return typeof days === 'number' && days >= 1 ? Math.min(Math.floor(days), 90) : 14;
}

async function sayWhatIsMissing(root: vscode.Uri | undefined, errors: readonly string[]): Promise<void> {
  if (!root) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Digest Notes: open a folder first: fetched papers are written into it.'));
    return;
  }
  const message = errors.length
    ? vscode.l10n.t('Digest Notes: no subscription to fetch ({0}).', errors.join('; '))
    : vscode.l10n.t('Digest Notes: no subscriptions yet. Subscribe to Hugging Face Daily Papers or an arXiv listing?');
  const choice = await vscode.window.showInformationMessage(message, vscode.l10n.t('Subscribe…'));
  if (choice) await vscode.commands.executeCommand('digestNotes.subscribe');
}
