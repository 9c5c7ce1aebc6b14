/**
 * The services' answers, read and checked before anything is written: a cut or garbled answer
 * (a dropped connection, a proxy's error page) is refused whole, so a digest file is written
 * whole or not at all. And the rule for a day already on disk: replaced only when the answer has
 * papers the file lacks or papers that changed (titles, abstracts, authors, links; not upvotes).
 */
import { asText, normalizeArxivId, writtenDate } from '../digest/sources/common';
import { child, children, readXml } from '../digest/sources/xml';

/** An answer that is not what the service sends: nothing of it is written. */
export class UnreadableAnswer extends Error {}

/** A paper as compared between two answers for the same day: an identity and what a writer sees of it. */
export interface ListedPaper {
  readonly id: string;
  readonly fingerprint: string;
}

/** One page of `/api/daily_papers`: its items (kept as sent) and their papers. */
export interface HuggingFacePage {
  readonly items: readonly unknown[];
  readonly papers: readonly ListedPaper[];
}

export function readHuggingFacePage(body: string): HuggingFacePage {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new UnreadableAnswer(`not JSON (${(error as Error).message}); the answer may have been cut`);
  }
  if (!Array.isArray(data)) throw new UnreadableAnswer('not a list of daily papers');
  const papers = data.map((item, i) => {
    const record = isObject(item) ? item : {};
    const paper = isObject(record.paper) ? record.paper : record;
    const title = asText(paper.title).trim();
    if (title === '') throw new UnreadableAnswer(`item ${i + 1} has no paper title`);
    const authors = Array.isArray(paper.authors) ? paper.authors.map(a => (isObject(a) ? asText(a.name) : asText(a))) : [];
    const id = normalizeArxivId(asText(paper.id)) ?? title.toLowerCase();
    const shown = [title, asText(paper.summary), authors.join(';'), asText(paper.githubRepo), asText(paper.projectPage)];
    return { id, fingerprint: shown.join('\u0000') };
  });
  return { items: data, papers };
}

/** arXiv's RSS feed: the listing day its `pubDate` names and its papers; empty on weekends and holidays. */
export interface ArxivFeed {
  readonly listingDay: string | undefined;
  readonly papers: readonly ListedPaper[];
}

export function readArxivFeed(body: string): ArxivFeed {
  const { document, problem } = readXml(body);
  if (problem) throw new UnreadableAnswer(`not well-formed XML (${problem.message}, line ${problem.line}); the answer may have been cut`);
  const channel = child(child(document, 'rss'), 'channel');
  if (channel === undefined) throw new UnreadableAnswer('not an RSS feed (no channel)');
  const items = children(channel, 'item');
  const listingDay =
    writtenDate(asText(channel.pubDate)) ?? writtenDate(asText(channel.lastBuildDate)) ?? writtenDate(asText(child(items[0], 'pubDate')));
  const papers = items.map(item => {
    const node = isObject(item) ? item : {};
    const title = asText(node.title).trim();
    const id = normalizeArxivId(asText(node.guid)) ?? normalizeArxivId(asText(node.link)) ?? title.toLowerCase();
    return { id, fingerprint: [title, asText(node.description), asText(node['dc:creator'])].join('\u0000') };
  });
  return { listingDay, papers };
}

/** How an answer compares with the file already written for its day. */
export interface Comparison {
  /** Papers of the answer the file lacks. */
  readonly added: number;
  /** Papers in both whose shown content differs. */
  readonly changed: number;
  /** Whether to replace the file: something added or changed. */
  readonly replace: boolean;
}

export function compareWithFile(answer: readonly ListedPaper[], onDisk: readonly ListedPaper[] | undefined): Comparison {
  if (onDisk === undefined) return { added: answer.length, changed: 0, replace: answer.length > 0 };
  const old = new Map(onDisk.map(p => [p.id, p.fingerprint]));
  let added = 0;
  let changed = 0;
  for (const paper of answer) {
    const before = old.get(paper.id);
    if (before === undefined) added++;
    else if (before !== paper.fingerprint) changed++;
  }
  return { added, changed, replace: added + changed > 0 };
}

/** The papers of a file written earlier; undefined when it cannot be read (then it is replaced). */
export function papersOnDisk(
  text: string | undefined,
  read: (body: string) => { papers: readonly ListedPaper[] },
): readonly ListedPaper[] | undefined {
  if (text === undefined) return undefined;
  try {
    return read(text).papers;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
