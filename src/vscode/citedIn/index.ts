import * as vscode from 'vscode';
import { findMentions } from '../../core/drafts/mentions';
import { CitedInIndex, languageOf, type CitedInLocation } from '../workspace/citedInIndex';
import { config } from '../util/config';
import { Disposable } from '../util/disposable';
import { keysFromArgument, pickPaperKey } from '../workspace/paperPick';
import type { Services } from '../services';

/** A file that cites the paper, or one place in it. Plain data; the provider makes the items. */
export type CitedInNode =
  | { readonly kind: 'file'; readonly uri: vscode.Uri; readonly locations: readonly CitedInLocation[] }
  | { readonly kind: 'place'; readonly location: CitedInLocation; readonly parent: CitedInNode };

/** What features and specs reach through `services.api.citedIn`. */
export interface CitedInApi {
  readonly provider: CitedInProvider;
  /** Every place the key is cited or its note linked (waits for the first scan). */
  locations(key: string): Promise<CitedInLocation[]>;
  /** How many files cite the key (hover, tree tooltip); waits for the first scan. */
  citationCount(key: string): Promise<number>;
  /** The same without waiting; undefined while the first scan runs. */
  citationCountNow(key: string): number | undefined;
}

/** The "Cited In" view: for the selected paper, every draft and note that cites or links it. */
export class CitedInProvider extends Disposable implements vscode.TreeDataProvider<CitedInNode> {
  private key: string | undefined;
  private readonly changeEmitter = this.register(new vscode.EventEmitter<CitedInNode | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly keyEmitter = this.register(new vscode.EventEmitter<string | undefined>());
  /** Fires when the paper shown changes. */
  readonly onDidChangeKey = this.keyEmitter.event;

  constructor(readonly index: CitedInIndex) {
    super();
    this.register(index.onDidChange(() => this.key && this.changeEmitter.fire(undefined)));
  }

  get currentKey(): string | undefined {
    return this.key;
  }

  /** Shows `key` (undefined clears the view). */
  setKey(key: string | undefined): void {
    if (key !== this.key) {
      this.key = key;
      this.keyEmitter.fire(key);
      this.changeEmitter.fire(undefined);
    }
  }

  /** Root: the files citing the current key (or `key` when given), by path; a file: its places. */
  async getChildren(element?: CitedInNode, key = this.key): Promise<CitedInNode[]> {
    if (element) {
      return element.kind === 'file' ? element.locations.map(location => ({ kind: 'place', location, parent: element })) : [];
    }
    if (!key) {
      return [];
    }
    const byFile = new Map<string, CitedInLocation[]>();
    for (const location of await this.index.locations(key)) {
      const id = location.uri.toString();
      byFile.set(id, [...(byFile.get(id) ?? []), location]);
    }
    return [...byFile.values()].map(locations => ({ kind: 'file', uri: locations[0].uri, locations }));
  }

  getParent(element: CitedInNode): CitedInNode | undefined {
    return element.kind === 'place' ? element.parent : undefined;
  }

  getTreeItem(element: CitedInNode): vscode.TreeItem {
    if (element.kind === 'file') {
      const item = new vscode.TreeItem(element.uri, vscode.TreeItemCollapsibleState.Expanded);
      const relative = vscode.workspace.asRelativePath(element.uri);
      const folder = relative.includes('/') ? `${relative.slice(0, relative.lastIndexOf('/'))} · ` : '';
      const count = element.locations.length;
      item.description = `${folder}${count} ${count === 1 ? 'place' : 'places'}`;
      item.contextValue = 'citedInFile';
      return item;
    }
    const { location } = element;
    const item = new vscode.TreeItem(location.lineText || `line ${location.line + 1}`, vscode.TreeItemCollapsibleState.None);
    item.description = `line ${location.line + 1}${location.kind === 'note' ? ' · note link' : ''}`;
    item.iconPath = new vscode.ThemeIcon(location.kind === 'note' ? 'note' : 'quote');
    item.tooltip = `${vscode.workspace.asRelativePath(location.uri)}:${location.line + 1}`;
    const at = new vscode.Range(location.line, location.column, location.line, location.column + location.key.length);
    item.command = { command: 'vscode.open', title: 'Open', arguments: [location.uri, { selection: at, preview: true }] };
    item.contextValue = 'citedInPlace';
    return item;
  }
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  const index = new CitedInIndex(services.folders);
  const provider = new CitedInProvider(index);
  const view = vscode.window.createTreeView('digestNotes.citedIn', { treeDataProvider: provider, showCollapseAll: true });
  const follower = new SelectionFollower(services, provider, view);
  context.subscriptions.push(index, provider, view, follower, registerShowCommand(services, provider, view, follower));

  const updateMessage = async () => {
    const key = provider.currentKey;
    view.description = key;
    if (!key) {
      view.message = 'Select a paper in the Papers view, or put the cursor on a citation in a draft.';
      return;
    }
    const files = new Set((await index.locations(key)).map(l => l.uri.toString())).size;
    if (key === provider.currentKey) {
      view.message = files === 0 ? `No Markdown, Quarto, LaTeX or Typst file cites ${key} or links its note yet.` : undefined;
    }
  };
  context.subscriptions.push(provider.onDidChangeKey(() => void updateMessage()), index.onDidChange(() => void updateMessage()));
  void updateMessage();

  const api: CitedInApi = {
    provider,
    locations: key => index.locations(key),
    citationCount: key => index.citationCount(key),
    citationCountNow: key => index.citationCountNow(key),
  };
  services.api.citedIn = api;
}

function registerShowCommand(services: Services, provider: CitedInProvider, view: vscode.TreeView<CitedInNode>, follower: SelectionFollower): vscode.Disposable {
  return vscode.commands.registerCommand('digestNotes.showCitedIn', async (arg?: unknown) => {
    follower.attachPapersView();
    const editor = vscode.window.activeTextEditor;
    const key = keysFromArgument(arg)[0] ?? (editor && keyAtCursor(editor)) ?? (await pickPaperKey(services, 'Show where this paper is cited…'));
    if (!key) {
      return undefined;
    }
    provider.setKey(key);
    if (!view.visible) {
      await vscode.commands.executeCommand('digestNotes.citedIn.focus');
    }
    const locations = await provider.index.locations(key);
    return { key, locations: locations.map(({ uri, line, column, kind }) => ({ uri, line, column, kind })) };
  });
}

/** The key cited (or whose note is linked) under the cursor, read from the cursor's line. */
export function keyAtCursor(editor: vscode.TextEditor): string | undefined {
  const language = languageOf(editor.document.languageId, editor.document.uri);
  if (!language) {
    return undefined;
  }
  const position = editor.selection.active;
  const text = editor.document.lineAt(position.line).text;
  const mentions = findMentions(text, language, {
    filePath: vscode.workspace.asRelativePath(editor.document.uri, false),
    notesFolder: config.get('notesFolder', 'notes', editor.document.uri),
  });
  const under = mentions.find(m => m.column <= position.character && position.character <= m.column + m.key.length);
  return under?.key;
}

/**
 * Keeps the view on the paper the writer is looking at: the Papers tree's selection, or the key
 * under the cursor in a draft. Only while the view is visible, so hidden it costs nothing.
 */
class SelectionFollower extends Disposable {
  private papersViewAttached = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly services: Services,
    private readonly provider: CitedInProvider,
    private readonly view: vscode.TreeView<CitedInNode>,
  ) {
    super();
    // Other features register after this one; their views exist once activation returns.
    queueMicrotask(() => this.attachPapersView());
    this.register(view.onDidChangeVisibility(() => this.attachPapersView()));
    this.register(vscode.window.onDidChangeTextEditorSelection(e => this.onCursor(e.textEditor)));
    this.register({ dispose: () => clearTimeout(this.timer) });
  }

  attachPapersView(): void {
    const papers = this.services.api.papersView as vscode.TreeView<unknown> | undefined;
    if (this.papersViewAttached || !papers || typeof papers.onDidChangeSelection !== 'function') {
      return;
    }
    this.papersViewAttached = true;
    this.register(papers.onDidChangeSelection(e => {
      const key = keysFromArgument(e.selection[0])[0];
      if (key) {
        this.provider.setKey(key);
      }
    }));
  }

  private onCursor(editor: vscode.TextEditor): void {
    if (!this.view.visible || this.services.workspace.isDigestDocument(editor.document)) {
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      const key = editor.document.isClosed ? undefined : keyAtCursor(editor);
      if (key && (await this.services.workspace.paper(key))) {
        this.provider.setKey(key);
      }
    }, 250);
  }
}
