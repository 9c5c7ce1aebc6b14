/**
 * Keyboard triage in the preview, and which cards show by their reading state. One key each:
 * j / ↓ next paper, k / ↑ previous, s star (to read), d dismiss, r read / unread, c cite, n note,
 * a open on arXiv, Enter reveal in the digest, ? these keys. The keys act on the current card
 * (outlined); they are ignored while the writer types in the filter box.
 */
import type { CardAction, CardData } from '../shared/protocol';
import { element } from './cardsView';

/** Which cards show: all (dismissed hidden), unread, starred, or all with the dismissed ones. */
export type ShownCards = 'all' | 'unread' | 'starred' | 'everything';

const SHOWN_LABELS: Record<ShownCards, string> = {
  all: 'All',
  unread: 'Unread',
  starred: 'Starred',
  everything: 'All + dismissed',
};

export const TRIAGE_KEYS: ReadonlyArray<{ keys: string; what: string }> = [
  { keys: 'j / ↓', what: 'next paper' },
  { keys: 'k / ↑', what: 'previous paper' },
  { keys: 's', what: 'star (to read) / unstar' },
  { keys: 'd', what: 'dismiss' },
  { keys: 'r', what: 'mark read / unread' },
  { keys: 'c', what: 'cite in the draft' },
  { keys: 'n', what: 'literature note' },
  { keys: 'a', what: 'open on arXiv' },
  { keys: 'Enter', what: 'reveal in the digest' },
  { keys: '?', what: 'show or hide these keys' },
];

export class Triage {
  /** The toolbar's part: the Show selector and the Keys button. */
  readonly element = element('div', 'triage');
  /** The list of keys, shown under the toolbar on `?`. */
  readonly help = element('div', 'triage-help');
  private readonly select = element('select', 'triage-shown');
  private list: HTMLElement | undefined;
  private cards: readonly CardData[] = [];
  private current = -1;

  constructor(
    private shown: ShownCards,
    private readonly act: (action: CardAction, card: CardData) => void,
    private readonly changed: (shown: ShownCards) => void,
  ) {
    this.select.setAttribute('aria-label', 'Show papers');
    for (const value of Object.keys(SHOWN_LABELS) as ShownCards[]) {
      const option = element('option', undefined, SHOWN_LABELS[value]);
      option.value = value;
      this.select.append(option);
    }
    this.select.value = shown;
    this.select.addEventListener('change', () => {
      this.shown = this.select.value as ShownCards;
      this.apply();
      this.changed(this.shown);
    });
    const keysButton = element('button', 'action-button triage-keys', 'Keys');
    keysButton.type = 'button';
    keysButton.title = 'Keyboard triage: show the keys (?)';
    keysButton.addEventListener('click', () => this.toggleHelp());
    this.element.append(this.select, keysButton);
    const table = element('dl');
    for (const { keys, what } of TRIAGE_KEYS) table.append(element('dt', undefined, keys), element('dd', undefined, what));
    this.help.append(element('h2', undefined, 'Keyboard triage'), table);
    this.help.hidden = true;
  }

  get shownCards(): ShownCards {
    return this.shown;
  }

  /**
   * A freshly rendered list: statuses shown, the Show choice applied, the current card kept. The
   * current card is found again by its paper (key and title line), not by its place: a new list
   * may order the cards otherwise (the writer sorted again), and the next key must act on the
   * paper she was on. When that card is hidden now (dismissed, or starred under Unread), the next
   * shown card after it becomes current.
   */
  attach(list: HTMLElement, cards: readonly CardData[]): void {
    const previous = this.cards[this.current];
    this.list = list;
    this.cards = cards;
    list.querySelectorAll<HTMLElement>('.card').forEach(card => {
      const status = cards[Number(card.dataset.index)]?.status ?? 'unread';
      card.classList.add(`status-${status}`);
    });
    this.apply();
    const same = previous ? cards.findIndex(card => card.key === previous.key && card.line === previous.line) : -1;
    const from = same >= 0 ? same : this.current;
    this.markCurrent(from >= 0 ? this.nearestShown(from, 1) : -1, false);
  }

  /** Handles a key pressed on the page; true when it was a triage key. */
  key(event: KeyboardEvent): boolean {
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    const target = event.target as Element | null;
    if (target?.closest('input, select, textarea')) return false;
    switch (event.key) {
      case 'j':
      case 'ArrowDown':
        return this.move(1);
      case 'k':
      case 'ArrowUp':
        return this.move(-1);
      case '?':
        this.toggleHelp();
        return true;
    }
    const card = this.cards[this.current];
    if (!card?.key) return false;
    const action = actionFor(event.key, card);
    if (!action) return false;
    this.act(action, card);
    return true;
  }

  private move(step: 1 | -1): boolean {
    const next =
      this.current < 0 ? this.nearestShown(step === 1 ? 0 : this.cards.length - 1, step) : this.nearestShown(this.current + step, step);
    if (next >= 0) this.markCurrent(next, true);
    return true;
  }

  /** The first card at or after `from` (in `step` direction) that is shown; -1 when none. */
  private nearestShown(from: number, step: 1 | -1): number {
    for (let i = from; i >= 0 && i < this.cards.length; i += step) if (this.isShown(i)) return i;
    for (let i = from - step; i >= 0 && i < this.cards.length; i -= step) if (this.isShown(i)) return i;
    return -1;
  }

  private isShown(index: number): boolean {
    const card = this.cardElement(index);
    return Boolean(card && !card.hidden && !card.classList.contains('status-hidden'));
  }

  private markCurrent(index: number, focus: boolean): void {
    this.cardElement(this.current)?.classList.remove('is-current');
    this.current = index;
    const card = this.cardElement(index);
    if (!card) return;
    card.classList.add('is-current');
    if (focus) {
      card.focus({ preventScroll: true });
      card.scrollIntoView({ block: 'nearest' });
    }
  }

  private cardElement(index: number): HTMLElement | undefined {
    return index < 0 ? undefined : (this.list?.querySelector<HTMLElement>(`.card[data-index="${index}"]`) ?? undefined);
  }

  private apply(): void {
    this.list?.querySelectorAll<HTMLElement>('.card').forEach(card => {
      const status = this.cards[Number(card.dataset.index)]?.status ?? 'unread';
      card.classList.toggle('status-hidden', !shownByStatus(status, this.shown));
    });
    this.list?.querySelectorAll<HTMLElement>('.day').forEach(day => {
      day.classList.toggle('status-hidden', !day.querySelector('.card:not(.status-hidden)'));
    });
  }

  private toggleHelp(): void {
    this.help.hidden = !this.help.hidden;
  }
}

export function shownByStatus(status: NonNullable<CardData['status']> | 'unread', shown: ShownCards): boolean {
  if (status === 'dismissed') return shown === 'everything';
  if (shown === 'unread') return status === 'unread';
  if (shown === 'starred') return status === 'starred';
  return true;
}

function actionFor(key: string, card: CardData): CardAction | undefined {
  switch (key) {
    case 's':
      return 'star';
    case 'd':
      return 'dismiss';
    case 'r':
      return card.status === 'read' ? 'markUnread' : 'markRead';
    case 'c':
      return 'cite';
    case 'n':
      return 'note';
    case 'a':
      return 'openArxiv';
    case 'Enter':
      return 'reveal';
  }
  return undefined;
}
