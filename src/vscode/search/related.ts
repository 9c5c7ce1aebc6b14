import * as vscode from 'vscode';
import { findMentions } from '../../core/drafts/mentions';
import type { SearchHit } from '../../core/search';
import { citationLanguageOf } from '../../core/drafts/languages';
import { paperFromArgument } from '../workspace/paperArguments';
import { citeOrPreview, PaperPicker, type OfferedPaper } from '../workspace/paperPicker';
import type { Services } from '../services';

/**
 * Related papers: for a paper (`digestNotes.relatedPapers`), and for the paragraph being written
 * (`digestNotes.suggestCitations`), both ranked by `PaperIndex` over titles and abstracts.
 */

const RELATED_LIMIT = 15;
const SUGGEST_LIMIT = 10;

/** One ranked paper, as the commands return it (what the specs read). */
export interface RankedPaper {
  readonly key: string;
  readonly title: string;
  readonly score: number;
}

export function registerRelated(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('digestNotes.relatedPapers', (arg?: unknown) => relatedPapers(services, arg)),
    vscode.commands.registerCommand('digestNotes.suggestCitations', (arg?: unknown) => suggestCitations(services, textFrom(arg))),
  );
}

async function relatedPapers(services: Services, arg: unknown): Promise<{ key: string; items: RankedPaper[] } | undefined> {
  const paper = await paperFromArgument(services, arg, 'Related papers of…');
  if (!paper) {
    return undefined;
  }
  const hits = await (await services.workspace.index()).related(paper.key, RELATED_LIMIT);
  if (hits.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Digest Notes: no paper in the workspace\'s digests is close to "{0}".', paper.title),
    );
  } else {
    new PaperPicker({
      title: `Related to: ${paper.title}`,
      placeholder: vscode.l10n.t('Enter cites into the draft (or previews); buttons: cite, note, preview, link'),
      canSelectMany: false,
      papers: hits.map(hit => ({ paper: hit.paper })),
      onAccept: papers =>
        void citeOrPreview(
          services,
          papers.map(p => p.key),
        ),
    });
  }
  return { key: paper.key, items: hits.map(ranked) };
}

async function suggestCitations(
  services: Services,
  text: string | undefined,
): Promise<{ query: string; items: RankedPaper[]; alreadyCited?: number } | undefined> {
  const editor = vscode.window.activeTextEditor;
  const query = text ?? (editor ? paragraphOrSelection(editor) : '');
  if (query.trim() === '') {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Digest Notes: put the cursor in a paragraph (or select text) to get citation suggestions.'),
    );
    return { query, items: [] };
  }
  const hits = await (await services.workspace.index()).relatedToText(query, SUGGEST_LIMIT);
  const cited = editor ? citedIn(editor, query) : new Set<string>();
  // Papers the paragraph cites already go last: the highlighted first row (what Enter takes) is a new one.
  const fresh = hits.filter(hit => !cited.has(hit.key));
  const again = hits.filter(hit => cited.has(hit.key));
  const offered: OfferedPaper[] = [
    ...fresh.map(hit => ({ paper: hit.paper })),
    ...again.map(hit => ({ paper: hit.paper, note: 'already cited here' })),
  ];
  if (offered.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t("Digest Notes: no paper in the workspace's digests matches this paragraph."));
  } else {
    const title =
      again.length > 0
        ? vscode.l10n.t('Suggest Citations: check papers to cite ({0} already cited in this paragraph, listed last)', again.length)
        : vscode.l10n.t('Suggest Citations: check papers to cite');
    new PaperPicker({
      title,
      placeholder: vscode.l10n.t('Enter cites the highlighted paper, or check several first'),
      papers: offered,
      // A paragraph command: the citation goes at the end of the sentence the cursor is in (insertionPoint.ts).
      onAccept: papers =>
        void vscode.commands.executeCommand('digestNotes.insertCitation', { keys: papers.map(p => p.key), placement: 'paragraph' }),
    });
  }
  return { query, items: [...fresh, ...again].map(ranked), alreadyCited: again.length };
}

/** The command may get `{ text }`, or (from the editor's context menu) the document's URI. */
function textFrom(arg: unknown): string | undefined {
  const text = typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? (arg as { text?: unknown }).text : undefined;
  return typeof text === 'string' ? text : undefined;
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
  const language = citationLanguageOf(editor.document.languageId, editor.document.uri.path);
  return new Set(language ? findMentions(text, language).map(m => m.key) : []);
}

function ranked(hit: SearchHit): RankedPaper {
  return { key: hit.key, title: hit.title, score: hit.score };
}
