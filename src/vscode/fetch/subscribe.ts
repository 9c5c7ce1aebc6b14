import * as vscode from 'vscode';
import { ARXIV_CATEGORIES } from '../../core/fetch/categories';
import { parseSubscription, parseSubscriptions } from '../../core/fetch/subscriptions';
import { config } from '../util/config';

/**
 * "Subscribe to Daily Papers": Hugging Face Daily Papers, or arXiv categories picked from arXiv's
 * taxonomy (several make one listing, `arxiv:cs.CL+cs.LG`, as arXiv's feeds join them; one not
 * listed can be typed). Kept in `digestNotes.subscriptions` of the workspace, so the project's
 * subscriptions travel with it; offers to fetch at once. `source`: `huggingface` or `arxiv` skips
 * the first question (the welcome view's links); `huggingface` or `arxiv:...` strings subscribe
 * directly (keybindings, specs).
 */
export async function subscribe(source?: unknown): Promise<string | undefined> {
  let id: string | undefined;
  if (typeof source === 'string' && source !== 'arxiv' && !('error' in parseSubscription(source))) {
    id = (parseSubscription(source) as { id: string }).id;
  } else {
    const kind = source === 'arxiv' || source === 'huggingface' ? source : await pickKind();
    if (kind === undefined) return undefined;
    id = kind === 'huggingface' ? 'huggingface' : await pickCategories();
  }
  if (id === undefined) return undefined;
  const current = config.get<unknown[]>('subscriptions', []);
  const { subscriptions } = parseSubscriptions(Array.isArray(current) ? current : []);
  if (subscriptions.some(s => s.id === id)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Digest Notes: already subscribed to {0}.', id));
    return id;
  }
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const list = Array.isArray(current) ? current.filter(item => typeof item === 'string') : [];
  await vscode.workspace.getConfiguration('digestNotes').update('subscriptions', [...list, id], target);
  void vscode.window
    .showInformationMessage(vscode.l10n.t('Digest Notes: subscribed to {0}.', id), vscode.l10n.t('Fetch New Papers'))
    .then(choice => choice && vscode.commands.executeCommand('digestNotes.fetchNewPapers'));
  return id;
}

async function pickKind(): Promise<'huggingface' | 'arxiv' | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Hugging Face Daily Papers', description: 'huggingface.co/papers', source: 'huggingface' as const },
      { label: 'An arXiv listing', description: 'one or more categories, e.g. cs.CL', source: 'arxiv' as const },
    ],
    { title: vscode.l10n.t('Subscribe to Daily Papers') },
  );
  return picked?.source;
}

async function pickCategories(): Promise<string | undefined> {
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { id: string }>();
  quickPick.title = vscode.l10n.t('Subscribe to an arXiv listing: check its categories');
  quickPick.placeholder = vscode.l10n.t('cs.CL, machine learning… (Space checks; a category not listed can be typed)');
  quickPick.canSelectMany = true;
  quickPick.matchOnDescription = true;
  const listed: Array<vscode.QuickPickItem & { id: string }> = ARXIV_CATEGORIES.map(c => ({ label: c.id, description: c.name, id: c.id }));
  quickPick.items = listed;
  // A category arXiv has that the list lacks: typed, it is offered as an item of its own. The
  // items are set again only when that item comes or goes, keeping what was checked.
  let typedItem: (vscode.QuickPickItem & { id: string }) | undefined;
  quickPick.onDidChangeValue(value => {
    const typed = value.trim();
    const known = listed.some(item => item.id.toLowerCase() === typed.toLowerCase());
    const valid = typed !== '' && !known && !('error' in parseSubscription(`arxiv:${typed}`));
    if (!valid && typedItem === undefined) return;
    const checked = quickPick.selectedItems.filter(item => item !== typedItem || valid);
    typedItem = valid ? { label: typed, description: 'as typed', id: typed } : undefined;
    quickPick.items = typedItem ? [typedItem, ...listed] : listed;
    quickPick.selectedItems = checked.filter(item => listed.includes(item));
  });
  const chosen = await new Promise<readonly string[] | undefined>(resolve => {
    // Enter with nothing checked takes the highlighted category, else the one typed (`cs.RO`).
    quickPick.onDidAccept(() => {
      const typed = quickPick.value.trim();
      const named = listed.find(item => item.id.toLowerCase() === typed.toLowerCase()) ?? typedItem;
      const chosen = quickPick.selectedItems.length ? quickPick.selectedItems : quickPick.activeItems.slice(0, 1);
      resolve((chosen.length ? chosen : named ? [named] : []).map(item => item.id));
    });
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  if (!chosen || chosen.length === 0) return undefined;
  const parsed = parseSubscription(`arxiv:${chosen.join('+')}`);
  return 'error' in parsed ? undefined : parsed.id;
}
