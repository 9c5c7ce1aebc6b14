import * as vscode from 'vscode';
import type { LookupPlan } from '../../core/metadata/apply';
import type { LookupEndpoints } from '../../core/metadata/lookup';
import { lookupSetting, askWorkspaceConsent } from '../util/network';

/** The writer's answer to "may Digest Notes ask the services?", kept per workspace. */
const CONSENT_KEY = 'digestNotes.metadata.lookupAllowed';

export { lookupSetting, type LookupSetting } from '../util/network';

/**
 * Whether requests may leave the machine for this lookup. `off`: never (said once); `on`: yes;
 * `ask` (the default): the first time in a workspace, a question that says which services get
 * which titles; the answer is kept for the workspace ("Not Now" asks again next time).
 */
export async function mayLookUp(state: vscode.Memento, plan: LookupPlan, endpoints: LookupEndpoints, undatedDigests = 0): Promise<boolean> {
  const setting = lookupSetting();
  if (setting === 'off') {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Digest Notes: metadata lookup is turned off (digestNotes.metadata.lookup); no request was sent.'),
    );
    return false;
  }
  if (setting === 'on' || state.get<boolean>(CONSENT_KEY) === true) {
    return true;
  }
  return askWorkspaceConsent(
    state,
    CONSENT_KEY,
    vscode.l10n.t('Digest Notes: look up authors, years and identifiers on the Internet?'),
    describePlan(plan, endpoints, undatedDigests),
  );
}

/** Whether the writer said "never" in this workspace (then no question and no request). */
export function refusedHere(state: vscode.Memento): boolean {
  return lookupSetting() !== 'on' && state.get<boolean>(CONSENT_KEY) === false;
}

/**
 * Which service would get what, said before anything was asked: Hugging Face has not been asked
 * yet, so the arXiv line gives an upper bound ("up to 61 titles"), not a count of misses.
 */
export function describePlan(plan: LookupPlan, endpoints: LookupEndpoints, undatedDigests = 0): string {
  const host = (url: string) => new URL(url).host;
  const lines: string[] = [];
  const digests = undatedDigests === 1 ? 'a digest' : `${undatedDigests} digests`;
  const undated =
    undatedDigests > 0 ? `${plan.huggingfaceDays.length ? ', and ' : ''}the days of ${digests} whose year you will be asked next` : '';
  if (plan.huggingfaceDays.length || undated) {
    const days = plan.huggingfaceDays.length ? `the digest days ${shortList(plan.huggingfaceDays)}` : '';
    lines.push(`${host(endpoints.huggingface)} (Hugging Face Daily Papers): ${days}${undated}.`);
  }
  if (plan.arxivTitles.length || plan.arxivIds.length) {
    const what = [
      plan.arxivTitles.length
        ? `up to ${plan.arxivTitles.length} ${plan.arxivTitles.length === 1 ? 'title' : 'titles'} (those Hugging Face does not match)`
        : '',
      plan.arxivIds.length ? `${plan.arxivIds.length} arXiv ids` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    lines.push(
      `${host(endpoints.arxiv)} (arXiv API, one request every 3 seconds): ${what}, e.g. "${plan.arxivTitles[0] ?? plan.arxivIds[0]}".`,
    );
  }
  if (plan.dois.length) {
    lines.push(`${host(endpoints.doi)}: ${plan.dois.length} DOIs.`);
  }
  lines.push(
    'The answers are kept in .digest-notes/metadata.json, so the next run sends nothing. Change this with digestNotes.metadata.lookup.',
  );
  return lines.join('\n');
}

function shortList(items: readonly string[]): string {
  return items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
}
