import * as vscode from 'vscode';
import type { Paper } from '../../core/model';
import type { Services } from '../services';
import { citeOrPreview, PaperPicker, pickerReferences, searchWorkspace, type PaperItemSummary } from '../workspace/paperPicker';
import { registerRelated } from './related';
import { registerWorkspaceSymbols } from './workspaceSymbols';

/**
 * Finding papers: "Search Papers" in the command palette (the index's own ranking, several papers
 * may be checked; Enter cites them into the draft being edited, else previews the first; buttons
 * per item: Cite, Note, Preview, Open Link), Related Papers and Suggest Citations, and papers in
 * Go to Symbol in Workspace.
 */

/** Arguments of `digestNotes.searchPapers` (all optional). */
export interface SearchPapersArgs {
  /** Text put in the search box. */
  readonly query?: string;
}

export type SearchItemSummary = PaperItemSummary;

export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('digestNotes.searchPapers', async (arg?: unknown) => {
      const query = typeof arg === 'string' ? arg : (arg as SearchPapersArgs | undefined)?.query;
      const onAccept = (papers: Paper[]) =>
        void citeOrPreview(
          services,
          papers.map(p => p.key),
        );
      const picker = new PaperPicker({
        title: vscode.l10n.t('Search Papers'),
        query,
        search: searchWorkspace(services),
        references: pickerReferences(services),
        emptyPlaceholder: vscode.l10n.t('No papers: this workspace has no digest files yet'),
        onAccept,
      });
      return picker.firstItems;
    }),
  );
  // Ctrl+Space in a multi-select picker (package.json's keybinding): checks the highlighted row.
  context.subscriptions.push(vscode.commands.registerCommand('digestNotes.togglePaperCheck', () => PaperPicker.toggleHighlighted()));
  registerWorkspaceSymbols(context, services);
  registerRelated(context, services);
}
