/**
 * The messages between the extension and the preview webview: one union per direction, keyed on
 * `type`, and both sides `switch` on it. Every message names the digest it is about (`source`,
 * the digest's URI string) so a message that crosses a re-targeted or reloaded preview is dropped
 * instead of applied to the wrong content (as VS Code's Markdown preview does).
 *
 * This file is compiled twice: into the extension (node) and into the webview script (DOM), so it
 * holds types and constants only.
 */

/** The webview panel type; also the `onWebviewPanel:` activation event and the serializer's key. */
export const PREVIEW_VIEW_TYPE = 'digestNotes.preview';

/** Kinds of links a card shows as buttons (the core's `LinkKind`). */
export type CardLinkKind = 'code' | 'project' | 'doi' | 'other';

export interface CardLink {
  readonly url: string;
  readonly kind: CardLinkKind;
}

/** One paper as a card: an entry of the digest, with the key the library gave its paper. */
export interface CardData {
  /** The citation key; '' when the library has not keyed the entry (the card then has no actions). */
  readonly key: string;
  readonly title: string;
  /** The day line as written (`Mar 14`), '' when the entry precedes any day line. */
  readonly day: string;
  readonly abstract: string;
  readonly links: readonly CardLink[];
  /** The title's 0-based line in the digest: tells two cards of the same paper apart. */
  readonly line: number;
  /** "Dunefsky, Chlenski and Nanda · 2024" when authors or the year are known. */
  readonly byline?: string;
  /** Every author as written, for the byline's tooltip. */
  readonly authors?: readonly string[];
  /** `arXiv:2406.11944`, then the categories (`cs.LG`...). */
  readonly ids?: readonly string[];
  /** The writer's reading state; absent for unread (a paper first seen). */
  readonly status?: 'read' | 'starred' | 'dismissed';
  /** Why "For you" ranks it where it is (the preview sorted for you): only the reasons, the header says how it ranks; absent otherwise. */
  readonly why?: readonly string[];
}

/** What the webview shows: the initial `data-` attribute of the page and each `render` message. */
export interface RenderData {
  readonly source: string;
  /** Increases with every render of a panel; `rendered` reports echo it. */
  readonly version: number;
  /** The digest's file name, for the header. */
  readonly label: string;
  readonly cards: readonly CardData[];
  readonly keysWithNotes: readonly string[];
  readonly focusKey?: string;
  readonly focusLine?: number;
  /** Shown instead of cards when there is nothing to show (digest deleted, not a digest...). */
  readonly notice?: string;
  /** How the cards are ordered, said once under the header (sorted for you: how they were ranked); absent as listed. */
  readonly order?: string;
}

// Extension → webview

export interface RenderMessage extends RenderData {
  readonly type: 'render';
}

/** The paper under the editor's cursor: scroll its card into view and highlight it. */
export interface FocusMessage {
  readonly type: 'focus';
  readonly source: string;
  readonly key: string;
  /** The title line of the entry under the cursor, when the paper stands twice in the digest. */
  readonly line?: number;
}

/** Which papers have a literature note (the Note button becomes Open Note). */
export interface NotesMessage {
  readonly type: 'notes';
  readonly source: string;
  readonly keysWithNotes: readonly string[];
}

/**
 * Each card's reference as the draft's CSL style prints it (plain text, by key), sent after a
 * render once the CSL worker has formatted them; shown as text under the card's byline.
 */
export interface ReferencesMessage {
  readonly type: 'references';
  readonly source: string;
  /** The style's name (`Chicago Manual of Style 17th edition (author-date)`), the line's tooltip. */
  readonly style: string;
  readonly references: Readonly<Record<string, string>>;
}

export type ExtensionMessage = RenderMessage | FocusMessage | NotesMessage | ReferencesMessage;

// Webview → extension

/** The script has loaded and listens; the extension posts nothing before this. */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly source: string;
}

/**
 * Sent after each render: what the webview actually shows. Besides the count, it carries the
 * titles as the page shows them (`textContent`) and a self-check of the card list, so tests (and
 * a curious user in the developer tools) can see that digest text is shown as text.
 */
export interface RenderedMessage {
  readonly type: 'rendered';
  readonly source: string;
  readonly version: number;
  readonly cardCount: number;
  readonly titles: readonly string[];
  /** The line under the header saying how the cards are ordered, as the page shows it ('' when none). */
  readonly orderNote: string;
  /**
   * Elements in the card list the preview never creates itself (`script`, `img`, `iframe`,
   * `object`, `embed`, `style`, `link`, `a`, `form`, or anything with an `on…` attribute);
   * always 0 unless digest text got parsed as HTML.
   */
  readonly foreignElements: number;
  /** Globals that appeared on `window` after the preview script started; always empty likewise. */
  readonly foreignGlobals: readonly string[];
}

/** The webview highlighted a card after a `focus` (or a render with a focus). */
export interface FocusedMessage {
  readonly type: 'focused';
  readonly source: string;
  readonly key: string;
  /** Whether the card is visible (the filter may hide it). */
  readonly visible: boolean;
}

export type CardAction =
  'cite' | 'note' | 'openLink' | 'reveal' | 'copyKey' | 'related' | 'star' | 'dismiss' | 'markRead' | 'markUnread' | 'openArxiv';

/** A button on a card; the extension runs the matching command with the key. */
export interface ActionMessage {
  readonly type: 'action';
  readonly source: string;
  readonly action: CardAction;
  readonly key: string;
  /** For `openLink`: one of the card's links (the extension checks it is). */
  readonly url?: string;
  /** The card's title line, so Reveal can go to this occurrence. */
  readonly line?: number;
}

/** The filter box changed (client-side filtering; the extension only records it). */
export interface FilterMessage {
  readonly type: 'filter';
  readonly source: string;
  readonly text: string;
  readonly visibleCount: number;
}

/** Sent after references were put on the cards: what the page shows, for the specs (as `rendered`). */
export interface ReferencesShownMessage {
  readonly type: 'referencesShown';
  readonly source: string;
  /** Each card's reference line as the page shows it (`textContent`), in card order ('' for none). */
  readonly references: readonly string[];
  /** As in `rendered`: elements the preview never creates, in the card list; always 0. */
  readonly foreignElements: number;
}

export type WebviewMessage = ReadyMessage | RenderedMessage | FocusedMessage | ActionMessage | FilterMessage | ReferencesShownMessage;

/** What the webview keeps with `setState`, and what the serializer gets back after a reload. */
export interface PreviewState {
  readonly source: string;
  readonly scroll: number;
  readonly filter: string;
  /** Which cards show by reading state (`all` hides the dismissed); absent before it was chosen. */
  readonly shown?: 'all' | 'unread' | 'starred' | 'everything';
}

/** The `data-` attribute of the page's root element that carries the initial `RenderData` as JSON. */
export const INITIAL_DATA_ATTRIBUTE = 'data-initial';
