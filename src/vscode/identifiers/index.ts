/**
 * Insert Citation by Identifier (issue 21): an arXiv id, an arXiv or Hugging Face link, a DOI, or
 * several. Their papers are found or looked up (`digestNotes.addPapersByIdentifier`, the metadata
 * feature: same consent, client and log as every lookup), join the library as added papers, and
 * are cited at the cursor by the one cite path (`digestNotes.insertCitation`).
 */
import * as vscode from 'vscode';
import { describeIdentifier, findIdentifiers } from '../../core/identifiers/identifiers';
import { titleMatchText } from '../../core/metadata/match';
import type { Services } from '../services';
import { log } from '../util/log';

/** What the metadata feature's `digestNotes.addPapersByIdentifier` answers. */
interface AddedByIdentifier {
  readonly titles: readonly string[];
  readonly unresolved: readonly string[];
  readonly asked: boolean;
}

/** How long to wait for the library to take in the papers just recorded. */
const LIBRARY_WAIT_MS = 15_000;

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
  const identifiers = findIdentifiers(text);
  if (identifiers.length === 0) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Digest Notes: no arXiv id, paper link or DOI in "{0}".', text.trim().slice(0, 80)),
    );
    return undefined;
  }
  const added = await vscode.commands.executeCommand<AddedByIdentifier | undefined>('digestNotes.addPapersByIdentifier', text);
  if (added === undefined) return undefined;
  if (added.unresolved.length > 0) {
    const what = added.unresolved.join('; ');
    const message = added.asked
      ? vscode.l10n.t('Digest Notes: could not find {0}.', what)
      : vscode.l10n.t(
          'Digest Notes: {0} is not in this workspace and lookups were not allowed (offline).',
          identifiers.map(describeIdentifier).join(', '),
        );
    void vscode.window.showWarningMessage(message, 'Show Log').then(choice => (choice === 'Show Log' ? log.show() : undefined));
  }
  if (added.titles.length === 0) return undefined;
  const keys = await keysOf(services, added.titles);
  if (keys.length === 0) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Digest Notes: the papers were recorded but the library did not take them in yet; try again.'),
    );
    return undefined;
  }
  await vscode.commands.executeCommand('digestNotes.insertCitation', keys);
  return keys;
}

/** The library's keys of the papers with these titles, once the library has them all (it rebuilds after the metadata file changes). */
async function keysOf(services: Services, titles: readonly string[]): Promise<string[]> {
  const wanted = titles.map(titleMatchText);
  const deadline = Date.now() + LIBRARY_WAIT_MS;
  for (;;) {
    const library = await services.workspace.library();
    const byTitle = new Map(library.papers.map(paper => [titleMatchText(paper.title), paper.key]));
    const keys = wanted.map(title => byTitle.get(title)).filter((key): key is string => key !== undefined);
    if (keys.length === wanted.length || Date.now() > deadline) return keys;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
