import * as vscode from 'vscode';
import type {
  ActionMessage,
  CardData,
  ExtensionMessage,
  FocusedMessage,
  RenderData,
  ReferencesShownMessage,
  RenderedMessage,
  WebviewMessage,
} from '../../shared/protocol';
import { Disposable } from '../util/disposable';
import { KeyedDebouncer } from '../util/debouncer';
import { buildPreviewHtml, createNonce } from './html';

/** What a preview shows of its digest, built by the manager. */
export interface PreviewContent {
  readonly label: string;
  readonly cards: readonly CardData[];
  readonly keysWithNotes: readonly string[];
  readonly notice?: string;
  /** How the cards are ordered, said once in the header (sorted for you: how they were ranked). */
  readonly order?: string;
}

/** The paper to highlight: its key, and the title line of the occurrence when it stands twice. */
export interface PreviewFocus {
  readonly key: string;
  readonly line?: number;
}

/** What a preview asks of the manager that owns it. */
export interface PreviewHost {
  readonly extensionUri: vscode.Uri;
  /** The preview's content; with `keptOrder` (title lines, as shown), the cards keep that order if they still fit it. */
  content(source: vscode.Uri, keptOrder?: readonly number[]): Promise<PreviewContent>;
  runAction(preview: DigestPreview, message: ActionMessage): Promise<void>;
  received(preview: DigestPreview, message: WebviewMessage): void;
  /** The cards' references in the draft's style, by key (formatted in the CSL worker, cached); undefined when they cannot be had. */
  references(keys: readonly string[]): Promise<{ readonly style: string; readonly references: Record<string, string> } | undefined>;
}

/** The state of one panel as the specs read it (`api.preview.previews()`). */
export interface PreviewReport {
  readonly source: string;
  readonly title: string;
  readonly viewColumn: vscode.ViewColumn | undefined;
  readonly visible: boolean;
  /** Whether the webview's script has said `ready` since the page was last loaded. */
  readonly ready: boolean;
  /** The last page this panel was given (for CSP and escaping checks). */
  readonly html: string;
  /** The version of the latest content built (renders count up from 1). */
  readonly version: number;
  readonly rendered?: RenderedMessage;
  readonly focused?: FocusedMessage;
  readonly filter?: string;
  /** What the cards' reference lines show, after the last `references` message. */
  readonly references?: ReferencesShownMessage;
}

const RENDER_DEBOUNCE_MS = 100;

/**
 * One preview panel, showing one digest (like a Markdown preview locked to its document).
 *
 * The page is built once with the first content in a `data-` attribute; later content goes by
 * `render` messages, posted only after the script said `ready`. A hidden panel's page is reloaded
 * from that first html when shown again, so each `ready` re-sends whatever changed since the page
 * was built.
 */
export class DigestPreview extends Disposable {
  private ready = false;
  private version = 0;
  private latest: RenderData | undefined;
  /** The data inside the current page. */
  private pageData: RenderData | undefined;
  private focus: PreviewFocus | undefined;
  private html = '';
  private readonly renders = this.register(new KeyedDebouncer<'render'>(RENDER_DEBOUNCE_MS));
  private building: Promise<unknown> = Promise.resolve();
  private lastRendered: RenderedMessage | undefined;
  private lastFocused: FocusedMessage | undefined;
  private lastFilter: string | undefined;
  private lastReferences: ReferencesShownMessage | undefined;
  private closed = false;
  private forceNext = false;
  private reorderNext = false;
  private readonly disposeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly source: vscode.Uri,
    private readonly host: PreviewHost,
  ) {
    super();
    const media = vscode.Uri.joinPath(host.extensionUri, 'media');
    panel.webview.options = { enableScripts: true, localResourceRoots: [media] };
    panel.iconPath = vscode.Uri.joinPath(media, 'digest-notes.svg');
    panel.title = `Preview ${basename(source)}`;
    this.register(panel.webview.onDidReceiveMessage((message: WebviewMessage) => this.receive(message)));
    this.register(panel.onDidDispose(() => this.dispose()));
  }

  /** Builds the first page; the panel shows it at once and its script reports `ready`. */
  async initialize(focus?: PreviewFocus): Promise<void> {
    this.focus = focus;
    const data = await this.build();
    this.ready = false;
    this.pageData = data;
    this.html = this.page(data);
    this.panel.webview.html = this.html;
  }

  /**
   * Re-renders soon, once a burst of edits has settled. Unless `force`, nothing is posted when the
   * content comes out the same (another digest changed and this one's keys did not). Unless
   * `reorder` (the writer sorted again, or the digest itself changed), the cards keep the order
   * they are shown in: a star or a dismissal re-ranks "For you", and the cards must not move
   * under the writer who triages them by keyboard.
   */
  scheduleRender({ force, reorder = false }: { force: boolean; reorder?: boolean }): void {
    this.forceNext ||= force;
    this.reorderNext ||= reorder;
    this.renders.schedule('render', () => void this.render({ force: this.forceNext, reorder: this.reorderNext }));
  }

  /** Re-renders now (the cards in the order shown unless `reorder`); resolves with the version the webview will report in `rendered`. */
  async render({ force, reorder = false }: { force: boolean; reorder?: boolean }): Promise<number> {
    this.renders.cancel('render');
    this.forceNext = false;
    this.reorderNext = false;
    const previous = this.latest;
    const data = await this.build(force, reorder);
    if (data !== previous && this.ready && !this.closed) {
      this.post({ type: 'render', ...data });
      void this.sendReferences(data);
    }
    return data.version;
  }

  /** Highlights a paper's card (the paper under the editor's cursor); `force` re-scrolls to it. */
  setFocus(focus: PreviewFocus, { force = false }: { force?: boolean } = {}): void {
    if (!force && this.focus?.key === focus.key && this.focus.line === focus.line) {
      return;
    }
    this.focus = focus;
    if (this.ready) {
      this.post({ type: 'focus', source: this.source.toString(), key: focus.key, line: focus.line });
    }
  }

  /** Sends the notes set without re-rendering the cards. */
  updateNotes(keysWithNotes: readonly string[]): void {
    if (this.latest) {
      this.latest = { ...this.latest, keysWithNotes };
    }
    if (this.ready) {
      this.post({ type: 'notes', source: this.source.toString(), keysWithNotes });
    }
  }

  /** The card data last built (for checking what an action names). */
  cards(): readonly CardData[] {
    return this.latest?.cards ?? [];
  }

  report(): PreviewReport {
    return {
      source: this.source.toString(),
      title: this.panel.title,
      viewColumn: this.closed ? undefined : this.panel.viewColumn,
      visible: !this.closed && this.panel.visible,
      ready: this.ready,
      html: this.html,
      version: this.version,
      rendered: this.lastRendered,
      focused: this.lastFocused,
      filter: this.lastFilter,
      references: this.lastReferences,
    };
  }

  override dispose(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.disposeEmitter.fire();
    super.dispose();
    this.panel.dispose();
  }

  /**
   * Builds content one at a time so versions reach the webview in order. Unless `force`, content
   * equal to the last keeps the last data (and version).
   */
  private build(force = true, reorder = true): Promise<RenderData> {
    const next = this.building.then(async () => {
      const shown = reorder ? undefined : this.latest?.cards.map(card => card.line);
      const content = await this.host.content(this.source, shown);
      if (!force && this.latest && sameContent(this.latest, content)) {
        return this.latest;
      }
      this.latest = {
        source: this.source.toString(),
        version: ++this.version,
        ...content,
        focusKey: this.focus?.key,
        focusLine: this.focus?.line,
      };
      return this.latest;
    });
    this.building = next.catch(() => undefined);
    return next;
  }

  private receive(message: WebviewMessage): void {
    if (message?.source !== this.source.toString()) {
      return; // from a page about another document: stale
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.resync();
        break;
      case 'rendered':
        this.lastRendered = message;
        break;
      case 'focused':
        this.lastFocused = message;
        break;
      case 'filter':
        this.lastFilter = message.text;
        break;
      case 'referencesShown':
        this.lastReferences = message;
        break;
      case 'action':
        void this.host.runAction(this, message);
        break;
    }
    this.host.received(this, message);
  }

  /** After a (re)load the page shows `pageData`; send what changed since. */
  private resync(): void {
    const page = this.pageData;
    const latest = this.latest;
    if (!page || !latest) {
      return;
    }
    const focusMoved = this.focus?.key !== page.focusKey || this.focus?.line !== page.focusLine;
    if (latest !== page || focusMoved) {
      // a new build, or notes updated in place
      this.post({ type: 'render', ...latest, focusKey: this.focus?.key, focusLine: this.focus?.line });
    }
    void this.sendReferences(latest);
  }

  /**
   * After the cards, their references: formatted off the host's thread (the CSL worker) and
   * cached, so the cards never wait; dropped when a newer render came meanwhile.
   */
  private async sendReferences(data: RenderData): Promise<void> {
    const keys = [...new Set(data.cards.map(card => card.key).filter(key => key !== ''))];
    if (keys.length === 0) return;
    const formatted = await this.host.references(keys);
    if (formatted === undefined || this.closed || !this.ready || this.latest?.version !== data.version) return;
    this.post({ type: 'references', source: this.source.toString(), ...formatted });
  }

  private post(message: ExtensionMessage): void {
    if (this.closed) {
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private page(data: RenderData): string {
    const webview = this.panel.webview;
    const media = vscode.Uri.joinPath(this.host.extensionUri, 'media');
    return buildPreviewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.css')).toString(),
      nonce: createNonce(),
      data,
    });
  }
}

export function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function sameContent(data: RenderData, content: PreviewContent): boolean {
  return (
    data.label === content.label &&
    data.notice === content.notice &&
    data.order === content.order &&
    JSON.stringify(data.cards) === JSON.stringify(content.cards) &&
    JSON.stringify(data.keysWithNotes) === JSON.stringify(content.keysWithNotes)
  );
}
