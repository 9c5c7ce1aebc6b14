/**
 * The filter box: hides cards that do not match every word typed, and day sections left empty.
 * The rule is the Papers view's and Search's (core/library/paperFilter.ts: folded words, plurals
 * aside, each word starting a word of the title, key, authors, day or abstract). Client side: no
 * round trip per keystroke.
 */
import type { CardData } from '../shared/protocol';
import { filterHaystack, filterTerms, matchesHaystack } from '../core/library/paperFilter';
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
    this.input.setAttribute('aria-label', 'Filter papers by title, key, authors, day or abstract');
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
    this.haystacks = cards.map(card => filterHaystack(card));
    list.after(this.empty);
    this.apply();
  }

  /** Shows the matching cards; returns how many. */
  private apply(): number {
    const terms = filterTerms(this.input.value);
    const typed = this.input.value.trim() !== '';
    const list = this.list;
    if (!list) {
      return 0;
    }
    let visible = 0;
    list.querySelectorAll<HTMLElement>('.card').forEach(card => {
      const haystack = this.haystacks[Number(card.dataset.index)] ?? '';
      card.hidden = !matchesHaystack(haystack, terms);
      visible += card.hidden ? 0 : 1;
    });
    list.querySelectorAll<HTMLElement>('.day').forEach(day => {
      day.hidden = !day.querySelector('.card:not([hidden])');
    });
    const total = this.haystacks.length;
    const papers = total === 1 ? 'paper' : 'papers';
    this.count.textContent = typed ? `${visible} of ${total} ${papers}` : `${total} ${papers}`;
    this.empty.textContent = `No paper matches “${this.input.value.trim()}”.`;
    this.empty.hidden = !(typed && visible === 0 && total > 0);
    return visible;
  }
}
