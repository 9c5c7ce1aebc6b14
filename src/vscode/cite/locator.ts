import * as vscode from 'vscode';
import { LOCATOR_LABELS, locatorFrom, locatorValueError, type Locator, type LocatorLabel } from '../../core/drafts/locators';
import type { Services } from '../services';
import { keysFromArguments } from '../workspace/paperArguments';
import { pickPaperKey } from '../workspace/paperPicker';

/**
 * Insert Citation with Locator... (issue 21): one paper, then a page, chapter, section or figure,
 * cited through Insert Citation (same placement rule, same bibliography) with `{ keys, locator }`.
 * Its argument may give both (`{ keys: ['k'], locator: { label: 'page', value: '12' } }`), as
 * specs and other extensions do; what is missing is asked.
 */
export function registerCitationWithLocator(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('digestNotes.insertCitationWithLocator', async (arg?: unknown, selected?: unknown) => {
    const key = keysFromArguments(arg, selected)?.[0] ?? (await pickPaperKey(services, vscode.l10n.t('Insert Citation with Locator')));
    if (key === undefined) {
      return undefined;
    }
    const given = typeof arg === 'object' && arg !== null ? locatorFrom((arg as { locator?: unknown }).locator) : undefined;
    const locator = given ?? (await askLocator(key));
    return locator && vscode.commands.executeCommand('digestNotes.insertCitation', { keys: [key], locator });
  });
}

const NAMES: Readonly<Record<LocatorLabel, string>> = { page: 'Page', chapter: 'Chapter', section: 'Section', figure: 'Figure' };

/** The kind of locator, then its value; undefined when the writer cancels. */
async function askLocator(key: string): Promise<Locator | undefined> {
  const picked = await vscode.window.showQuickPick(
    LOCATOR_LABELS.map(label => ({ label: vscode.l10n.t(NAMES[label]), locator: label })),
    { title: vscode.l10n.t('Cite {0} at a...', key), placeHolder: vscode.l10n.t('page, chapter, section or figure') },
  );
  if (!picked) {
    return undefined;
  }
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Cite {0}: {1}', key, picked.label),
    prompt: picked.locator === 'page' ? vscode.l10n.t('A page or a range: 12, 12-14') : vscode.l10n.t('Its number: 3, 2.1'),
    validateInput: locatorValueError,
  });
  return value === undefined ? undefined : { label: picked.locator, value: value.trim() };
}
