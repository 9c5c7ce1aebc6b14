import * as vscode from 'vscode';
import type { Services } from '../services';
import type { ForYouPaper, PapersSort } from '../workspace/forYou';

/** How many papers "Relevant to This Draft" offers. */
const RELEVANT_LIMIT = 20;

type RankedPick = vscode.QuickPickItem & { readonly key: string };

/** Which of the view's two sort buttons shows. */
const SORT_CONTEXT = 'digestNotes.papersSort';

/**
 * "Relevant to This Draft": the latest days' papers ranked against the draft's text; "Sort: For
 * You" / "Sort: Newest First": the order of each day's papers in the Papers view.
 */
export function registerForYouCommands(services: Services): vscode.Disposable[] {
  const sortBy = async (sort: PapersSort) => {
    await services.forYou.setSort(sort);
    await vscode.commands.executeCommand('setContext', SORT_CONTEXT, sort);
    return sort;
  };
  void vscode.commands.executeCommand('setContext', SORT_CONTEXT, services.forYou.sort);
  return [
    vscode.commands.registerCommand('digestNotes.relevantToDraft', () => relevantToDraft(services)),
    vscode.commands.registerCommand('digestNotes.sortPapersForYou', () => sortBy('forYou')),
    vscode.commands.registerCommand('digestNotes.sortPapersNewest', () => sortBy('newest')),
  ];
}

/**
 * Ranks the latest days' papers by their likeness to the draft the writer is in (or was last in),
 * in the index worker, and offers them with why; the one picked opens in the preview. Resolves to
 * the key picked.
 */
async function relevantToDraft(services: Services): Promise<string | undefined> {
  const draft = services.drafts.lastDraft();
  const text = draft?.getText() ?? '';
  if (!draft || text.trim() === '') {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Digest Notes: open a draft with some text to find the papers relevant to it.'),
    );
    return undefined;
  }
  const picker = vscode.window.createQuickPick<RankedPick>();
  picker.title = vscode.l10n.t('Papers of the latest days relevant to {0}', vscode.workspace.asRelativePath(draft.uri));
  picker.placeholder = vscode.l10n.t('Ranking…');
  picker.busy = true;
  picker.matchOnDetail = true;
  picker.show();
  try {
    const ranked = await services.forYou.relevantTo(text, RELEVANT_LIMIT);
    picker.items = ranked.map(pickOf);
    picker.placeholder =
      ranked.length > 0 ? vscode.l10n.t('Pick a paper to preview it') : vscode.l10n.t('No paper of the latest days is like this draft');
  } catch (error) {
    picker.hide();
    throw error;
  } finally {
    picker.busy = false;
  }
  const picked = await new Promise<RankedPick | undefined>(resolve => {
    // Enter before the ranking arrived picks nothing and keeps the picker open.
    picker.onDidAccept(() => {
      const item = picker.selectedItems[0] ?? picker.activeItems[0];
      if (item) resolve(item);
    });
    picker.onDidHide(() => resolve(undefined));
  });
  picker.dispose();
  if (picked) await vscode.commands.executeCommand('digestNotes.previewPaper', picked.key);
  return picked?.key;
}

function pickOf({ paper, why }: ForYouPaper): RankedPick {
  return { key: paper.key, label: paper.title, description: [paper.key, paper.day].filter(Boolean).join(' · '), detail: why.join('; ') };
}
