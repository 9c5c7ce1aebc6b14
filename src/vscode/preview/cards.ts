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
 * `ranking` ("For you"), each day's ranked papers come first, best first, each card saying why.
 */
export function buildCards(
  digest: ParsedDigest,
  paperOf: (title: string) => CardPaper | undefined,
  statusOf: (paper: ReadingPaper) => ReadingStatus = () => 'unread',
  ranking?: CardRanking,
): CardData[] {
  const entries = newestFirst(digest.entries, entry => entry.date);
  const ordered = ranking ? byRankWithinDays(entries, entry => ranking.get(paperOf(entry.title)?.key ?? '')?.score) : entries;
  return ordered.map(entry => {
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
  });
}

/** Each run of entries of one day (as `newestFirst` leaves them) ordered by score, the days kept in place. */
function byRankWithinDays(entries: readonly DigestEntry[], scoreOf: (entry: DigestEntry) => number | undefined): DigestEntry[] {
  const ordered: DigestEntry[] = [];
  let run: DigestEntry[] = [];
  const flush = () => {
    ordered.push(...orderByScore(run, scoreOf));
    run = [];
  };
  for (const entry of entries) {
    if (run.length > 0 && (run[0].day !== entry.day || run[0].date !== entry.date)) flush();
    run.push(entry);
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
