/**
 * From identifiers a writer typed or pasted (arXiv ids, arXiv or Hugging Face links, DOIs) to the
 * library's keys of their papers: known ones at once, unknown ones looked up by the metadata
 * feature's `digestNotes.addPapersByIdentifier` (the same consent, client, rate limits and log as
 * every lookup), recorded as added papers. Insert Citation by Identifier and the paste of an
 * identifier both come here, then cite by the one cite path.
 */
import * as vscode from 'vscode';
import { describeIdentifier, findIdentifiers } from '../../core/identifiers/identifiers';
import { keysInLibrary } from '../../core/identifiers/inLibrary';
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

/**
 * The keys of the papers `text` names, in its order; undefined when none could be had (the writer
 * was told why). Identifiers that could not be resolved are said in a warning; the others still count.
 */
export async function keysForIdentifiers(services: Services, text: string): Promise<string[] | undefined> {
  const identifiers = findIdentifiers(text);
  if (identifiers.length === 0) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Digest Notes: no arXiv id, paper link or DOI in "{0}".', text.trim().slice(0, 80)),
    );
    return undefined;
  }
  // Papers the library holds (a digest's, or one added before) are cited as they are: no question, no request.
  const known = keysInLibrary((await services.workspace.library()).papers, identifiers);
  const missing = identifiers.filter((_, i) => known[i] === undefined);
  if (missing.length === 0) return unique(known.filter((key): key is string => key !== undefined));
  const added = await vscode.commands.executeCommand<AddedByIdentifier | undefined>(
    'digestNotes.addPapersByIdentifier',
    missing.map(describeIdentifier).join(' '),
  );
  if (added === undefined) return undefined;
  if (added.unresolved.length > 0) {
    const what = added.unresolved.join('; ');
    const message = added.asked
      ? vscode.l10n.t('Digest Notes: could not find {0}.', what)
      : vscode.l10n.t(
          'Digest Notes: {0} is not in this workspace and lookups were not allowed (offline).',
          missing.map(describeIdentifier).join(', '),
        );
    void vscode.window.showWarningMessage(message, 'Show Log').then(choice => (choice === 'Show Log' ? log.show() : undefined));
  }
  const addedKeys = added.titles.length === 0 ? [] : await keysOf(services, added.titles);
  if (added.titles.length > 0 && addedKeys.length === 0) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Digest Notes: the papers were recorded but the library did not take them in yet; try again.'),
    );
  }
  // In the order written when every missing one was found; else the known ones, then the found.
  const keys =
    addedKeys.length === missing.length
      ? known.map(key => key ?? addedKeys.shift()!)
      : [...known.filter((key): key is string => key !== undefined), ...addedKeys];
  return keys.length === 0 ? undefined : unique(keys);
}

function unique(keys: readonly string[]): string[] {
  return [...new Set(keys)];
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
