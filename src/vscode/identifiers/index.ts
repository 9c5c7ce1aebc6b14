/**
 * Insert Citation by Identifier (issue 21): an arXiv id, an arXiv or Hugging Face link, a DOI, or
 * several. Their papers are found or looked up (workspace/identifierPapers.ts: the metadata
 * feature's consent, client and log), join the library as added papers, and are cited at the
 * cursor by the one cite path (`digestNotes.insertCitation`).
 */
import * as vscode from 'vscode';
import { findIdentifiers } from '../../core/identifiers/identifiers';
import type { Services } from '../services';
import { keysForIdentifiers } from '../workspace/identifierPapers';

export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('digestNotes.insertCitationByIdentifier', (text?: unknown) =>
      insertByIdentifier(services, typeof text === 'string' ? text : undefined),
    ),
  );
}

/** The keys cited, undefined when nothing was. */
export async function insertByIdentifier(services: Services, given: string | undefined): Promise<string[] | undefined> {
  const text =
    given ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Insert Citation by Identifier'),
      prompt: vscode.l10n.t('arXiv ids, arXiv or Hugging Face paper links, DOIs; several separated by spaces'),
      placeHolder: '2406.11944  https://doi.org/10.1145/3442188.3445922',
      ignoreFocusOut: true,
      validateInput: value =>
        value.trim() === '' || findIdentifiers(value).length > 0 ? undefined : vscode.l10n.t('No arXiv id, link or DOI here.'),
    }));
  if (text === undefined || text.trim() === '') return undefined;
  const keys = await keysForIdentifiers(services, text);
  if (keys === undefined) return undefined;
  await vscode.commands.executeCommand('digestNotes.insertCitation', keys);
  return keys;
}
