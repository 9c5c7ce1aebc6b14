import * as vscode from 'vscode';
import { planCitationKeys } from '../../core/drafts/bibTarget';
import type { CitationLanguage } from '../../core/drafts/mentions';
import { completionContextAt, type KeyCompletionContext } from '../../core/drafts/draftKeys';
import type { Paper } from '../../core/model';
import { shorten } from '../../core/library/paperMarkdown';
import type { Services } from '../services';
import { DRAFT_SELECTOR, draftLanguageOf, type BibliographyKeyReader } from './draftDocument';

/** Items offered at most; the list is incomplete, so typing on asks again with the longer prefix. */
const MAX_ITEMS = 100;
const DOCUMENTATION_LENGTH = 300;

/**
 * Citation-key completion in drafts: after `[@`, `@` in prose, `\cite{` (and the family, and after
 * a comma in one) and Typst's `@`. Items come in the search index's order (library order for an
 * empty prefix); `sortText` and `filterText` keep VS Code from re-sorting or dropping them.
 * Accepting one inserts the key (the bibliography's own when it has the paper under another) and
 * adds the paper to the draft's bibliography.
 */
export function register(context: vscode.ExtensionContext, services: Services, bibliographies: BibliographyKeyReader): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(DRAFT_SELECTOR, new KeyCompletionProvider(services, bibliographies), '@', '{', ','),
  );
}

export class KeyCompletionProvider implements vscode.CompletionItemProvider {
  constructor(
    private readonly services: Services,
    private readonly bibliographies: BibliographyKeyReader,
  ) {}

  async provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.CompletionList | undefined> {
    const language = draftLanguageOf(this.services, document);
    const at = language && completionContextAt(document.getText(), document.offsetAt(position), language);
    if (!at) {
      return undefined;
    }
    const papers = await this.candidates(at.prefix);
    const keys = await this.citationKeys(document, language, papers);
    if (token.isCancellationRequested) {
      return undefined;
    }
    const items = papers.map((paper, rank) => completionItem(document, at, paper, keys.get(paper.key) ?? paper.key, rank));
    return new vscode.CompletionList(items, true);
  }

  /**
   * The key each paper is cited with in this draft, as Insert Citation would write it: the
   * bibliography's own key when it holds the paper's title (see planCitationKeys).
   */
  private async citationKeys(
    document: vscode.TextDocument,
    language: CitationLanguage,
    papers: readonly Paper[],
  ): Promise<Map<string, string>> {
    const [bibliography, library] = await Promise.all([this.bibliographies.keysFor(document, language), this.services.workspace.library()]);
    if (bibliography.entries.length === 0) {
      return new Map();
    }
    const libraryKeys = new Set(library.papers.map(p => p.key));
    return new Map(planCitationKeys(papers, bibliography.entries, libraryKeys).map(plan => [plan.paper.key, plan.key]));
  }

  private async candidates(prefix: string): Promise<readonly Paper[]> {
    if (prefix.trim() === '') {
      return (await this.services.workspace.library()).papers.slice(0, MAX_ITEMS);
    }
    const index = await this.services.workspace.index();
    return (await index.search(prefix, { limit: MAX_ITEMS })).map(hit => hit.paper);
  }
}

function completionItem(
  document: vscode.TextDocument,
  at: KeyCompletionContext,
  paper: Paper,
  key: string,
  rank: number,
): vscode.CompletionItem {
  const item = new vscode.CompletionItem(key, vscode.CompletionItemKind.Reference);
  item.detail = paper.title;
  const abstract = shorten(paper.abstract, DOCUMENTATION_LENGTH);
  item.documentation = [paper.day, abstract].filter(Boolean).join('\n\n') || undefined;
  item.insertText = key;
  item.sortText = String(rank).padStart(5, '0');
  // VS Code filters by the typed word against filterText; starting it with the prefix keeps every
  // hit of ours (title and abstract matches too) at the same score, so sortText decides.
  item.filterText = `${at.prefix}${key} ${paper.title}`;
  const start = document.positionAt(at.start);
  item.range = {
    inserting: new vscode.Range(start, document.positionAt(at.start + at.prefix.length)),
    replacing: new vscode.Range(start, document.positionAt(at.end)),
  };
  item.command = { title: 'Add to bibliography', command: 'digestNotes.addToBibliography', arguments: [[paper.key], document.uri] };
  return item;
}
