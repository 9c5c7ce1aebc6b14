import * as vscode from 'vscode';
import { log, showError } from '../util/log';
import { byline } from '../../core/library/byline';
import type { Paper } from '../../core/model';
import { limitQuery, MAX_QUERY_LENGTH } from '../../core/search/queryLimits';
import type { DigestWorkspace } from './digestWorkspace';
import type { CitationFormatter } from './citationFormatter';
import { isDraftEditor, type DraftTracker } from './drafts';

/**
 * The one paper picker: Search Papers, Insert Citation without arguments, Related Papers, Suggest
 * Citations and every "which paper?" question use it, so the keyboard works the same in all.
 *
 * VS Code's quick pick filters and re-sorts by label on its own; a live search shows the index's
 * ranking as is (every item `alwaysShow`, `sortByLabel` off, items replaced per keystroke). In a
 * multi-select picker no item is active by default, so Enter would accept nothing: the first item
 * is made active, and Enter takes the checked items, else the highlighted one.
 */

export interface PaperPickItem extends vscode.QuickPickItem {
  readonly key: string;
  readonly paper: Paper;
}

/** A paper offered, with an optional note shown beside it ("already cited here"). */
export interface OfferedPaper {
  readonly paper: Paper;
  readonly note?: string;
}

export interface PaperPickerOptions {
  readonly title: string;
  readonly placeholder?: string;
  /** Text put in the search box. */
  readonly query?: string;
  /** Default true. */
  readonly canSelectMany?: boolean;
  /** A live search, asked on each keystroke; the papers offered before anything is typed come with ''. */
  readonly search?: (query: string) => Promise<readonly OfferedPaper[]>;
  /** A fixed list (related papers), filtered by the quick pick itself; used when `search` is absent. */
  readonly papers?: readonly OfferedPaper[];
  /** Shown when the list is empty. */
  readonly emptyPlaceholder?: string;
  /** Buttons per item: cite, note, preview, open link (default true). */
  readonly actions?: boolean;
  readonly onAccept: (papers: Paper[]) => void;
  readonly onHide?: () => void;
  /**
   * Each listed paper's reference as the draft's style prints it, by key (`pickerReferences`):
   * shown as the item's detail line once formatted, so the list never waits for the CSL worker.
   */
  readonly references?: (papers: readonly Paper[]) => Promise<ReadonlyMap<string, string>>;
}

/** An item as shown; Search Papers resolves to the first list it shows. */
export interface PaperItemSummary {
  readonly key: string;
  readonly label: string;
  readonly description: string;
  readonly detail?: string;
}

type PaperActionButton = vscode.QuickInputButton & { readonly command: string; readonly hideAfter: boolean };

const PAPER_ACTIONS: readonly PaperActionButton[] = [
  { iconPath: new vscode.ThemeIcon('quote'), tooltip: 'Cite', command: 'digestNotes.insertCitation', hideAfter: true },
  { iconPath: new vscode.ThemeIcon('note'), tooltip: 'Literature Note', command: 'digestNotes.createNote', hideAfter: true },
  { iconPath: new vscode.ThemeIcon('eye'), tooltip: 'Preview', command: 'digestNotes.previewPaper', hideAfter: true },
  { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Edit Paper Metadata', command: 'digestNotes.editPaperMetadata', hideAfter: true },
];
const OPEN_LINK: PaperActionButton = {
  iconPath: new vscode.ThemeIcon('link-external'),
  tooltip: 'Open Link',
  command: 'digestNotes.openLink',
  hideAfter: false,
};

/** Characters of the abstract an item shows under the title. */
const ABSTRACT_PREVIEW = 160;

/** How a paper shows: title; key, day and `note`; the abstract's start; with `actions`, its buttons. */
export function paperPickItem(paper: Paper, options: { readonly note?: string; readonly actions?: boolean } = {}): PaperPickItem {
  const abstract = paper.abstract.length > ABSTRACT_PREVIEW ? `${paper.abstract.slice(0, ABSTRACT_PREVIEW).trimEnd()}…` : paper.abstract;
  const buttons = !options.actions ? [] : paper.links.length > 0 ? [...PAPER_ACTIONS, OPEN_LINK] : [...PAPER_ACTIONS];
  return {
    key: paper.key,
    paper,
    label: paper.title,
    description: [byline(paper), paper.key, paper.day, options.note].filter(Boolean).join(' · '),
    detail: abstract || undefined,
    buttons,
  };
}

/**
 * While a multi-select picker shows, this context key is true: package.json binds Ctrl+Space to
 * `digestNotes.togglePaperCheck` under it. Space itself must stay a space in the search box
 * (queries have several words), and VS Code checks a row with Space only when the list, not the
 * box, has the focus.
 */
const PICKING_MANY_CONTEXT = 'digestNotes.pickingPapers';

/** One picker session; disposes itself when hidden. */
export class PaperPicker {
  /** The multi-select picker showing now, for `digestNotes.togglePaperCheck`. */
  private static shown: PaperPicker | undefined;

  /** Checks or unchecks the highlighted row of the picker showing now; false when there is none. */
  static toggleHighlighted(): boolean {
    return PaperPicker.shown?.toggleActive() ?? false;
  }

  /** The first list shown (once the papers are known), for the command's result. */
  readonly firstItems: Promise<PaperItemSummary[]>;
  private readonly quickPick = vscode.window.createQuickPick<PaperPickItem>();
  /** Checked papers by key, kept across searches (the list is replaced on every keystroke). */
  private readonly checked = new Map<string, Paper>();
  /** Counts queries, so an answer to an older one (the index answers asynchronously) is dropped. */
  private query = 0;
  /** The newest query's answer being shown. */
  private latest: Promise<void> = Promise.resolve();
  private ready = false;
  private accepted = false;

  constructor(private readonly options: PaperPickerOptions) {
    const qp = this.quickPick;
    qp.title = options.title;
    qp.placeholder = options.placeholder ?? vscode.l10n.t('Search papers by title, key or abstract');
    qp.canSelectMany = options.canSelectMany ?? true;
    qp.matchOnDescription = !options.search;
    qp.matchOnDetail = false;
    // Proposed in @types/vscode 1.90 but honoured by the workbench: keep our order.
    (qp as unknown as { sortByLabel: boolean }).sortByLabel = false;
    qp.value = options.query ?? '';
    qp.busy = true;
    if (options.search) {
      qp.onDidChangeValue(value => void this.refresh(value));
    }
    qp.onDidChangeSelection(items => this.remember(items));
    qp.onDidAccept(() => this.accept());
    qp.onDidTriggerItemButton(e => this.runAction(e.button as PaperActionButton, e.item.key));
    qp.onDidHide(() => {
      if (PaperPicker.shown === this) {
        PaperPicker.shown = undefined;
        void vscode.commands.executeCommand('setContext', PICKING_MANY_CONTEXT, false);
      }
      qp.dispose();
      if (!this.accepted) {
        options.onHide?.();
      }
    });
    qp.show();
    if (qp.canSelectMany) {
      PaperPicker.shown = this;
      void vscode.commands.executeCommand('setContext', PICKING_MANY_CONTEXT, true);
    }
    this.firstItems = this.load();
  }

  private async load(): Promise<PaperItemSummary[]> {
    this.ready = true;
    await this.refresh(this.quickPick.value);
    // The workbench may echo the initial value as a change, which starts a newer query: the first
    // list is the answer to whichever query is newest once they have all come back.
    for (let newest = this.latest; ; newest = this.latest) {
      await newest;
      if (newest === this.latest) break;
    }
    return this.quickPick.items.map(item => ({
      key: item.key,
      label: item.label,
      description: item.description ?? '',
      detail: item.detail,
    }));
  }

  private refresh(query: string): Promise<void> {
    this.latest = this.showResults(query);
    return this.latest;
  }

  private async showResults(query: string): Promise<void> {
    if (!this.ready) {
      return; // load() refreshes once started
    }
    const asked = ++this.query;
    this.quickPick.busy = true;
    // The index searches the first MAX_QUERY_LENGTH characters only (a pasted page would cost
    // memory by the gigabyte in fuzzy matching): say so rather than silently.
    const { cut } = limitQuery(query);
    this.quickPick.title = cut ? `${this.options.title} (only the first ${MAX_QUERY_LENGTH} characters are searched)` : this.options.title;
    let found: readonly OfferedPaper[];
    try {
      found = this.options.search ? await this.options.search(query) : (this.options.papers ?? []);
    } catch (error) {
      found = [];
      void showError(vscode.l10n.t('Digest Notes: search failed: {0}', (error as Error).message));
    }
    if (asked !== this.query) {
      return; // the user typed on; a newer query's answer is coming
    }
    this.quickPick.busy = false;
    const shown = new Set(found.map(offered => offered.paper.key));
    const stillChecked: OfferedPaper[] = [...this.checked.values()].filter(p => !shown.has(p.key)).map(paper => ({ paper }));
    const actions = this.options.actions ?? true;
    const live = this.options.search !== undefined;
    const offered: OfferedPaper[] = [...found, ...stillChecked];
    const items = offered.map(({ paper, note }) => ({ ...paperPickItem(paper, { note, actions }), alwaysShow: live }));
    this.quickPick.items = items;
    this.quickPick.selectedItems = items.filter(item => this.checked.has(item.key));
    if (items.length === 0 && query.trim() !== '') {
      // An empty list says nothing by itself: the title says the query found no paper.
      this.quickPick.title = `${this.quickPick.title}: ${vscode.l10n.t('no paper matches "{0}"', query.trim())}`;
    }
    if (items.length > 0) {
      this.quickPick.activeItems = [items[0]]; // Enter acts on the first result, as in any VS Code picker
    } else if (query.trim() === '' && this.options.emptyPlaceholder) {
      this.quickPick.placeholder = this.options.emptyPlaceholder;
    }
    await this.showReferences(asked);
  }

  /** The formatted references as detail lines, unless the writer typed on meanwhile; the active and checked rows stay. */
  private async showReferences(asked: number): Promise<void> {
    const shown = this.quickPick.items;
    if (this.options.references === undefined || shown.length === 0) return;
    let references: ReadonlyMap<string, string>;
    try {
      references = await this.options.references(shown.map(item => item.paper));
    } catch (error) {
      log.warn('Could not format the references of the picker', error);
      return;
    }
    if (asked !== this.query || references.size === 0) return;
    const active = this.quickPick.activeItems[0]?.key;
    const items = shown.map(item => {
      const reference = references.get(item.key);
      return reference === undefined ? item : { ...item, detail: reference };
    });
    this.quickPick.items = items;
    this.quickPick.selectedItems = items.filter(item => this.checked.has(item.key));
    const again = items.find(item => item.key === active);
    if (again !== undefined) this.quickPick.activeItems = [again];
  }

  private toggleActive(): boolean {
    const active = this.quickPick.activeItems[0];
    if (!active || !this.quickPick.canSelectMany) {
      return false;
    }
    const selected = this.quickPick.selectedItems.filter(item => item.key !== active.key);
    const next = selected.length === this.quickPick.selectedItems.length ? [...selected, active] : selected;
    this.quickPick.selectedItems = next;
    this.remember(next);
    return true;
  }

  /** Checks shown now replace those of the shown items; checks of items out of view stay. */
  private remember(selected: readonly PaperPickItem[]): void {
    if (!this.quickPick.canSelectMany) {
      return;
    }
    for (const item of this.quickPick.items) {
      this.checked.delete(item.key);
    }
    for (const item of selected) {
      this.checked.set(item.key, item.paper);
    }
  }

  private accept(): void {
    const papers = this.checked.size > 0 ? [...this.checked.values()] : this.quickPick.activeItems.map(item => item.paper);
    if (papers.length === 0) {
      return;
    }
    this.accepted = true;
    this.quickPick.hide();
    this.options.onAccept(papers);
  }

  /** Runs an item's button, closing the picker first unless the action keeps it (Open Link). */
  private runAction(action: PaperActionButton, key: string): void {
    if (action.hideAfter) {
      this.quickPick.hide();
    }
    void vscode.commands.executeCommand(action.command, key);
  }
}

/** What live searching needs: the model's index and library; with the formatter, the references for the detail lines. */
export interface SearchablePapers {
  readonly workspace: DigestWorkspace;
  readonly formatter?: CitationFormatter;
  readonly drafts?: DraftTracker;
}

/** The references of the listed papers in the style of the draft being written (else the setting's, else Chicago). */
export function pickerReferences(services: SearchablePapers): PaperPickerOptions['references'] {
  const formatter = services.formatter;
  if (formatter === undefined) return undefined;
  return async papers => (await formatter.referenceLines(papers, services.drafts?.lastDraft())).references;
}

const RESULT_LIMIT = 50;

/** The live search over the workspace's index; before anything is typed, the newest papers. */
export function searchWorkspace(services: SearchablePapers): (query: string) => Promise<OfferedPaper[]> {
  return async query => {
    if (query.trim() === '') {
      const library = await services.workspace.library();
      return newestFirst(library.papers)
        .slice(0, RESULT_LIMIT)
        .map(paper => ({ paper }));
    }
    const index = await services.workspace.index();
    return (await index.search(query, { limit: RESULT_LIMIT })).map(hit => ({ paper: hit.paper }));
  };
}

/** Asks for papers with the search picker (several may be checked); undefined when dismissed. */
export function pickPapers(
  services: SearchablePapers,
  options: { title: string; query?: string; canSelectMany?: boolean },
): Promise<Paper[] | undefined> {
  return new Promise(resolve => {
    new PaperPicker({
      ...options,
      search: searchWorkspace(services),
      references: pickerReferences(services),
      emptyPlaceholder: vscode.l10n.t('No papers: this workspace has no digest files yet'),
      onAccept: resolve,
      onHide: () => resolve(undefined),
    });
  });
}

/** Asks for one paper; undefined when there is none or the writer cancels. */
export async function pickPaperKey(services: SearchablePapers, placeHolder: string): Promise<string | undefined> {
  const library = await services.workspace.library();
  if (library.papers.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No papers: this workspace has no digest files yet.'));
    return undefined;
  }
  const picked = await pickPapers(services, { title: placeHolder, canSelectMany: false });
  return picked?.[0]?.key;
}

/** Enter on papers in a picker: cite them into the draft being edited, else preview the first. */
export async function citeOrPreview(services: SearchablePapers, keys: readonly string[]): Promise<void> {
  if (isDraftEditor(services, vscode.window.activeTextEditor)) {
    await vscode.commands.executeCommand('digestNotes.insertCitation', [...keys]);
  } else {
    await vscode.commands.executeCommand('digestNotes.previewPaper', keys[0]);
  }
}

/** Papers by date, newest first (unknown dates last), for the list before anything is typed. */
function newestFirst(papers: readonly Paper[]): Paper[] {
  return [...papers].reverse().sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
}
