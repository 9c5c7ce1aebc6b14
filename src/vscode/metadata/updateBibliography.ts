import * as vscode from 'vscode';
import { showError } from '../util/log';
import { planMetadataUpdates } from '../../core/metadata/bibUpdate';
import type { Services } from '../services';
import { commandBibliographyTarget, displayName, readBibliographySnapshot, type BibliographyTarget } from '../workspace/bibliography';

/** What `digestNotes.updateBibliographyFromMetadata` proposed. */
export interface BibliographyUpdateResult {
  readonly target: string;
  /** Keys of the entries whose new text was proposed. */
  readonly proposed: string[];
  /** Entries left alone, and why (fields of the writer's own...). */
  readonly skipped: ReadonlyArray<{ key: string; reason: string }>;
  /** Whether the writer applied the edit in the refactor preview. */
  readonly applied: boolean;
  /** What the writer was told when there was nothing to propose. */
  readonly message?: string;
  readonly error?: string;
}

/**
 * "Update Bibliography Entries from Metadata": existing entries never change silently. The new
 * text of each entry whose paper gained metadata is proposed as one `WorkspaceEdit` whose changes
 * need confirmation, so VS Code shows them in the refactor preview and nothing is written until
 * the writer applies them. Keys never change; other entries stay byte for byte.
 */
export function registerBibliographyUpdate(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('digestNotes.updateBibliographyFromMetadata', async (arg?: unknown) => {
    const target = await commandBibliographyTarget(arg, services.drafts.lastDraft());
    if (!target) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Digest Notes: open a draft (or name a bibliography) whose bibliography to update.'),
      );
      return undefined;
    }
    return proposeUpdates(services, target);
  });
}

async function proposeUpdates(services: Services, target: BibliographyTarget): Promise<BibliographyUpdateResult> {
  const base = { target: target.uri.toString(), proposed: [], skipped: [], applied: false };
  const snapshot = await readBibliographySnapshot(target);
  if (snapshot.error || !target.format) {
    const error = snapshot.error ?? `${displayName(target.uri)}: not a bibliography Digest Notes writes.`;
    void showError(vscode.l10n.t('Digest Notes: {0}', error));
    return { ...base, error };
  }
  const library = await services.workspace.library();
  const plan = planMetadataUpdates(snapshot.text, target.format, library.papers);
  if (plan.error) {
    const error = `${displayName(target.uri)}, line ${plan.error.line + 1}: ${plan.error.message}`;
    void showError(vscode.l10n.t('Digest Notes: {0}', error));
    return { ...base, error };
  }
  if (plan.updates.length === 0) {
    const message = nothingToUpdate(displayName(target.uri), plan.skipped);
    void vscode.window.showInformationMessage(message);
    return { ...base, skipped: plan.skipped, message };
  }
  const document = snapshot.document ?? (await vscode.workspace.openTextDocument(target.uri));
  const edit = new vscode.WorkspaceEdit();
  for (const update of plan.updates) {
    const range = new vscode.Range(document.positionAt(update.start), document.positionAt(update.end));
    edit.replace(target.uri, range, update.text, {
      needsConfirmation: true,
      label: `Update ${update.key} from metadata`,
      description: 'authors, year, arXiv id and DOI',
    });
  }
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  if (applied && !snapshot.document && document.isDirty) {
    await document.save(); // it was closed: leave the file written, as citing does
  }
  return { ...base, proposed: plan.updates.map(u => u.key), skipped: plan.skipped, applied };
}

/** "Nothing to update", in plain words: what was compared, and what would help. */
function nothingToUpdate(name: string, skipped: ReadonlyArray<{ key: string; reason: string }>): string {
  const entries = skipped.length === 1 ? 'One entry was left as you wrote it' : `${skipped.length} entries were left as you wrote them`;
  const left = skipped.length ? ` ${entries}: ${skipped.map(s => `${s.key} (${s.reason})`).join(', ')}.` : '';
  return (
    `Digest Notes: ${name} is up to date: the metadata found so far adds no authors, year or identifier to its entries.${left} ` +
    'Complete Metadata looks up what is still missing.'
  );
}
