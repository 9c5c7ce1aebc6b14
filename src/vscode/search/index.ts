import * as vscode from 'vscode';
import type { Paper } from '../../core/model';
import type { WorkspaceIndex } from '../workspace/digestWorkspace';
import { citeOrPreview, paperPickItem, runPaperAction, type PaperPickItem } from '../workspace/paperPick';
import type { Services } from '../services';

/**
 * "Digest Notes: Search Papers": a quick pick over every digest's papers showing the index's own
 * ranking (title matches first). VS Code's quick pick filters and re-sorts by label on its own;
 * here every item is `alwaysShow`, matching on description/detail is off and `sortByLabel` is
 * turned off, and the items are replaced on each keystroke from `PaperIndex.search`.
 *
 * Several papers can be checked. Enter cites them into the active editor when it is a draft,
 * else previews the first. Each item has buttons: Cite, Note, Preview, Open Link.
 */

const RESULT_LIMIT = 50;

/** Arguments of `digestNotes.searchPapers` (all optional). */
export interface SearchPapersArgs {
  /** Text put in the search box. */
  readonly query?: string;
}

/** An item as shown; `digestNotes.searchPapers` resolves to the first list it shows. */
export interface SearchItemSummary {
  readonly key: string;
  readonly label: string;
  readonly description: string;
  readonly detail?: string;
}


export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('digestNotes.searchPapers', async (arg?: unknown) => {
      const query = typeof arg === 'string' ? arg : (arg as SearchPapersArgs | undefined)?.query;
      const onAccept = (papers: Paper[]) => citeOrPreview(services, papers.map(p => p.key));
      const picker = new PaperPicker(services, { title: 'Search Papers', query, onAccept });
      return picker.firstItems;
    }),
  );
}

/**
 * Asks for papers with the search picker (several may be checked); undefined when dismissed.
 * Commands that need papers and got none as argument call this.
 */
export function pickPapers(services: Services, options: { title: string; query?: string }): Promise<Paper[] | undefined> {
  return new Promise(resolve => {
    new PaperPicker(services, { ...options, onAccept: resolve, onHide: () => resolve(undefined) });
  });
}

interface PickerOptions {
  readonly title: string;
  readonly query?: string;
  readonly onAccept: (papers: Paper[]) => void;
  readonly onHide?: () => void;
}

/** One quick pick session; disposes itself when hidden. */
class PaperPicker {
  /** The first list shown (after the index is ready), for the command's result. */
  readonly firstItems: Promise<SearchItemSummary[]>;
  private readonly quickPick = vscode.window.createQuickPick<PaperPickItem>();
  /** Checked papers by key, kept across searches (the list is replaced on every keystroke). */
  private readonly checked = new Map<string, Paper>();
  private index: WorkspaceIndex | undefined;
  /** Counts queries, so an answer to an older one (the index answers asynchronously) is dropped. */
  private query = 0;
  /** The newest query's answer being shown. */
  private latest: Promise<void> = Promise.resolve();
  private newest: readonly Paper[] = [];
  private accepted = false;

  constructor(private readonly services: Services, private readonly options: PickerOptions) {
    const qp = this.quickPick;
    qp.title = options.title;
    qp.placeholder = 'Search papers by title, key or abstract';
    qp.canSelectMany = true;
    qp.matchOnDescription = false;
    qp.matchOnDetail = false;
    // Proposed in @types/vscode 1.90 but honoured by the workbench: keep our order.
    (qp as unknown as { sortByLabel: boolean }).sortByLabel = false;
    qp.value = options.query ?? '';
    qp.busy = true;
    qp.onDidChangeValue(value => void this.refresh(value));
    qp.onDidChangeSelection(items => this.remember(items));
    qp.onDidAccept(() => this.accept());
    qp.onDidTriggerItemButton(e => runPaperAction(qp, e.button, e.item.key));
    qp.onDidHide(() => {
      qp.dispose();
      if (!this.accepted) {
        options.onHide?.();
      }
    });
    qp.show();
    this.firstItems = this.load();
  }

  private async load(): Promise<SearchItemSummary[]> {
    try {
      const [index, library] = await Promise.all([this.services.workspace.index(), this.services.workspace.library()]);
      this.index = index;
      this.newest = newestFirst(library.papers).slice(0, RESULT_LIMIT);
      if (library.papers.length === 0) {
        this.quickPick.placeholder = 'No papers: this workspace has no digest files yet';
      }
    } finally {
      this.quickPick.busy = false;
    }
    void this.refresh(this.quickPick.value);
    // The workbench may echo the initial value as a change, which starts a newer query: the first
    // list is the answer to whichever query is newest once they have all come back.
    for (let newest = this.latest; ; newest = this.latest) {
      await newest;
      if (newest === this.latest) break;
    }
    return this.quickPick.items.map(summary);
  }

  private refresh(query: string): Promise<void> {
    this.latest = this.showResults(query);
    return this.latest;
  }

  private async showResults(query: string): Promise<void> {
    if (!this.index) {
      return; // load() refreshes once the index is ready
    }
    const asked = ++this.query;
    let found = this.newest;
    if (query.trim()) {
      this.quickPick.busy = true;
      try {
        found = (await this.index.search(query, { limit: RESULT_LIMIT })).map(hit => hit.paper);
      } catch (error) {
        found = [];
        void vscode.window.showErrorMessage(`Digest Notes: search failed: ${(error as Error).message}`);
      }
      if (asked !== this.query) {
        return; // the user typed on; a newer query's answer is coming
      }
    }
    this.quickPick.busy = false;
    const shown = new Set(found.map(p => p.key));
    const stillChecked = [...this.checked.values()].filter(p => !shown.has(p.key));
    const items = [...found, ...stillChecked].map(toItem);
    this.quickPick.items = items;
    this.quickPick.selectedItems = items.filter(item => this.checked.has(item.paper.key));
  }

  /** Checks shown now replace those of the shown items; checks of items out of view stay. */
  private remember(selected: readonly PaperPickItem[]): void {
    for (const item of this.quickPick.items) {
      this.checked.delete(item.paper.key);
    }
    for (const item of selected) {
      this.checked.set(item.paper.key, item.paper);
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

}

/** Always shown: the quick pick must not filter our ranking by its own matching. */
function toItem(paper: Paper): PaperPickItem {
  return { ...paperPickItem(paper, { actions: true }), alwaysShow: true };
}

function summary(item: PaperPickItem): SearchItemSummary {
  return { key: item.paper.key, label: item.label, description: item.description ?? '', detail: item.detail };
}

/** Papers by date, newest first (unknown dates last), for the list before anything is typed. */
function newestFirst(papers: readonly Paper[]): Paper[] {
  return [...papers].reverse().sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
}
