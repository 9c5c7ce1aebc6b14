import * as vscode from 'vscode';
import { planUnusedRemoval } from '../../core/bib/unused';
import type { Services } from '../services';
import { showError } from '../util/log';
import { commandBibliographyTarget, displayName, readBibliographySnapshot, type BibliographyTarget } from '../workspace/bibliography';

/** What `digestNotes.removeUnusedEntries` proposed. */
export interface RemoveUnusedResult {
  readonly target: string;
  /** Keys of the entries proposed for removal. */
  readonly proposed: readonly string[];
  /** Entries Digest Notes added that something cites (kept). */
  readonly cited: readonly string[];
  /** Entries the writer wrote (never proposed). */
  readonly writers: number;
  /** Whether the writer applied the edit in the refactor preview. */
  readonly applied: boolean;
  readonly message?: string;
  readonly error?: string;
}

/**
 * "Remove Unused Entries Added by Digest Notes": undoing a citation leaves its entry behind. This
 * proposes removing the entries Digest Notes wrote (its provenance field, core/bib/unused.ts) that
 * no draft or note of the workspace cites, as a `WorkspaceEdit` whose changes need confirmation:
 * VS Code shows them in the refactor preview and nothing is removed until the writer applies them.
 * An entry the writer wrote is never proposed.
 */
export function registerRemoveUnused(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('digestNotes.removeUnusedEntries', async (arg?: unknown) => {
    const target = await commandBibliographyTarget(arg, services.drafts.lastDraft());
    if (!target) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Digest Notes: open a draft (or name a bibliography) whose bibliography to tidy.'),
      );
      return undefined;
    }
    return proposeRemovals(services, target);
  });
}

async function proposeRemovals(services: Services, target: BibliographyTarget): Promise<RemoveUnusedResult> {
  const name = displayName(target.uri);
  const base = { target: target.uri.toString(), proposed: [], cited: [], writers: 0, applied: false };
  const snapshot = await readBibliographySnapshot(target);
  if (snapshot.error || !target.format) {
    const error = snapshot.error ?? `${name}: not a bibliography Digest Notes writes.`;
    void showError(vscode.l10n.t('Digest Notes: {0}', error));
    return { ...base, error };
  }
  const cited = await services.citedIn.citedKeys();
  if (cited.has('*')) {
    // `\nocite{*}` lists every entry: none is unused.
    const message = `Digest Notes: a draft cites every entry (\\nocite{*}), so no entry of ${name} is unused.`;
    void vscode.window.showInformationMessage(message);
    return { ...base, message };
  }
  // BibTeX keys are case-insensitive: an entry cited in another case is cited.
  const folded = new Set([...cited].map(key => key.toLowerCase()));
  const plan = planUnusedRemoval(snapshot.text, target.format, key => folded.has(key.toLowerCase()));
  if (plan.error) {
    const error = `${name}, line ${plan.error.line + 1}: ${plan.error.message}`;
    void showError(vscode.l10n.t('Digest Notes: {0}', error));
    return { ...base, error };
  }
  const summary = { ...base, cited: plan.cited, writers: plan.writers };
  if (plan.removals.length === 0) {
    const yours = plan.writers === 1 ? 'the entry you wrote is' : `the ${plan.writers} entries you wrote are`;
    const message =
      `Digest Notes: nothing to remove from ${name}: every entry Digest Notes added is cited` +
      `${plan.writers ? `, and ${yours} never touched` : ''}.`;
    void vscode.window.showInformationMessage(message);
    return { ...summary, message };
  }
  const document = snapshot.document ?? (await vscode.workspace.openTextDocument(target.uri));
  const edit = new vscode.WorkspaceEdit();
  for (const removal of plan.removals) {
    const range = new vscode.Range(document.positionAt(removal.start), document.positionAt(removal.end));
    edit.delete(target.uri, range, {
      needsConfirmation: true,
      label: `Remove ${removal.keys.join(', ')}`,
      description: 'added by Digest Notes, cited nowhere in the workspace',
    });
  }
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  if (applied && !snapshot.document && document.isDirty) {
    await document.save(); // it was closed: leave the file written, as citing does
  }
  return { ...summary, proposed: plan.removals.flatMap(r => r.keys), applied };
}
