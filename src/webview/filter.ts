/**
 * The filter box: hides cards whose title, key, day and abstract do not contain every word typed
 * (case-insensitive), and day sections left empty. Client side: no round trip per keystroke.
 */
import type { CardData } from '../shared/protocol';
import { element } from './cardsView';

export class CardFilter {
  readonly element = element('div', 'filter');
  private readonly input = element('input', 'filter-input');
  private readonly count = element('span', 'filter-count');
  private readonly empty = element('p', 'no-match');
  private list: HTMLElement | undefined;
  private haystacks: string[] = [];

  constructor(
    initial: string,
    private readonly onChange: (visibleCount: number) => void,
  ) {
    this.input.type = 'search';
    this.input.placeholder = 'Filter papers';
    this.input.setAttribute('aria-label', 'Filter papers by title, key, day or abstract');
    this.input.value = initial;
    this.count.setAttribute('aria-live', 'polite');
    this.empty.hidden = true;
    this.element.append(this.input, this.count);
    this.input.addEventListener('input', () => this.onChange(this.apply()));
    this.input.addEventListener('keydown', event => {
      if (event.key === 'Escape' && this.input.value) {
        this.input.value = '';
        this.onChange(this.apply());
      }
    });
  }

  get text(): string {
    return this.input.value;
  }

  /** Filters a freshly rendered list with the current text. */
  attach(list: HTMLElement, cards: readonly CardData[]): void {
    this.list = list;
    this.haystacks = cards.map(card => [card.title, card.key, card.day, card.abstract].join('\n').toLowerCase());
    list.after(this.empty);
    this.apply();
  }

  /** Shows the matching cards; returns how many. */
  private apply(): number {
    const words = this.input.value.toLowerCase().split(/\s+/).filter(Boolean);
    const list = this.list;
    if (!list) {
      return 0;
    }
    let visible = 0;
    list.querySelectorAll<HTMLElement>('.card').forEach(card => {
      const haystack = this.haystacks[Number(card.dataset.index)] ?? '';
      card.hidden = !words.every(word => haystack.includes(word));
      visible += card.hidden ? 0 : 1;
    });
    list.querySelectorAll<HTMLElement>('.day').forEach(day => {
      day.hidden = !day.querySelector('.card:not([hidden])');
    });
    const total = this.haystacks.length;
    const papers = total === 1 ? 'paper' : 'papers';
    this.count.textContent = words.length ? `${visible} of ${total} ${papers}` : `${total} ${papers}`;
    this.empty.textContent = `No paper matches “${this.input.value.trim()}”.`;
    this.empty.hidden = !(words.length > 0 && visible === 0 && total > 0);
    return visible;
  }
}
