import * as vscode from 'vscode';
import { DEFAULT_INTERVALS_MS } from '../../core/metadata/lookup';
import type { ServiceName } from '../../core/metadata/http';
import { RateLimiter, systemClock } from '../../core/metadata/rateLimit';
import { config } from './config';

/**
 * What every request of the extension shares, whichever feature sends it (Complete Metadata,
 * Fetch New Papers): one rate limiter per service for the whole extension host, so arXiv's one
 * request every three seconds holds across its feed and its API together; the User-Agent; and
 * the rule of the `digestNotes.metadata.lookup` setting, which says whether requests may leave.
 */
export const sharedLimiters: Readonly<Record<ServiceName, RateLimiter>> = {
  huggingface: new RateLimiter(systemClock, DEFAULT_INTERVALS_MS.huggingface),
  arxiv: new RateLimiter(systemClock, DEFAULT_INTERVALS_MS.arxiv),
  doi: new RateLimiter(systemClock, DEFAULT_INTERVALS_MS.doi),
};

/** A descriptive User-Agent, as arXiv and Hugging Face ask of automated clients. */
export function userAgent(): string {
  const version = vscode.extensions.getExtension('digest-notes.digest-notes')?.packageJSON.version ?? 'dev';
  return `digest-notes/${version} (VS Code extension Digest Notes; metadata lookups and daily lists the writer subscribed to)`;
}

export type LookupSetting = 'off' | 'ask' | 'on';

/**
 * The setting, where `on` counts only from the writer's own (user) settings: a cloned
 * repository's `.vscode/settings.json` must not send anything to the Internet without asking.
 * A workspace may still turn requests `off`.
 */
export function lookupSetting(): LookupSetting {
  const inspected = vscode.workspace.getConfiguration('digestNotes').inspect<string>('metadata.lookup');
  const value = config.get<string>('metadata.lookup', 'ask');
  if (value === 'off') {
    return 'off';
  }
  const fromWorkspace = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
  if (value === 'on' && fromWorkspace === 'on') {
    return inspected?.globalValue === 'on' ? 'on' : 'ask';
  }
  return value === 'on' ? 'on' : 'ask';
}

/**
 * A service's address from `digestNotes.metadata.endpoints` (mirrors, tests), else `fallback`. A
 * workspace's value counts only in a trusted workspace (the setting is restricted).
 */
export function endpointSetting(name: string, fallback: string): string {
  const setting = config.get<Record<string, unknown>>('metadata.endpoints', {});
  const value = setting?.[name];
  return typeof value === 'string' && /^https?:\/\/[^/]/.test(value) ? value.replace(/\/+$/, '') : fallback;
}

/**
 * Asks once per workspace whether requests may be sent (the modal names the services in `detail`),
 * and keeps a firm answer under `key` in the workspace's state: "Not Now" asks again next time.
 */
export async function askWorkspaceConsent(state: vscode.Memento, key: string, question: string, detail: string): Promise<boolean> {
  const allow = vscode.l10n.t('Allow in This Workspace');
  const never = vscode.l10n.t('Never in This Workspace');
  const choice = await vscode.window.showInformationMessage(question, { modal: true, detail }, allow, vscode.l10n.t('Not Now'), never);
  if (choice === allow || choice === never) {
    await state.update(key, choice === allow);
  }
  return choice === allow;
}
