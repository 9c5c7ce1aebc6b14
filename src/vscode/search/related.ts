import * as vscode from 'vscode';
import { findMentions } from '../../core/drafts/mentions';
import type { SearchHit } from '../../core/search';
import { languageOf } from '../workspace/citedInIndex';
import { citeOrPreview, paperFromArgument, paperPickItem, runPaperAction, type PaperPickItem } from '../workspace/paperPick';
import type { Services } from '../services';

/**
 * Related papers: for a paper (`digestNotes.relatedPapers`), and for the paragraph being written
 * (`digestNotes.suggestCitations`), both ranked by `PaperIndex` over titles and abstracts.
 */

const RELATED_LIMIT = 15;
const SUGGEST_LIMIT = 10;

/** Options for tests and callers: `dryRun` returns the ranking without showing UI. */
export interface RelatedOptions {
  readonly dryRun?: boolean;
  /** Suggest Citations: the query text instead of the editor's paragraph or selection. */
  readonly text?: string;
  readonly limit?: number;
}

/** One ranked paper, as `dryRun` returns it. */
export interface RankedPaper {
  readonly key: string;
  readonly title: string;
  readonly score: number;
}


export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('digestNotes.relatedPapers', (arg?: unknown, options?: RelatedOptions) => relatedPapers(services, arg, options)),
    vscode.commands.registerCommand('digestNotes.suggestCitations', (arg?: unknown) => suggestCitations(services, optionsFrom(arg))),
  );
}

async function relatedPapers(services: Services, arg: unknown, options: RelatedOptions = {}): Promise<{ key: string; items: RankedPaper[] } | undefined> {
  const paper = await paperFromArgument(services, arg, 'Related papers of…');
  if (!paper) {
    return undefined;
  }
  const hits = await (await services.workspace.index()).related(paper.key, options.limit ?? RELATED_LIMIT);
  if (!options.dryRun) {
    const items = hits.map(hit => hitItem(hit));
    if (items.length === 0) {
      void vscode.window.showInformationMessage(`Digest Notes: no paper in the workspace's digests is close to "${paper.title}".`);
    } else {
      showPicker(items, { title: `Related to: ${paper.title}`, canSelectMany: false, onAccept: keys => citeOrPreview(services, keys) });
    }
  }
  return { key: paper.key, items: hits.map(ranked) };
}

async function suggestCitations(services: Services, options: RelatedOptions): Promise<{ query: string; items: RankedPaper[] } | undefined> {
  const editor = vscode.window.activeTextEditor;
  const query = options.text ?? (editor ? paragraphOrSelection(editor) : '');
  if (query.trim() === '') {
    void vscode.window.showInformationMessage('Digest Notes: put the cursor in a paragraph (or select text) to get citation suggestions.');
    return { query, items: [] };
  }
  const hits = await (await services.workspace.index()).relatedToText(query, options.limit ?? SUGGEST_LIMIT);
  if (!options.dryRun) {
    const cited = editor ? citedIn(editor, query) : new Set<string>();
    const items = hits.map(hit => hitItem(hit, cited.has(hit.key) ? 'already cited here' : undefined));
    if (items.length === 0) {
      void vscode.window.showInformationMessage('Digest Notes: no paper in the workspace\'s digests matches this paragraph.');
    } else {
      showPicker(items, {
        title: 'Suggest Citations: check papers to cite',
        canSelectMany: true,
        onAccept: keys => void vscode.commands.executeCommand('digestNotes.insertCitation', keys),
      });
    }
  }
  return { query, items: hits.map(ranked) };
}

/** The command may get options, or (from the editor's context menu) the document's URI. */
function optionsFrom(arg: unknown): RelatedOptions {
  return typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? (arg as RelatedOptions) : {};
}

/** The selection when there is one, else the blank-line-delimited paragraph around the cursor. */
export function paragraphOrSelection(editor: vscode.TextEditor): string {
  const document = editor.document;
  if (!editor.selection.isEmpty) {
    return document.getText(editor.selection);
  }
  let line = editor.selection.active.line;
  while (line > 0 && document.lineAt(line).isEmptyOrWhitespace) {
    line--; // on a blank line, the paragraph just written above
  }
  let first = line;
  while (first > 0 && !document.lineAt(first - 1).isEmptyOrWhitespace) {
    first--;
  }
  let last = line;
  while (last < document.lineCount - 1 && !document.lineAt(last + 1).isEmptyOrWhitespace) {
    last++;
  }
  return document.getText(new vscode.Range(first, 0, last, document.lineAt(last).text.length));
}

/** Keys already cited in the query text, so the picker can say so. */
function citedIn(editor: vscode.TextEditor, text: string): Set<string> {
  const language = languageOf(editor.document.languageId, editor.document.uri);
  return new Set(language ? findMentions(text, language).map(m => m.key) : []);
}

function ranked(hit: SearchHit): RankedPaper {
  return { key: hit.key, title: hit.title, score: hit.score };
}

function hitItem(hit: SearchHit, note?: string): PaperPickItem {
  return paperPickItem(hit.paper, { note, actions: true });
}

/** A quick pick in the index's order (VS Code would sort by label), with per-item actions. */
function showPicker(items: PaperPickItem[], options: { title: string; canSelectMany: boolean; onAccept: (keys: string[]) => void }): void {
  const picker = vscode.window.createQuickPick<PaperPickItem>();
  picker.title = options.title;
  picker.placeholder = options.canSelectMany ? 'Check the papers to cite, then press Enter' : 'Enter cites into the draft (or previews); buttons: cite, note, preview, link';
  picker.canSelectMany = options.canSelectMany;
  picker.matchOnDescription = true;
  (picker as unknown as { sortByLabel: boolean }).sortByLabel = false;
  picker.items = items;
  picker.onDidTriggerItemButton(e => runPaperAction(picker, e.button, e.item.key));
  picker.onDidAccept(() => {
    const chosen = options.canSelectMany && picker.selectedItems.length > 0 ? picker.selectedItems : picker.activeItems;
    if (chosen.length > 0) {
      picker.hide();
      options.onAccept(chosen.map(item => item.key));
    }
  });
  picker.onDidHide(() => picker.dispose());
  picker.show();
}
