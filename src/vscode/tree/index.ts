import * as vscode from 'vscode';
import type { Services } from '../services';
import { KeyedDebouncer } from '../util/debouncer';
import { Disposable } from '../util/disposable';
import { log } from '../util/log';
import type { PapersNode } from './nodes';
import { registerPaperCommands } from './paperCommands';
import { registerForYouCommands } from './forYouCommands';
import { PapersTreeProvider } from './papersTreeProvider';
import { NewPapersBadge } from './newPapersBadge';
import { registerReadingCommands } from './readingCommands';
import { TreeExpansion } from './treeExpansion';

const VIEW_ID = 'digestNotes.papers';
const FILTERED_CONTEXT = 'digestNotes.papersFiltered';
/** Cursor moves closer together than this reveal once, at the end. */
const FOLLOW_DELAY_MS = 150;
/** Reveals tried while the tree keeps being rebuilt under them. */
const REVEAL_ATTEMPTS = 4;
/** A reveal not settled by then is taken as lost to a rebuild of the tree, and tried again. */
const REVEAL_SETTLE_MS = 2000;

function delay(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * The Papers view and its title-bar and item commands. Puts `papersTree` (the provider) and
 * `papersView` (the TreeView) on the API for the specs.
 */
/** What the Papers tree shows the specs. */
export interface PapersTree {
  readonly provider: PapersTreeProvider;
  readonly view: vscode.TreeView<PapersNode>;
}

export function register(context: vscode.ExtensionContext, services: Services): PapersTree {
  const notes = services.notes;
  const expansion = new TreeExpansion(context.workspaceState);
  const provider = new PapersTreeProvider(
    services.workspace,
    notes,
    services.reading,
    expansion,
    {
      citationCount: key => services.citedIn.citationCount(key),
      citationCountNow: key => services.citedIn.citationCountNow(key),
    },
    services.forYou,
  );
  const view = vscode.window.createTreeView<PapersNode>(VIEW_ID, {
    treeDataProvider: provider,
    showCollapseAll: true,
    canSelectMany: true,
  });
  const filter = new FilterControl(provider, view);
  context.subscriptions.push(
    provider,
    view,
    new CursorFollower(services, provider, view),
    ...registerPaperCommands(services),
    ...registerReadingCommands(services, provider, view),
    ...registerForYouCommands(services),
    view.onDidExpandElement(e => expansion.set(e.element.id, true)),
    view.onDidCollapseElement(e => expansion.set(e.element.id, false)),
    services.citedIn.onDidChange(() => provider.refreshItems()),
    new NewPapersBadge(context.workspaceState, provider, view, services),
    vscode.commands.registerCommand('digestNotes.filterPapers', (text?: unknown) => filter.ask(text)),
    vscode.commands.registerCommand('digestNotes.clearFilter', () => filter.set('')),
    vscode.commands.registerCommand('digestNotes.refresh', () => {
      notes.reload();
      services.workspace.reset();
    }),
  );
  // The Cited In view follows the selection; it learns of it only through Services.
  context.subscriptions.push(
    view.onDidChangeSelection(e => {
      const node = e.selection[0];
      if (node?.kind === 'paper' || node?.kind === 'forYouPaper') {
        services.selection.select(node.key, 'papersTree');
      }
    }),
  );
  return { provider, view };
}

/** The text filter: the provider filters, the view's description shows it, a context key shows Clear. */
class FilterControl {
  constructor(
    private readonly provider: PapersTreeProvider,
    private readonly view: vscode.TreeView<PapersNode>,
  ) {}

  /** Uses `text` when given (keybindings, tests), else asks with an input box. */
  async ask(text: unknown): Promise<void> {
    const value =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Filter Papers'),
            prompt: vscode.l10n.t(
              'Show papers with a word starting with each word typed (title, key, authors, day, abstract; as Search); empty shows all.',
            ),
            placeHolder: vscode.l10n.t('e.g. sparse autoencoders'),
            value: this.provider.filter,
          });
    if (value !== undefined) {
      await this.set(value);
    }
  }

  async set(text: string): Promise<void> {
    this.provider.setFilter(text);
    const filter = this.provider.filter;
    this.view.description = filter ? `Filter: ${filter}` : undefined;
    await vscode.commands.executeCommand('setContext', FILTERED_CONTEXT, filter !== '');
    const shown = filter ? (await this.provider.paperNodes()).length : undefined;
    // Without this the empty view would show the "no digests" welcome text.
    this.view.message = shown === 0 ? `No papers match "${filter}".` : undefined;
  }
}

/**
 * Follows the cursor: in a digest editor, the paper under the cursor is revealed and selected in
 * the view; only while the view is visible, and once the cursor rests (debounced).
 */
class CursorFollower extends Disposable {
  private readonly cursorMoves = this.register(new KeyedDebouncer<'cursor'>(FOLLOW_DELAY_MS));

  constructor(
    private readonly services: Services,
    private readonly provider: PapersTreeProvider,
    private readonly view: vscode.TreeView<PapersNode>,
  ) {
    super();
    this.register(vscode.window.onDidChangeTextEditorSelection(e => this.schedule(e.textEditor)));
    this.register(vscode.window.onDidChangeActiveTextEditor(editor => editor && this.schedule(editor)));
    this.register(
      view.onDidChangeVisibility(e => {
        const editor = vscode.window.activeTextEditor;
        if (e.visible && editor) {
          this.schedule(editor);
        }
      }),
    );
  }

  private schedule(editor: vscode.TextEditor): void {
    if (!this.view.visible || !this.services.workspace.isDigestDocument(editor.document)) {
      return;
    }
    this.cursorMoves.schedule('cursor', () => void this.follow(editor));
  }

  /** Resolves true once the view's selection is the node `id`, false after `ms`. */
  private selected(id: string, ms: number): Promise<boolean> {
    const isSelected = () => this.view.selection.length === 1 && this.view.selection[0].id === id;
    if (isSelected()) return Promise.resolve(true);
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        listener.dispose();
        resolve(false);
      }, ms);
      const listener = this.view.onDidChangeSelection(() => {
        if (!isSelected()) return;
        clearTimeout(timer);
        listener.dispose();
        resolve(true);
      });
    });
  }

  /** Each cursor move's follow has a number: an older one gives up when a newer one starts. */
  private follows = 0;

  private async follow(editor: vscode.TextEditor): Promise<void> {
    const follow = ++this.follows;
    // The tree may be rebuilt while revealing (an edit, the reading state, Cited In's counts): the
    // reveal then fails, or never settles, so it is given a while and the paper is looked up in
    // the new nodes and revealed again, a few times at most.
    for (let attempt = 0; attempt < REVEAL_ATTEMPTS; attempt++) {
      if (follow !== this.follows || !this.view.visible || editor.document.isClosed) {
        return;
      }
      const node = await this.provider.paperAt(editor.document.uri, editor.selection.active.line);
      if (!node || (this.view.selection.length === 1 && this.view.selection[0].id === node.id)) {
        return;
      }
      const revealed = this.view.reveal(node, { select: true, focus: false, expand: true }).then(
        () => 'revealed' as const,
        (error: unknown) => {
          log.info(`the Papers view could not reveal ${node.key} (attempt ${attempt + 1}): ${(error as Error).message}`);
          return 'failed' as const;
        },
      );
      const outcome = await Promise.race([revealed, delay(REVEAL_SETTLE_MS).then(() => 'unsettled' as const)]);
      // A reveal can also settle without selecting anything, when the workbench's copy of the tree
      // was being refreshed: the selection the workbench reports back says whether it took.
      if (outcome === 'revealed' && (await this.selected(node.id, REVEAL_SETTLE_MS))) {
        return;
      }
      await delay(FOLLOW_DELAY_MS);
    }
  }
}
