/**
 * The preview webview's script (bundled to media/preview.js). Renders the cards it gets from the
 * page's `data-` attribute and then from `render` messages, filters them, highlights the paper
 * under the editor's cursor, keeps scroll and filter with `setState`, and posts card actions to
 * the extension. It never navigates: links go to the extension, which opens them.
 */
import {
  INITIAL_DATA_ATTRIBUTE,
  type CardAction,
  type ExtensionMessage,
  type PreviewState,
  type ReferencesMessage,
  type RenderData,
  type WebviewMessage,
} from '../shared/protocol';
import { buildCardList, countForeignElements, element, setNoteState, setReference } from './cardsView';
import { CardFilter } from './filter';
import { Triage, type ShownCards } from './triage';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): PreviewState | undefined;
  setState(state: PreviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
/** Globals present before any digest text reached the page; see `RenderedMessage.foreignGlobals`. */
const initialGlobals = new Set(Object.getOwnPropertyNames(window));

class PreviewPage {
  private data: RenderData;
  private keysWithNotes: Set<string>;
  private focusedCard: HTMLElement | undefined;
  private readonly root: HTMLElement;
  private readonly notice = element('p', 'notice');
  /** How the cards are ordered (sorted for you: how they were ranked), said once for all cards. */
  private readonly order = element('p', 'order-note');
  private readonly listHost = element('div', 'list-host');
  private readonly filter: CardFilter;
  private readonly triage: Triage;
  private stateTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last references sent: a re-render keeps them until new ones come. */
  private references: ReferencesMessage | undefined;

  constructor(root: HTMLElement, data: RenderData, restored: PreviewState | undefined) {
    this.root = root;
    this.data = data;
    this.keysWithNotes = new Set(data.keysWithNotes);
    this.filter = new CardFilter(restored?.filter ?? '', visibleCount => this.filterChanged(visibleCount));
    this.triage = new Triage(
      restored?.shown ?? 'all',
      (action, card) => this.post({ type: 'action', source: this.data.source, action, key: card.key, line: card.line }),
      () => this.saveStateSoon(),
    );
    const header = element('header', 'toolbar');
    header.append(element('h1', 'digest-label', data.label), this.filter.element, this.triage.element);
    root.append(header, this.triage.help, this.order, this.notice, this.listHost);
    document.addEventListener('keydown', event => {
      if (this.triage.key(event)) event.preventDefault();
    });
    this.listHost.addEventListener('click', event => this.clicked(event));
    this.listHost.addEventListener('dblclick', event => this.doubleClicked(event));
    window.addEventListener('scroll', () => this.saveStateSoon(), { passive: true });
    this.render(data, { keepScroll: false });
    if (restored) {
      window.scrollTo(0, restored.scroll); // a reload or a re-shown tab: back where the reader was
    } else {
      this.scrollToFocus();
    }
  }

  receive(message: ExtensionMessage): void {
    if (message?.source !== this.data.source) {
      return; // about another document: stale
    }
    switch (message.type) {
      case 'render': {
        const focusMoved = message.focusKey !== this.data.focusKey || message.focusLine !== this.data.focusLine;
        this.render(message, { keepScroll: true });
        if (focusMoved) {
          this.scrollToFocus();
        }
        break;
      }
      case 'focus':
        this.data = { ...this.data, focusKey: message.key, focusLine: message.line };
        this.highlightFocus();
        this.scrollToFocus();
        break;
      case 'references':
        this.references = message;
        this.showReferences();
        break;
      case 'notes':
        this.keysWithNotes = new Set(message.keysWithNotes);
        this.root.querySelectorAll<HTMLElement>('.card').forEach(card => {
          setNoteState(card, this.keysWithNotes.has(this.cardData(card)?.key ?? ''));
        });
        break;
    }
  }

  private render(data: RenderData, { keepScroll }: { keepScroll: boolean }): void {
    const scroll = window.scrollY;
    this.data = data;
    this.keysWithNotes = new Set(data.keysWithNotes);
    this.root.querySelector('.digest-label')!.textContent = data.label;
    this.notice.textContent = data.notice ?? '';
    this.notice.hidden = !data.notice;
    this.order.textContent = data.order ?? '';
    this.order.hidden = !data.order;
    const list = buildCardList(data.cards, this.keysWithNotes);
    this.listHost.replaceChildren(list);
    this.filter.attach(list, data.cards);
    this.triage.attach(list, data.cards);
    this.highlightFocus();
    if (this.references) this.showReferences(false);
    if (keepScroll) {
      window.scrollTo(0, scroll);
    }
    this.post({
      type: 'rendered',
      source: data.source,
      version: data.version,
      cardCount: list.querySelectorAll('.card').length,
      titles: Array.from(list.querySelectorAll('.card-title'), title => title.textContent ?? ''),
      orderNote: this.order.hidden ? '' : (this.order.textContent ?? ''),
      foreignElements: countForeignElements(list),
      foreignGlobals: Object.getOwnPropertyNames(window).filter(name => !initialGlobals.has(name)),
    });
  }

  /** Puts the references on the cards; `report` says what shows (after a `references` message). */
  private showReferences(report = true): void {
    const message = this.references;
    if (!message) return;
    const cards = Array.from(this.listHost.querySelectorAll<HTMLElement>('.card'));
    for (const card of cards) {
      const key = this.cardData(card)?.key;
      setReference(card, key ? message.references[key] : undefined, message.style);
    }
    if (!report) return;
    this.post({
      type: 'referencesShown',
      source: this.data.source,
      references: cards.map(card => card.querySelector('.card-reference')?.textContent ?? ''),
      foreignElements: countForeignElements(this.listHost),
    });
  }

  /** Marks the focused paper's card (the occurrence on `focusLine` when the paper stands twice). */
  private highlightFocus(): void {
    this.focusedCard?.classList.remove('is-focused');
    this.focusedCard?.removeAttribute('aria-current');
    this.focusedCard = this.findFocusCard();
    this.focusedCard?.classList.add('is-focused');
    this.focusedCard?.setAttribute('aria-current', 'true');
  }

  private findFocusCard(): HTMLElement | undefined {
    const { focusKey, focusLine, cards } = this.data;
    if (!focusKey) {
      return undefined;
    }
    const index = cards.findIndex(c => c.key === focusKey && c.line === focusLine);
    const chosen = index >= 0 ? index : cards.findIndex(c => c.key === focusKey);
    return chosen >= 0 ? (this.listHost.querySelector<HTMLElement>(`.card[data-index="${chosen}"]`) ?? undefined) : undefined;
  }

  /** Scrolls the focused card into view unless it already is, and tells the extension. */
  private scrollToFocus(): void {
    const card = this.focusedCard;
    if (!card || !this.data.focusKey) {
      return;
    }
    const visible = !card.hidden && !card.closest('[hidden]');
    if (visible) {
      this.scrollIntoView(card);
    }
    this.post({ type: 'focused', source: this.data.source, key: this.data.focusKey, visible });
  }

  /** Centres the card below the sticky header, or shows its top when it is taller than the view. */
  private scrollIntoView(card: HTMLElement): void {
    const header = this.root.querySelector('.toolbar')?.getBoundingClientRect().height ?? 0;
    const box = card.getBoundingClientRect();
    const room = window.innerHeight - header;
    if (box.top >= header && box.bottom <= window.innerHeight) {
      return; // already in full view
    }
    const margin = box.height + 16 < room ? (room - box.height) / 2 : 8;
    window.scrollTo(0, window.scrollY + box.top - header - margin);
  }

  private clicked(event: MouseEvent): void {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const cardElement = button?.closest<HTMLElement>('.card');
    const card = cardElement && this.cardData(cardElement);
    if (!button || !card || !card.key) {
      return;
    }
    const action = button.dataset.action as CardAction;
    const url = action === 'openLink' ? card.links[Number(button.dataset.link)]?.url : undefined;
    this.post({ type: 'action', source: this.data.source, action, key: card.key, url, line: card.line });
  }

  /** Double-click on a card's text goes to the paper in the digest, as in the Markdown preview. */
  private doubleClicked(event: MouseEvent): void {
    const target = event.target as Element;
    const card = target.closest<HTMLElement>('.card');
    const data = card && this.cardData(card);
    if (data?.key && !target.closest('button')) {
      this.post({ type: 'action', source: this.data.source, action: 'reveal', key: data.key, line: data.line });
    }
  }

  private cardData(card: HTMLElement) {
    return this.data.cards[Number(card.dataset.index)];
  }

  private filterChanged(visibleCount: number): void {
    window.scrollTo(0, 0); // new matches start at the top, like search results
    this.saveStateSoon();
    this.post({ type: 'filter', source: this.data.source, text: this.filter.text, visibleCount });
  }

  private saveStateSoon(): void {
    clearTimeout(this.stateTimer);
    this.stateTimer = setTimeout(() => {
      const shown: ShownCards = this.triage.shownCards;
      vscode.setState({ source: this.data.source, scroll: window.scrollY, filter: this.filter.text, shown });
    }, 100);
  }

  private post(message: WebviewMessage): void {
    vscode.postMessage(message);
  }
}

function start(): void {
  const root = document.getElementById('preview');
  const json = root?.getAttribute(INITIAL_DATA_ATTRIBUTE);
  if (!root || !json) {
    return;
  }
  const data = JSON.parse(json) as RenderData;
  const state = vscode.getState();
  const page = new PreviewPage(root, data, state?.source === data.source ? state : undefined);
  window.addEventListener('message', (event: MessageEvent<ExtensionMessage>) => page.receive(event.data));
  const own = state?.source === data.source ? state : undefined;
  vscode.setState({ source: data.source, scroll: window.scrollY, filter: own?.filter ?? '', shown: own?.shown });
  vscode.postMessage({ type: 'ready', source: data.source });
}

start();
