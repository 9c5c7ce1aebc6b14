/**
 * Copy Formatted Reference: a paper's reference as the draft's CSL style prints it, on the
 * clipboard as plain text, or as HTML (`digestNotes.copyFormattedReferenceHtml`: VS Code's
 * clipboard holds text only, so the HTML is copied as its source, ready to paste into an HTML
 * editor). Takes a key, a tree node or a list; asks with the picker when called without one.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { log, showError } from '../util/log';
import { keysFromArguments, papersForKeys } from '../workspace/paperArguments';
import { pickPaperKey } from '../workspace/paperPicker';

export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('digestNotes.copyFormattedReference', (arg?: unknown, selected?: unknown) =>
      copy(services, arg, selected, 'text'),
    ),
    vscode.commands.registerCommand('digestNotes.copyFormattedReferenceHtml', (arg?: unknown, selected?: unknown) =>
      copy(services, arg, selected, 'html'),
    ),
  );
}

/** What was copied (for the specs), undefined when nothing was. */
async function copy(services: Services, arg: unknown, selected: unknown, output: 'text' | 'html'): Promise<string | undefined> {
  const keys = keysFromArguments(arg, selected) ?? [await pickPaperKey(services, vscode.l10n.t('Copy the formatted reference of...'))];
  const wanted = keys.filter((key): key is string => key !== undefined);
  if (wanted.length === 0) return undefined;
  const papers = await papersForKeys(services, wanted);
  if (papers.length === 0) return undefined;
  try {
    const formatted = await services.formatter.format(papers, services.drafts.lastDraft());
    const text = formatted.papers.map(paper => (output === 'html' ? paper.html : paper.text).reference).join('\n');
    await vscode.env.clipboard.writeText(text);
    if (formatted.style.problem !== undefined)
      void vscode.window.showWarningMessage(`Digest Notes: ${formatted.style.problem}; copied in ${formatted.style.label}.`);
    else vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the reference ({0})', formatted.style.label), 3000);
    log.info(`Copied ${papers.length} formatted reference(s) in ${formatted.style.label} (${output})`);
    return text;
  } catch (error) {
    void showError(vscode.l10n.t('Digest Notes: could not format the reference.'), error);
    return undefined;
  }
}
