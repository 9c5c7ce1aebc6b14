/**
 * The real papers of `../shared/data` as the extension would hold them: each listing day written
 * as an arXiv RSS feed (the format `fetch` saves and the extension reads), read back through the
 * extension's own readers (`parseAnyDigest`, `buildLibrary`), one `RankDocument` per paper.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseAnyDigest } from '../src/core/digest/sources';
import { buildLibrary } from '../src/core/library/library';
import { rankDocumentOf, type RankDocument } from '../src/core/rank';

const DATA_NAME = 'arxiv-listings-2025-03-18-to-07-31.jsonl.gz';

/**
 * The crawl: `--data`, else `../shared/data` beside the checkout (or beside its parent folder, for
 * a worktree under `wt/`). `__dirname` is `bench/` under tsx and `dist/` bundled: one below the root.
 */
export function findCrawl(given?: string): string | undefined {
  if (given !== undefined) return given;
  const root = join(__dirname, '..');
  return [join(root, '..', 'shared', 'data', DATA_NAME), join(root, '..', '..', 'shared', 'data', DATA_NAME)].find(existsSync);
}

export interface CrawlPaper {
  readonly id: string;
  readonly title: string;
  readonly abstract: string;
  readonly authors: readonly string[];
  readonly categories: readonly string[];
  readonly date: string;
  readonly labels: readonly string[];
}

export function readCrawl(path: string): CrawlPaper[] {
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  return text
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => JSON.parse(line) as CrawlPaper);
}

/** Writes one RSS feed per listing day into `folder`; returns the file paths. */
export function writeRssDays(papers: readonly CrawlPaper[], folder: string): string[] {
  mkdirSync(folder, { recursive: true });
  const byDay = new Map<string, CrawlPaper[]>();
  for (const paper of papers) byDay.set(paper.date, [...(byDay.get(paper.date) ?? []), paper]);
  const paths: string[] = [];
  for (const [day, list] of [...byDay].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const path = join(folder, `arxiv-${day}.xml`);
    writeFileSync(path, rssOf(day, list));
    paths.push(path);
  }
  return paths;
}

/** Reads every feed of `folder` back as the extension does; papers keyed as the library keys them. */
export function readRssFolder(folder: string): RankDocument[] {
  const digests = readdirSync(folder)
    .filter(name => name.endsWith('.xml'))
    .sort()
    .map(name => {
      const path = join(folder, name);
      return parseAnyDigest(readFileSync(path, 'utf8'), path);
    });
  return buildLibrary(digests).papers.map(rankDocumentOf);
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `Tue, 18 Mar 2025 00:00:00 -0400`, as arXiv's feed dates its items (midnight US Eastern). */
function rssDate(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][date.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][date.getUTCMonth()];
  return `${weekday}, ${day.slice(8)} ${month} ${day.slice(0, 4)} 00:00:00 -0400`;
}

function rssOf(day: string, papers: readonly CrawlPaper[]): string {
  const date = rssDate(day);
  const items = papers.map(paper =>
    [
      '    <item>',
      `      <title>${escapeXml(paper.title)}</title>`,
      `      <link>https://arxiv.org/abs/${paper.id}</link>`,
      `      <description>arXiv:${paper.id}v1 Announce Type: new \nAbstract: ${escapeXml(paper.abstract)}</description>`,
      `      <guid isPermaLink="false">oai:arXiv.org:${paper.id}v1</guid>`,
      ...paper.categories.map(category => `      <category>${escapeXml(category)}</category>`),
      `      <pubDate>${date}</pubDate>`,
      '      <arxiv:announce_type>new</arxiv:announce_type>',
      `      <dc:creator>${escapeXml(paper.authors.join(', '))}</dc:creator>`,
      '    </item>',
    ].join('\n'),
  );
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    '<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">',
    '  <channel>',
    '    <title>cs.CV, cs.CL, cs.AI updates on arXiv.org</title>',
    '    <link>http://rss.arxiv.org/rss/cs.CV+cs.CL+cs.AI</link>',
    '    <description>updates on the arXiv.org e-print archive.</description>',
    `    <pubDate>${date}</pubDate>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}
