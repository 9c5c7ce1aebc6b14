import * as vscode from 'vscode';
import { closeKeyMatches, keyLetters, keyQuery } from '../../core/drafts/draftKeys';
import { pickPapers } from '../workspace/paperPicker';
import type { Paper } from '../../core/model';
import { shorten } from '../../core/library/paperMarkdown';
import type { Services } from '../services';
import { DRAFT_SELECTOR } from './draftDocument';
import { BIBLIOGRAPHY_KEY, DIAGNOSTIC_SOURCE, NOT_IN_BIBLIOGRAPHY, UNKNOWN_KEY, type KeyDiagnostics } from './keyDiagnostics';

const TITLE_LENGTH = 60;

/**
 * Quick fixes for the key diagnostics: an unknown key that closely matches a digest paper's key
 * is replaced with it (and the paper added to the bibliography); a digest key missing from the
 * bibliography is added to it; a digest key whose paper the bibliography holds under another key
 * is replaced with that key.
 */
export function register(context: vscode.ExtensionContext, services: Services, diagnostics: KeyDiagnostics): void {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(DRAFT_SELECTOR, new KeyFixProvider(services, diagnostics), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.commands.registerCommand(REPLACE_KEY_COMMAND, (uri: vscode.Uri, range: vscode.Range, typed: string) =>
      replaceKeyWithPaper(services, diagnostics, uri, range, typed),
    ),
  );
}

/** The quick fix's search: the picked paper's key replaces the unknown one (never joins it). Not in the palette. */
const REPLACE_KEY_COMMAND = 'digestNotes.replaceKeyWithPaper';

/** What the replacing search did, for specs. */
export interface ReplaceKeyResult {
  readonly query: string;
  readonly replaced?: string;
}

/**
 * Asks for the paper an unknown key meant, searching the key's words (`smith2023sparse` asks
 * `smith 2023 sparse`), then writes its key over the unknown one and adds the paper to the
 * bibliography. Nothing changes when the key moved or changed meanwhile.
 */
async function replaceKeyWithPaper(
  services: Services,
  diagnostics: KeyDiagnostics,
  uri: vscode.Uri,
  range: vscode.Range,
  typed: string,
): Promise<ReplaceKeyResult> {
  const query = keyQuery(typed);
  const picked = await pickPapers(services, { title: vscode.l10n.t('Replace "{0}" with the paper…', typed), query, canSelectMany: false });
  const paper = picked?.[0];
  const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
  if (!paper || !document || document.getText(range) !== typed) {
    return { query };
  }
  const key = (await diagnostics.bibliographyKeyOf(document, paper)) ?? paper.key;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, range, key);
  if (!(await vscode.workspace.applyEdit(edit))) {
    return { query };
  }
  await vscode.commands.executeCommand('digestNotes.addToBibliography', [paper.key], uri);
  return { query, replaced: key };
}

export class KeyFixProvider implements vscode.CodeActionProvider {
  constructor(
    private readonly services: Services,
    private readonly diagnostics: KeyDiagnostics,
  ) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter(d => d.source === DIAGNOSTIC_SOURCE);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const key = document.getText(diagnostic.range);
      if (diagnostic.code === UNKNOWN_KEY) {
        actions.push(...(await this.replacements(document, diagnostic, key)));
      } else if (diagnostic.code === NOT_IN_BIBLIOGRAPHY) {
        actions.push(...this.additions(document, diagnostic, key));
      } else if (diagnostic.code === BIBLIOGRAPHY_KEY) {
        actions.push(...(await this.bibliographyKey(document, diagnostic, key)));
      }
    }
    return actions;
  }

  private async replacements(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, typed: string): Promise<vscode.CodeAction[]> {
    const library = await this.services.workspace.library();
    const letters = keyLetters(typed);
    const hits = letters.length >= 4 ? (await (await this.services.workspace.index()).search(letters, { limit: 1 })).map(h => h.key) : [];
    const papers = closeKeyMatches(
      typed,
      library.papers.map(p => p.key),
      hits,
    )
      .map(match => library.byKey(match.key))
      .filter((paper): paper is Paper => paper !== undefined);
    const replacements = await Promise.all(
      papers.map(async (paper, i) => {
        // The bibliography may hold the paper under a key of its own: cite that one.
        const key = (await this.diagnostics.bibliographyKeyOf(document, paper)) ?? paper.key;
        const action = new vscode.CodeAction(`Replace with ${key} (${shorten(paper.title, TITLE_LENGTH)})`, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, diagnostic.range, key);
        action.command = addToBibliography([paper.key], document.uri);
        action.diagnostics = [diagnostic];
        action.isPreferred = i === 0;
        return action;
      }),
    );
    const search = new vscode.CodeAction(`Find the paper for "${typed}" and replace the key…`, vscode.CodeActionKind.QuickFix);
    search.command = { title: search.title, command: REPLACE_KEY_COMMAND, arguments: [document.uri, diagnostic.range, typed] };
    search.diagnostics = [diagnostic];
    return [...replacements, search];
  }

  private async bibliographyKey(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, key: string): Promise<vscode.CodeAction[]> {
    const paper = await this.services.workspace.paper(key);
    const entryKey = paper && (await this.diagnostics.bibliographyKeyOf(document, paper));
    if (!entryKey) {
      return [];
    }
    const action = new vscode.CodeAction(`Replace with ${entryKey}, the bibliography's key for this paper`, vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(document.uri, diagnostic.range, entryKey);
    action.diagnostics = [diagnostic];
    action.isPreferred = true;
    return [action];
  }

  private additions(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, key: string): vscode.CodeAction[] {
    const add = new vscode.CodeAction(`Add ${key} to bibliography`, vscode.CodeActionKind.QuickFix);
    add.command = addToBibliography([key], document.uri);
    add.diagnostics = [diagnostic];
    add.isPreferred = true;
    const missing = this.diagnostics.diagnosticsOf(document.uri).filter(d => d.code === NOT_IN_BIBLIOGRAPHY);
    const keys = [...new Set(missing.map(d => document.getText(d.range)))];
    if (keys.length < 2) {
      return [add];
    }
    const addAll = new vscode.CodeAction(`Add all ${keys.length} missing papers to bibliography`, vscode.CodeActionKind.QuickFix);
    addAll.command = addToBibliography(keys, document.uri);
    addAll.diagnostics = missing;
    return [add, addAll];
  }
}

function addToBibliography(keys: string[], draft: vscode.Uri): vscode.Command {
  return { title: 'Add to bibliography', command: 'digestNotes.addToBibliography', arguments: [keys, draft] };
}
