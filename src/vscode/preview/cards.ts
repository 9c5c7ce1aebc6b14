/**
 * From a parsed digest to the preview's cards, and from an editor line to the entry under it.
 * Pure (no `vscode` import) so it is tested in plain mocha.
 */
import { byline } from '../../core/library/byline';
import type { DigestEntry, Paper, ParsedDigest } from '../../core/model';
import { newestFirst } from '../../core/digest/newestFirst';
import { orderByScore } from '../../core/rank/order';
import type { ReadingPaper, ReadingStatus } from '../../core/reading/readingState';
import type { CardData, CardLink } from '../../shared/protocol';

/** What a card shows of the library's paper for an entry: its key, authors, ids and dates. */
export type CardPaper = Pick<Paper, 'key'> & Partial<Pick<Paper, 'metadata' | 'year'>>;

/** The "For you" ranking the cards follow: a ranked paper's score and why, by key. */
export type CardRanking = ReadonlyMap<string, { readonly score: number; readonly why: readonly string[] }>;

/**
 * One card per entry, newest day first (file order within a day, undated entries last);
 * `paperOf` gives the library's paper for an entry's title, `statusOf` its reading state. With a
 * `ranking` ("For you"), each day's starred papers come first, then its ranked ones, best first,
 * each card saying why. With `keptOrder` (the title lines of the cards shown, in the order shown)
 * and the same entries, the cards keep that order: a star or a dismissal while the writer triages
 * changes the ranking, and the cards must not move under the keyboard's cursor.
 */
export function buildCards(
  digest: ParsedDigest,
  paperOf: (title: string) => CardPaper | undefined,
  statusOf: (paper: ReadingPaper) => ReadingStatus = () => 'unread',
  ranking?: CardRanking,
  keptOrder?: readonly number[],
): CardData[] {
  const cards = newestFirst(digest.entries, entry => entry.date).map(entry => ({ entry, card: cardOf(entry, paperOf, statusOf, ranking) }));
  const kept = keptOrder && inKeptOrder(cards, keptOrder);
  if (kept) return kept;
  if (!ranking) return cards.map(({ card }) => card);
  return byRankWithinDays(cards, ranking).map(({ card }) => card);
}

interface EntryCard {
  readonly entry: DigestEntry;
  readonly card: CardData;
}

function cardOf(
  entry: DigestEntry,
  paperOf: (title: string) => CardPaper | undefined,
  statusOf: (paper: ReadingPaper) => ReadingStatus,
  ranking: CardRanking | undefined,
): CardData {
  const paper = paperOf(entry.title);
  const why = paper ? ranking?.get(paper.key)?.why : undefined;
  const metadata = paper?.metadata ?? entry.metadata;
  const by = byline({ year: paper?.year ?? entry.year, metadata });
  const status = statusOf({ title: entry.title, metadata });
  const ids = [metadata?.arxiv && `arXiv:${metadata.arxiv}`, ...(metadata?.categories ?? [])].filter((id): id is string => Boolean(id));
  return {
    key: paper?.key ?? '',
    title: entry.title,
    day: entry.day,
    abstract: entry.abstract,
    links: cardLinks(entry),
    line: entry.titleLine,
    ...(by ? { byline: by } : {}),
    ...(metadata?.authors?.length ? { authors: metadata.authors.map(a => a.literal) } : {}),
    ...(ids.length ? { ids } : {}),
    ...(status !== 'unread' ? { status } : {}),
    ...(why?.length ? { why } : {}),
  };
}

/** The cards in the kept order, when it names exactly their title lines; else undefined. */
function inKeptOrder(cards: readonly EntryCard[], keptOrder: readonly number[]): CardData[] | undefined {
  const byLine = new Map(cards.map(({ card }) => [card.line, card]));
  if (byLine.size !== cards.length || keptOrder.length !== cards.length) return undefined;
  const kept = keptOrder.map(line => byLine.get(line));
  return new Set(kept).size === cards.length && kept.every(card => card !== undefined) ? (kept as CardData[]) : undefined;
}

/** Each run of entries of one day (as `newestFirst` leaves them) in the For you order, the days kept in place. */
function byRankWithinDays(cards: readonly EntryCard[], ranking: CardRanking): EntryCard[] {
  const ordered: EntryCard[] = [];
  let run: EntryCard[] = [];
  const flush = () => {
    ordered.push(
      ...orderByScore(
        run,
        ({ card }) => ranking.get(card.key)?.score,
        ({ card }) => card.status === 'starred',
      ),
    );
    run = [];
  };
  for (const item of cards) {
    if (run.length > 0 && (run[0].entry.day !== item.entry.day || run[0].entry.date !== item.entry.date)) flush();
    run.push(item);
  }
  flush();
  return ordered;
}

/** The entry's links, plus a doi.org link when the abstract names a DOI without linking it. */
function cardLinks(entry: DigestEntry): CardLink[] {
  const links: CardLink[] = entry.links.map(link => ({ url: link.url, kind: link.kind }));
  if (entry.doi && !links.some(link => link.url.includes(entry.doi as string))) {
    links.push({ url: `https://doi.org/${entry.doi}`, kind: 'doi' });
  }
  return links;
}

/**
 * The entry a 0-based editor line belongs to: the one whose title-to-abstract range holds it, or,
 * on the blank lines after an entry, that entry (reading down, you are still "in" it). Nothing on
 * a day line, in the header, or between a day line and its first entry.
 */
export function entryAtLine(digest: ParsedDigest, line: number): DigestEntry | undefined {
  let candidate: DigestEntry | undefined;
  for (const entry of digest.entries) {
    if (entry.titleLine > line) {
      break;
    }
    candidate = entry;
  }
  if (!candidate || line <= candidate.range.end) {
    return candidate;
  }
  const end = candidate.range.end;
  const dayInBetween = digest.days.some(day => day.line > end && day.line <= line);
  return dayInBetween ? undefined : candidate;
}
