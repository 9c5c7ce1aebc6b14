import * as vscode from 'vscode';
import { planCitationKeys } from '../../core/drafts/bibTarget';
import { findMentions, type CitationLanguage } from '../../core/drafts/mentions';
import { completionContextAt, type KeyCompletionContext } from '../../core/drafts/draftKeys';
import type { Library } from '../../core/library/library';
import type { ExistingEntry, Paper } from '../../core/model';
import { shorten } from '../../core/library/paperMarkdown';
import { rankKeyCompletions } from '../../core/search/keyCompletion';
import type { Services } from '../services';
import { config } from '../util/config';
import { DRAFT_SELECTOR, draftLanguageOf, type BibliographyKeyReader, type BibliographyKeys } from './draftDocument';

/** Items offered at most; the list is incomplete, so typing on asks again with the longer prefix. */
const MAX_ITEMS = 100;
/** Papers related to the paragraph that lead the list after the draft's own. */
const RELATED_ITEMS = 20;
const DOCUMENTATION_LENGTH = 300;

/**
 * Citation-key completion in drafts: after `[@`, `@` in prose, `\cite{` (and the family, and after
 * a comma in one) and Typst's `@`. Every prefix from one letter answers (an empty answer closes
 * the widget, and Markdown has no quick suggestions to open it again); the order is
 * core/search/keyCompletion.ts's: the draft's neighbourhood and bibliography, papers related to
 * the paragraph, then the library newest first; with a prefix, keys starting with it, then title
 * and author words, then the search index's answer. The list is marked incomplete, so VS Code asks
 * again on each keystroke; `sortText` and `filterText` keep it from re-sorting or dropping items.
 * Accepting one inserts the key (the bibliography's own when it has the paper under another) and
 * adds the paper to the draft's bibliography.
 */
export function register(context: vscode.ExtensionContext, services: Services, bibliographies: BibliographyKeyReader): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(DRAFT_SELECTOR, new KeyCompletionProvider(services, bibliographies), '@', '{', ','),
  );
}

/** A library paper, or an entry only the draft's bibliography has. */
type Candidate = Paper | ExistingEntry;

export class KeyCompletionProvider implements vscode.CompletionItemProvider {
  /** The papers related to the last paragraph asked about: typing a key leaves the paragraph as it was. */
  private related: { paragraph: string; library: Library; papers: Promise<readonly Paper[]> } | undefined;
  private newest: { library: Library; papers: readonly Paper[] } | undefined;

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
    const text = document.getText();
    const offset = document.offsetAt(position);
    const at = language && completionContextAt(text, offset, language);
    if (!at) {
      return undefined;
    }
    const [library, bibliography] = await Promise.all([this.services.workspace.library(), this.bibliographies.keysFor(document, language)]);
    const index = await this.services.workspace.index();
    const [related, searched] = await Promise.all([
      this.relatedTo(paragraphAround(text, at.start, at.end), library),
      at.prefix.trim() === '' ? [] : index.search(at.prefix, { limit: MAX_ITEMS }).then(hits => hits.map(hit => hit.paper)),
    ]);
    if (token.isCancellationRequested) {
      return undefined;
    }
    const ranked = rankKeyCompletions<Candidate>({
      prefix: at.prefix,
      nearby: nearbyCandidates(document, position, language, library, bibliography),
      related,
      rest: this.newestFirst(library),
      searched,
      limit: MAX_ITEMS,
    });
    const items = completionItems(document, at, ranked, library, bibliography);
    return new vscode.CompletionList(items, true);
  }

  private relatedTo(paragraph: string, library: Library): Promise<readonly Paper[]> {
    if (this.related?.paragraph !== paragraph || this.related.library !== library) {
      const papers = this.services.workspace
        .index()
        .then(index => index.relatedToText(paragraph, RELATED_ITEMS))
        .then(hits => hits.map(hit => hit.paper));
      this.related = { paragraph, library, papers };
    }
    return this.related.papers;
  }

  private newestFirst(library: Library): readonly Paper[] {
    if (this.newest?.library !== library) {
      // Newest first (unknown dates last), as Search Papers lists them before anything is typed.
      const papers = [...library.papers].reverse().sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
      this.newest = { library, papers };
    }
    return this.newest.papers;
  }
}

/**
 * Papers cited or whose notes are linked in the draft, nearest to the cursor first, then the
 * draft's bibliography entries in file order: a library paper where the library has it (by title,
 * or by key for an entry without one), else the entry itself.
 */
function nearbyCandidates(
  document: vscode.TextDocument,
  position: vscode.Position,
  language: CitationLanguage,
  library: Library,
  bibliography: BibliographyKeys,
): Candidate[] {
  const entries = new Map(bibliography.entries.map(entry => [entry.key.toLowerCase(), entry]));
  const asCandidate = (entry: ExistingEntry): Candidate =>
    (entry.title !== undefined ? library.byTitle(entry.title) : library.byKey(entry.key)) ?? entry;
  const distance = (line: number, column: number) => Math.abs(line - position.line) * 1_000_000 + Math.abs(column - position.character);
  const mentions = findMentions(document.getText(), language, {
    filePath: vscode.workspace.asRelativePath(document.uri, false),
    notesFolder: config.get('notesFolder', 'notes', document.uri),
  });
  const mentioned = mentions
    .sort((a, b) => distance(a.line, a.column) - distance(b.line, b.column))
    .map(mention => {
      const entry = entries.get(mention.key.toLowerCase());
      return entry ? asCandidate(entry) : library.byKey(mention.key);
    })
    .filter((candidate): candidate is Candidate => candidate !== undefined);
  return [...mentioned, ...bibliography.entries.map(asCandidate)];
}

/** The blank-line-delimited paragraph around the key being typed, without the key itself. */
function paragraphAround(text: string, start: number, end: number): string {
  const before = text.lastIndexOf('\n\n', start);
  const after = text.indexOf('\n\n', end);
  return `${text.slice(before === -1 ? 0 : before, start)} ${text.slice(end, after === -1 ? text.length : after)}`;
}

/** Items in rank order, each under the key the draft cites it with, each key once. */
function completionItems(
  document: vscode.TextDocument,
  at: KeyCompletionContext,
  ranked: readonly Candidate[],
  library: Library,
  bibliography: BibliographyKeys,
): vscode.CompletionItem[] {
  const papers = ranked.filter((candidate): candidate is Paper => 'occurrences' in candidate);
  const citedAs = citationKeys(papers, library, bibliography);
  const seen = new Set<string>();
  const items: vscode.CompletionItem[] = [];
  for (const candidate of ranked) {
    const paper = 'occurrences' in candidate ? candidate : undefined;
    const key = paper ? (citedAs.get(paper.key) ?? paper.key) : candidate.key;
    if (!seen.has(key.toLowerCase())) {
      seen.add(key.toLowerCase());
      items.push(completionItem(document, at, candidate, key, items.length));
    }
  }
  return items;
}

/**
 * The key each paper is cited with in this draft, as Insert Citation would write it: the
 * bibliography's own key when it holds the paper's title (see planCitationKeys).
 */
function citationKeys(papers: readonly Paper[], library: Library, bibliography: BibliographyKeys): Map<string, string> {
  if (bibliography.entries.length === 0) {
    return new Map();
  }
  const libraryKeys = new Set(library.papers.map(p => p.key));
  return new Map(planCitationKeys(papers, bibliography.entries, libraryKeys).map(plan => [plan.paper.key, plan.key]));
}

function completionItem(
  document: vscode.TextDocument,
  at: KeyCompletionContext,
  candidate: Candidate,
  key: string,
  rank: number,
): vscode.CompletionItem {
  const paper = 'occurrences' in candidate ? candidate : undefined;
  const title = candidate.title ?? '';
  const item = new vscode.CompletionItem(key, vscode.CompletionItemKind.Reference);
  item.detail = title || undefined;
  item.documentation = paper
    ? [paper.day, shorten(paper.abstract, DOCUMENTATION_LENGTH)].filter(Boolean).join('\n\n') || undefined
    : vscode.l10n.t("In the draft's bibliography");
  item.insertText = key;
  item.sortText = String(rank).padStart(5, '0');
  // VS Code filters by the typed word against filterText; starting it with the prefix keeps every
  // hit of ours (title, author and abstract matches too) at the same score, so sortText decides.
  item.filterText = `${at.prefix}${key} ${title}`;
  const start = document.positionAt(at.start);
  item.range = {
    inserting: new vscode.Range(start, document.positionAt(at.start + at.prefix.length)),
    replacing: new vscode.Range(start, document.positionAt(at.end)),
  };
  if (paper) {
    item.command = { title: 'Add to bibliography', command: 'digestNotes.addToBibliography', arguments: [[paper.key], document.uri] };
  }
  return item;
}
