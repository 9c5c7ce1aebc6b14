/**
 * Builds the card list with `createElement` and `textContent` only: digest text is never parsed
 * as HTML, so a title like `<img onerror=...>` shows as those characters.
 */
import type { CardAction, CardData, CardLink, CardLinkKind } from '../shared/protocol';

const LINK_LABELS: Record<CardLinkKind, string> = { code: 'Code', project: 'Project', doi: 'DOI', other: 'Link' };

/** The card's actions, in button order; `note` is labelled by whether a note exists. */
const ACTIONS: ReadonlyArray<{ action: Exclude<CardAction, 'openLink'>; label: string; tooltip: string }> = [
  { action: 'cite', label: 'Cite', tooltip: 'Insert a citation of this paper into the draft' },
  { action: 'note', label: 'Note', tooltip: 'Create a literature note for this paper' },
  { action: 'star', label: 'Star', tooltip: 'Star this paper to read it later (s)' },
  { action: 'dismiss', label: 'Dismiss', tooltip: 'Dismiss this paper: hidden unless you show dismissed ones (d)' },
  { action: 'related', label: 'Related', tooltip: 'Show related papers' },
  { action: 'reveal', label: 'Reveal in Digest', tooltip: 'Show this paper in the digest file' },
  { action: 'copyKey', label: 'Copy Key', tooltip: 'Copy the citation key' },
];

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** The cards grouped under their day headings; each card's element carries its index. */
export function buildCardList(cards: readonly CardData[], keysWithNotes: ReadonlySet<string>): HTMLElement {
  const list = element('div', 'cards');
  let section: HTMLElement | undefined;
  let day: string | undefined;
  cards.forEach((card, index) => {
    if (!section || card.day !== day) {
      day = card.day;
      section = element('section', 'day');
      section.append(element('h2', 'day-label', card.day || 'Undated'));
      list.append(section);
    }
    section.append(buildCard(card, index, keysWithNotes.has(card.key)));
  });
  return list;
}

function buildCard(card: CardData, index: number, hasNote: boolean): HTMLElement {
  const article = element('article', 'card');
  article.dataset.index = String(index);
  article.tabIndex = -1;
  const titleId = `card-title-${index}`;
  article.setAttribute('aria-labelledby', titleId);

  const title = element('h3', 'card-title', card.title);
  title.id = titleId;
  article.append(title);
  if (card.byline) {
    const by = element('p', 'card-byline', card.byline);
    by.title = card.authors?.join(', ') ?? card.byline;
    article.append(by);
  }
  const reference = element('p', 'card-reference');
  reference.hidden = true;
  article.append(reference, buildMeta(card, hasNote));
  if (card.why?.length) {
    // Only this paper's reasons: how the list was ranked is said once, under the header.
    article.append(element('p', 'card-why', card.why.join('; ')));
  }
  article.append(
    card.abstract ? element('p', 'card-abstract', card.abstract) : element('p', 'card-abstract card-empty', 'No abstract in the digest.'),
  );
  if (card.links.length > 0) {
    const links = element('div', 'card-links');
    card.links.forEach((link, linkIndex) => links.append(buildLinkButton(link, linkIndex)));
    article.append(links);
  }
  if (card.key) {
    article.append(buildActions(hasNote, card.status === 'starred'));
  }
  return article;
}

function buildMeta(card: CardData, hasNote: boolean): HTMLElement {
  const meta = element('div', 'card-meta');
  if (card.day) {
    meta.append(element('span', 'card-day', card.day));
  }
  if (card.key) {
    meta.append(element('code', 'card-key', card.key));
  }
  for (const id of card.ids ?? []) {
    meta.append(element('span', 'card-id', id));
  }
  if (card.status) {
    const labels = { read: 'read', starred: '★ to read', dismissed: 'dismissed' } as const;
    meta.append(element('span', `card-status card-status-${card.status}`, labels[card.status]));
  }
  const badge = element('span', 'card-note-badge', 'note');
  badge.title = 'This paper has a literature note';
  badge.hidden = !hasNote;
  meta.append(badge);
  return meta;
}

function buildLinkButton(link: CardLink, linkIndex: number): HTMLButtonElement {
  const button = element('button', 'link-button', linkLabel(link));
  button.type = 'button';
  button.dataset.action = 'openLink';
  button.dataset.link = String(linkIndex);
  button.title = link.url;
  return button;
}

function buildActions(hasNote: boolean, starred: boolean): HTMLElement {
  const bar = element('div', 'card-actions');
  bar.setAttribute('role', 'toolbar');
  for (const { action, label, tooltip } of ACTIONS) {
    const button = element(
      'button',
      action === 'cite' ? 'action-button primary' : 'action-button',
      starred && action === 'star' ? 'Unstar' : label,
    );
    button.type = 'button';
    button.dataset.action = action;
    button.title = tooltip;
    bar.append(button);
  }
  setNoteState(bar, hasNote);
  return bar;
}

/** Puts the formatted reference on a card, as text (a reference holds digest text: never HTML). */
export function setReference(card: HTMLElement, reference: string | undefined, style: string): void {
  const line = card.querySelector<HTMLElement>('.card-reference');
  if (!line) return;
  line.textContent = reference ?? '';
  line.title = reference ? `As ${style} prints it` : '';
  line.hidden = !reference;
}

/** Shows whether a card's paper has a note: the badge, and Note vs Open Note. */
export function setNoteState(card: HTMLElement, hasNote: boolean): void {
  const badge = card.querySelector<HTMLElement>('.card-note-badge');
  if (badge) {
    badge.hidden = !hasNote;
  }
  const button = card.querySelector<HTMLButtonElement>('button[data-action="note"]');
  if (button) {
    button.textContent = hasNote ? 'Open Note' : 'Note';
    button.title = hasNote ? 'Open the literature note of this paper' : 'Create a literature note for this paper';
  }
}

/** `Code · github.com`: the kind, then the host, which says more than the full URL. */
export function linkLabel(link: CardLink): string {
  let host: string;
  try {
    host = new URL(link.url).host.replace(/^www\./, '');
  } catch {
    host = link.url;
  }
  return link.kind === 'other' ? host : `${LINK_LABELS[link.kind]} · ${host}`;
}

/** Elements the preview never creates: if any are in the list, digest text was parsed as HTML. */
export function countForeignElements(root: HTMLElement): number {
  let count = root.querySelectorAll('script, img, iframe, object, embed, style, link, a, form').length;
  for (const node of Array.from(root.querySelectorAll('*'))) {
    if (Array.from(node.attributes).some(attribute => attribute.name.toLowerCase().startsWith('on'))) {
      count += 1;
    }
  }
  return count;
}
