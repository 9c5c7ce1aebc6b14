import * as vscode from 'vscode';
import { log, showError } from '../util/log';
import type { Paper, ParsedDigest } from '../../core/model';
import { parsedDocument } from '../workspace/documentDigest';
import {
  PREVIEW_VIEW_TYPE,
  type ActionMessage,
  type CardAction,
  type CardData,
  type PreviewState,
  type WebviewMessage,
} from '../../shared/protocol';
import type { DigestChange } from '../workspace/digestWorkspace';
import { Disposable } from '../util/disposable';
import type { Services } from '../services';
import { buildCards, entryAtLine, type CardRanking } from './cards';
import { basename, DigestPreview, type PreviewContent, type PreviewFocus, type PreviewHost, type PreviewReport } from './digestPreview';

/** The commands card buttons run, implemented by other features; each takes a key. */
const ACTION_COMMANDS: Record<Exclude<CardAction, 'openLink'>, string> = {
  cite: 'digestNotes.insertCitation',
  note: 'digestNotes.createNote',
  reveal: 'digestNotes.revealInDigest',
  copyKey: 'digestNotes.copyKey',
  related: 'digestNotes.relatedPapers',
  star: 'digestNotes.toggleStar',
  dismiss: 'digestNotes.dismiss',
  markRead: 'digestNotes.markRead',
  markUnread: 'digestNotes.markUnread',
  openArxiv: 'digestNotes.openOnArxiv',
};

export interface ShowOptions {
  readonly column: vscode.ViewColumn;
  readonly preserveFocus: boolean;
  /** The card to highlight; by default the paper under the cursor of an editor showing the digest. */
  readonly focus?: PreviewFocus;
}

/**
 * Owns every preview panel (one per digest) and restores them after a window reload, as VS
 * Code's Markdown preview manager does. Keeps each preview current: re-renders when its digest
 * changes, highlights the paper under the cursor of an editor showing that digest, and runs the
 * commands the cards' buttons ask for.
 *
 * For the specs, `previews()` reports what each panel last showed; testProbe.ts keeps a log of
 * the webviews' messages from `onDidReceiveMessage`.
 */
export class PreviewManager extends Disposable implements vscode.WebviewPanelSerializer<PreviewState>, PreviewHost {
  readonly extensionUri: vscode.Uri;
  private readonly panels = new Set<DigestPreview>();
  private readonly messageEmitter = this.register(new vscode.EventEmitter<WebviewMessage>());
  /** Every message a preview's webview posts (after the source check). */
  readonly onDidReceiveMessage = this.messageEmitter.event;

  constructor(private readonly services: Services) {
    super();
    this.extensionUri = services.extensionUri;
    this.register(vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, this));
    this.register(services.workspace.onDidChange(change => this.digestsChanged(change)));
    this.register(vscode.window.onDidChangeTextEditorSelection(e => void this.followCursor(e.textEditor)));
    this.register(this.services.notes.onDidChange(() => this.notesChanged()));
    // A card's reading state is part of its data: the previews render again (scroll, order and the current card kept).
    const renderAll = (reorder: boolean) => this.panels.forEach(preview => preview.scheduleRender({ force: true, reorder }));
    this.register(this.services.reading.onDidChange(() => renderAll(false)));
    // Sorted for you, the cards follow the ranking. The writer sorting (again) orders them afresh; a
    // ranking out of date (a star, a dismissal, a note, a citation) only updates the why and the
    // header: re-ordering then would move the cards under the writer who triages them.
    this.register(this.services.forYou.onDidChangeSort(() => renderAll(true)));
    this.register(this.services.forYou.onDidChange(() => this.services.forYou.sort === 'forYou' && renderAll(false)));
    this.register({ dispose: () => [...this.panels].forEach(preview => preview.dispose()) });
  }

  /** Shows the preview of a digest, reusing the digest's panel when it has one. */
  async showDigest(uri: vscode.Uri, options: ShowOptions): Promise<DigestPreview> {
    const existing = this.find(uri);
    if (existing) {
      existing.panel.reveal(options.column, options.preserveFocus);
      if (options.focus) {
        existing.setFocus(options.focus, { force: true });
      }
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      PREVIEW_VIEW_TYPE,
      `Preview ${basename(uri)}`,
      { viewColumn: options.column, preserveFocus: options.preserveFocus },
      { enableScripts: true, enableFindWidget: true, localResourceRoots: [this.mediaUri()] },
    );
    const preview = this.track(new DigestPreview(panel, uri, this));
    await preview.initialize(options.focus ?? (await this.focusAtCursor(uri)));
    return preview;
  }

  /** Restores a preview after a window reload from the state its webview kept. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PreviewState | undefined): Promise<void> {
    if (typeof state?.source !== 'string') {
      panel.dispose(); // nothing says what it showed
      return;
    }
    const uri = vscode.Uri.parse(state.source);
    const preview = this.track(new DigestPreview(panel, uri, this));
    await preview.initialize(await this.focusAtCursor(uri));
  }

  /** The open preview of a digest, if any. */
  find(uri: vscode.Uri | string): DigestPreview | undefined {
    const source = uri.toString();
    return [...this.panels].find(preview => preview.source.toString() === source);
  }

  // For the specs (testProbe.ts)

  /** One report per open panel: what its webview last rendered and focused, and its html. */
  previews(): PreviewReport[] {
    return [...this.panels].map(preview => preview.report());
  }

  /** Re-renders the previews of `source` (all without it) now; resolves with the versions posted. */
  refresh(source?: vscode.Uri | string): Promise<number[]> {
    const targets = [...this.panels].filter(p => source === undefined || p.source.toString() === source.toString());
    return Promise.all(targets.map(preview => preview.render({ force: true })));
  }

  // PreviewHost

  async content(source: vscode.Uri, keptOrder?: readonly number[]): Promise<PreviewContent> {
    const label = basename(source);
    const digest = await this.digestAt(source);
    if (!digest) {
      return { label, cards: [], keysWithNotes: [], notice: `${label} cannot be read: it may have been moved or deleted.` };
    }
    const library = await this.services.workspace.library();
    await Promise.all([this.services.notes.load(), this.services.reading.load()]);
    const { ranking, order } = await this.ranking();
    const cards = buildCards(
      digest,
      title => library.byTitle(title),
      paper => this.services.reading.status(paper),
      ranking,
      keptOrder,
    );
    return {
      label,
      cards,
      keysWithNotes: this.keysWithNotes(cards),
      notice: cards.length ? undefined : `${label} has no papers.`,
      ...(order ? { order } : {}),
    };
  }

  /**
   * The "For you" ranking the cards follow when the writer sorts for you (computed in the index
   * worker), and how it ranks, said once in the header instead of on every card.
   */
  private async ranking(): Promise<{ ranking?: CardRanking; order?: string }> {
    const forYou = this.services.forYou;
    if (forYou.sort !== 'forYou') return {};
    // A failed ranking (logged by ForYou) leaves the cards as listed.
    const ranked = await forYou.ranked().catch(() => []);
    const basis = ranked.length > 0 ? await forYou.basis() : undefined;
    const order = basis
      ? `Sorted for you: each day's starred papers first, then the others ${basis}. ` +
        'The order holds while you triage; Sort Papers: For You ranks again.'
      : "Sorted for you: each day's starred papers first; nothing else is ranked (star, cite or note the papers you like).";
    return { ranking: new Map(ranked.map(({ paper, score, why }) => [paper.key, { score, why }])), order };
  }

  async runAction(preview: DigestPreview, message: ActionMessage): Promise<void> {
    // The webview is not trusted to name anything but a card it was given.
    const card = message.key ? preview.cards().find(c => c.key === message.key) : undefined;
    if (!card) {
      return;
    }
    try {
      if (message.action === 'openLink') {
        const link = card.links.find(l => l.url === message.url);
        const uri = link && vscode.Uri.parse(link.url);
        if (uri && (uri.scheme === 'https' || uri.scheme === 'http')) {
          await vscode.env.openExternal(uri);
        }
        return;
      }
      const command = ACTION_COMMANDS[message.action];
      if (command) {
        await vscode.commands.executeCommand(command, card.key);
      }
    } catch (error) {
      void showError(vscode.l10n.t('Digest Notes: {0}', error instanceof Error ? error.message : String(error)));
    }
  }

  async references(keys: readonly string[]): Promise<{ style: string; references: Record<string, string> } | undefined> {
    try {
      const library = await this.services.workspace.library();
      const papers = keys.map(key => library.byKey(key)).filter((paper): paper is Paper => paper !== undefined);
      const lines = await this.services.formatter.referenceLines(papers, this.services.drafts.lastDraft());
      return { style: lines.style.label, references: Object.fromEntries(lines.references) };
    } catch (error) {
      log.warn('Could not format the references of the preview', error);
      return undefined;
    }
  }

  received(_preview: DigestPreview, message: WebviewMessage): void {
    this.messageEmitter.fire(message);
  }

  private track(preview: DigestPreview): DigestPreview {
    this.panels.add(preview);
    preview.onDidDispose(() => this.panels.delete(preview));
    return preview;
  }

  /** The digest as the workspace model has it, else read now (a file the scan has not seen yet). */
  private async digestAt(uri: vscode.Uri): Promise<ParsedDigest | undefined> {
    const workspace = this.services.workspace;
    await workspace.ensureLoaded();
    const known = workspace.digest(uri);
    if (known) {
      return known;
    }
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch {
      return undefined;
    }
    const stored = await workspace.refreshDocument(document);
    // Not a digest by language (e.g. a .txt the user previews anyway): show it without keys' help.
    return stored ?? parsedDocument(document);
  }

  private digestsChanged(change: DigestChange): void {
    for (const preview of this.panels) {
      const own = !change.uris || change.uris.includes(preview.source.toString());
      // Another digest can still change this one's keys (a clash gets a suffix): re-render only if so.
      // The digest itself changed: its cards are ordered afresh.
      preview.scheduleRender({ force: own, reorder: own });
    }
  }

  private async followCursor(editor: vscode.TextEditor): Promise<void> {
    const targets = [...this.panels].filter(p => p.source.toString() === editor.document.uri.toString());
    if (targets.length === 0) {
      return;
    }
    const focus = await this.focusAtCursor(editor.document.uri, editor);
    if (focus) {
      targets.forEach(preview => preview.setFocus(focus));
    }
  }

  /** The paper under the cursor of an editor showing `uri` (the given one, else a visible one). */
  private async focusAtCursor(uri: vscode.Uri, editor?: vscode.TextEditor): Promise<PreviewFocus | undefined> {
    const shows = (e: vscode.TextEditor) => e.document.uri.toString() === uri.toString();
    const source = editor ?? [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors].find(e => e && shows(e));
    if (!source || !shows(source)) {
      return undefined;
    }
    const library = await this.services.workspace.library();
    const digest = this.services.workspace.digest(uri);
    const entry = digest && entryAtLine(digest, source.selection.active.line);
    const key = entry && library.byTitle(entry.title)?.key;
    return entry && key ? { key, line: entry.titleLine } : undefined;
  }

  private notesChanged(): void {
    this.panels.forEach(preview => preview.updateNotes(this.keysWithNotes(preview.cards())));
  }

  private keysWithNotes(cards: readonly CardData[]): string[] {
    return [...new Set(cards.filter(card => card.key && this.services.notes.has(card.key)).map(card => card.key))];
  }

  private mediaUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'media');
  }
}
