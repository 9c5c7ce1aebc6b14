import * as vscode from 'vscode';
import { findMentions } from '../../core/drafts/mentions';
import { citationLanguageOf } from '../../core/drafts/languages';
import type { CitedInIndex, CitedInLocation } from '../workspace/citedInIndex';
import { config } from '../util/config';
import { KeyedDebouncer } from '../util/debouncer';
import { Disposable } from '../util/disposable';

/** A cursor resting this long on a citation shows its paper. */
const CURSOR_SETTLE_MS = 250;
import { keysFromArgument } from '../workspace/paperArguments';
import { pickPaperKey } from '../workspace/paperPicker';
import type { Services } from '../services';

/** A file that cites the paper, or one place in it. Plain data; the provider makes the items. */
export type CitedInNode =
  | { readonly kind: 'file'; readonly uri: vscode.Uri; readonly locations: readonly CitedInLocation[] }
  | { readonly kind: 'place'; readonly location: CitedInLocation; readonly parent: CitedInNode };

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
    const { text, highlight } = location.snippet;
    const label: vscode.TreeItemLabel = text
      ? { label: text, highlights: [[highlight[0], highlight[1]]] }
      : { label: `line ${location.line + 1}` };
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    // Said in words, not only by the icon: a citation and a note link on one line differ here.
    item.description = `line ${location.line + 1} · ${location.kind === 'note' ? 'note link' : 'citation'}`;
    item.iconPath = new vscode.ThemeIcon(location.kind === 'note' ? 'note' : 'quote');
    item.tooltip = `${vscode.workspace.asRelativePath(location.uri)}:${location.line + 1}`;
    const at = new vscode.Range(location.line, location.column, location.line, location.column + location.key.length);
    item.command = { command: 'vscode.open', title: 'Open', arguments: [location.uri, { selection: at, preview: true }] };
    item.contextValue = 'citedInPlace';
    return item;
  }
}

export function register(context: vscode.ExtensionContext, services: Services): CitedInProvider {
  const index = services.citedIn;
  const provider = new CitedInProvider(index);
  const view = vscode.window.createTreeView('digestNotes.citedIn', { treeDataProvider: provider, showCollapseAll: true });
  const follower = new SelectionFollower(services, provider, view);
  context.subscriptions.push(provider, view, follower, registerShowCommand(services, provider, view));

  // The empty states are welcome content (package.json's viewsWelcome), chosen by this context key.
  const updateState = () => {
    const key = provider.currentKey;
    view.description = key;
    void vscode.commands.executeCommand('setContext', 'digestNotes.citedIn.hasKey', Boolean(key));
  };
  context.subscriptions.push(provider.onDidChangeKey(updateState));
  updateState();

  return provider;
}

function registerShowCommand(services: Services, provider: CitedInProvider, view: vscode.TreeView<CitedInNode>): vscode.Disposable {
  return vscode.commands.registerCommand('digestNotes.showCitedIn', async (arg?: unknown) => {
    const editor = vscode.window.activeTextEditor;
    const key =
      keysFromArgument(arg)[0] ?? (editor && keyAtCursor(editor)) ?? (await pickPaperKey(services, 'Show where this paper is cited…'));
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
  const language = citationLanguageOf(editor.document.languageId, editor.document.uri.path);
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
  private readonly cursorMoves = this.register(new KeyedDebouncer<'cursor'>(CURSOR_SETTLE_MS));

  constructor(
    private readonly services: Services,
    private readonly provider: CitedInProvider,
    private readonly view: vscode.TreeView<CitedInNode>,
  ) {
    super();
    this.register(services.selection.onDidSelect(({ key }) => this.provider.setKey(key)));
    this.register(vscode.window.onDidChangeTextEditorSelection(e => this.onCursor(e.textEditor)));
  }

  private onCursor(editor: vscode.TextEditor): void {
    if (!this.view.visible || this.services.workspace.isDigestDocument(editor.document)) {
      return;
    }
    this.cursorMoves.schedule('cursor', async () => {
      const key = editor.document.isClosed ? undefined : keyAtCursor(editor);
      if (key && (await this.services.workspace.paper(key))) {
        this.provider.setKey(key);
      }
    });
  }
}
