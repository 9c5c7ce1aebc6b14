import * as vscode from 'vscode';
import type { FetchEndpoints } from '../../core/fetch/run';
import type { Subscription } from '../../core/fetch/subscriptions';
import { lookupSetting, askWorkspaceConsent } from '../util/network';

/** The writer's answer to "may Digest Notes fetch the subscriptions?", kept per workspace. */
const CONSENT_KEY = 'digestNotes.fetch.allowed';

/**
 * Whether fetching may send requests, by the rule of `digestNotes.metadata.lookup` (one switch
 * for everything that leaves the machine): `off` never; `on` (from user settings only) yes;
 * `ask` asks once per workspace, naming the services and what each is sent. In the background
 * (fetch on start-up) nothing is asked: without a yes already given, nothing is sent.
 */
export async function mayFetch(
  state: vscode.Memento,
  subscriptions: readonly Subscription[],
  endpoints: FetchEndpoints,
  interactive: boolean,
): Promise<boolean> {
  const setting = lookupSetting();
  if (setting === 'off') {
    if (interactive) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Digest Notes: requests are turned off (digestNotes.metadata.lookup); nothing was fetched.'),
      );
    }
    return false;
  }
  const answer = state.get<boolean>(CONSENT_KEY);
  if (setting === 'on' || answer === true) {
    return true;
  }
  if (!interactive || answer === false) {
    return false;
  }
  return askWorkspaceConsent(
    state,
    CONSENT_KEY,
    vscode.l10n.t('Digest Notes: fetch new papers from the Internet?'),
    describe(subscriptions, endpoints),
  );
}

/** Whether this workspace said yes already (the start-up fetch runs only then, or with `on`). */
export function allowedHere(state: vscode.Memento): boolean {
  const setting = lookupSetting();
  return setting === 'on' || (setting === 'ask' && state.get<boolean>(CONSENT_KEY) === true);
}

function describe(subscriptions: readonly Subscription[], endpoints: FetchEndpoints): string {
  const host = (url: string) => new URL(url).host;
  const lines: string[] = [];
  if (subscriptions.some(s => s.kind === 'huggingface')) {
    lines.push(`${host(endpoints.huggingface)} (Hugging Face Daily Papers): the days asked for, today's and the ones missed.`);
  }
  const feeds = subscriptions.flatMap(s => (s.kind === 'arxiv' ? [s.categories.join('+')] : []));
  if (feeds.length) {
    lines.push(`${host(endpoints.arxivRss)} (arXiv's feeds, one request every 3 seconds): ${feeds.join(', ')}.`);
  }
  lines.push('Nothing of your drafts or notes is sent. The lists are written into the workspace as digest files.');
  lines.push('Change this with digestNotes.metadata.lookup.');
  return lines.join('\n');
}
