import * as vscode from 'vscode';
import type { CitedInApi } from '../citedIn';
import type { Services } from '../services';
import { Disposable } from '../util/disposable';
import type { PapersNode } from './nodes';
import { registerPaperCommands } from './paperCommands';
import { PapersTreeProvider } from './papersTreeProvider';

const VIEW_ID = 'digestNotes.papers';
const FILTERED_CONTEXT = 'digestNotes.papersFiltered';
/** Cursor moves closer together than this reveal once, at the end. */
const FOLLOW_DELAY_MS = 150;

/**
 * The Papers view and its title-bar and item commands. Puts `papersTree` (the provider) and
 * `papersView` (the TreeView) on the API for the specs.
 */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const notes = services.notes;
  const provider = new PapersTreeProvider(services.workspace, notes, async key => {
    const citedIn = services.api.citedIn as CitedInApi | undefined;
    return citedIn?.citationCount(key);
  });
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
    vscode.commands.registerCommand('digestNotes.filterPapers', (text?: unknown) => filter.ask(text)),
    vscode.commands.registerCommand('digestNotes.clearFilter', () => filter.set('')),
    vscode.commands.registerCommand('digestNotes.refresh', () => {
      notes.reload();
      services.workspace.reset();
    }),
  );
  services.api.papersTree = provider;
  services.api.papersView = view;
}

/** The text filter: the provider filters, the view's description shows it, a context key shows Clear. */
class FilterControl {
  constructor(
    private readonly provider: PapersTreeProvider,
    private readonly view: vscode.TreeView<PapersNode>,
  ) {}

  /** Uses `text` when given (keybindings, tests), else asks with an input box. */
  async ask(text: unknown): Promise<void> {
    const value = typeof text === 'string' ? text : await vscode.window.showInputBox({
      title: 'Filter Papers',
      prompt: 'Show papers whose title, key or abstract contain every word; empty shows all.',
      placeHolder: 'e.g. sparse autoencoders',
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
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly services: Services,
    private readonly provider: PapersTreeProvider,
    private readonly view: vscode.TreeView<PapersNode>,
  ) {
    super();
    this.register(vscode.window.onDidChangeTextEditorSelection(e => this.schedule(e.textEditor)));
    this.register(vscode.window.onDidChangeActiveTextEditor(editor => editor && this.schedule(editor)));
    this.register(view.onDidChangeVisibility(e => {
      const editor = vscode.window.activeTextEditor;
      if (e.visible && editor) {
        this.schedule(editor);
      }
    }));
    this.register({ dispose: () => clearTimeout(this.pending) });
  }

  private schedule(editor: vscode.TextEditor): void {
    if (!this.view.visible || !this.services.workspace.isDigestDocument(editor.document)) {
      return;
    }
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.follow(editor), FOLLOW_DELAY_MS);
  }

  private async follow(editor: vscode.TextEditor): Promise<void> {
    if (!this.view.visible || editor.document.isClosed) {
      return;
    }
    const node = await this.provider.paperAt(editor.document.uri, editor.selection.active.line);
    if (!node || (this.view.selection.length === 1 && this.view.selection[0].id === node.id)) {
      return;
    }
    try {
      await this.view.reveal(node, { select: true, focus: false, expand: true });
    } catch {
      // The tree was rebuilt while revealing (an edit landed): the next cursor move reveals again.
    }
  }
}
