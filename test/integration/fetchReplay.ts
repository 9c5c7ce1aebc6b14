/**
 * Answers of Hugging Face's `/api/daily_papers` and arXiv's RSS feed for the fetch tests, cut from
 * the real samples in test/fixtures/sources: the 30 papers of the Hugging Face sample spread over
 * days (each featured on the day asked, as the service does), and the arXiv feed of 24 Sep 2026
 * as it came, or emptied as on a weekend.
 */
import { fixture, json, type ReplayAnswer, type ReplayRequest } from './metadataReplay';

const HF_SAMPLE: Array<Record<string, unknown> & { paper: Record<string, unknown> }> = JSON.parse(fixture('sources/hf-daily-papers.json'));
export const ARXIV_RSS = fixture('sources/arxiv-rss.xml');
/** The feed's listing day (its channel `pubDate`). */
export const ARXIV_LISTING_DAY = '2026-09-24';
export const RSS_ETAG = '"feed-2026-09-24"';

/** The papers `from`..`to` of the sample, featured on `day`: the JSON the service sends for it. */
export function hfDay(day: string, from: number, to: number): string {
  const items = HF_SAMPLE.slice(from, to).map(item => ({
    ...item,
    paper: { ...item.paper, submittedOnDailyAt: `${day}T00:00:00.000Z` },
  }));
  return JSON.stringify(items);
}

/** A page of `/api/daily_papers` from a day's whole list, by the request's `limit` and `p`. */
export function hfPage(request: ReplayRequest, days: Record<string, string>): ReplayAnswer {
  const all = JSON.parse(days[request.query.get('date') ?? ''] ?? '[]') as unknown[];
  const limit = Number(request.query.get('limit') ?? '50');
  const page = Number(request.query.get('p') ?? '0');
  return json(JSON.stringify(all.slice(page * limit, (page + 1) * limit)));
}

/** The feed with its items removed, as arXiv sends it on a weekend or holiday. */
export function emptyFeed(): string {
  return ARXIV_RSS.replace(/\s*<item>[\s\S]*<\/item>/, '');
}

/** The feed, answering a conditional request with the same ETag by 304. */
export function rssAnswer(request: ReplayRequest, body = ARXIV_RSS, etag = RSS_ETAG): ReplayAnswer {
  if (request.headers['if-none-match'] === etag) return { status: 304, headers: { etag } };
  return {
    headers: { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'last-modified': 'Thu, 24 Sep 2026 04:00:00 GMT' },
    body,
  };
}
