// Writes a workspace of real papers for performance checks, from the arXiv crawl in ../shared/data
// (22,009 papers, 2025-03-18 to 07-31; see its README): the newest days, whole, until PAPERS papers,
// one file per day, as arXiv RSS feeds (the daily format fetching writes) or as text digests.
//
//   node scripts/perf/make-real-workspace.mjs DIR [PAPERS] [--format rss|text] [--data FILE]
//
// Default 10 000 papers, RSS. Each paper is listed on the first day it appeared; the days are real.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
// ../shared beside the clone, or further up (a worktree under a folder of worktrees).
const DEFAULT_DATA = sharedPath(resolve(here, '..', '..'), 'data', 'arxiv-listings-2025-03-18-to-07-31.jsonl.gz');

function sharedPath(from, ...parts) {
  for (let dir = resolve(from, '..'); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', ...parts);
    if (existsSync(candidate) || dir === dirname(dir)) return candidate;
  }
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The papers of the newest whole days until `count` papers, grouped by day (oldest day first). */
export function newestDays(dataFile, count) {
  const papers = gunzipSync(readFileSync(dataFile))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line));
  const byDay = new Map();
  for (const paper of papers) {
    if (!byDay.has(paper.date)) byDay.set(paper.date, []);
    byDay.get(paper.date).push(paper);
  }
  const days = [];
  let total = 0;
  for (const date of [...byDay.keys()].sort().reverse()) {
    if (total >= count) break;
    days.unshift([date, byDay.get(date)]);
    total += byDay.get(date).length;
  }
  return { days, total };
}

const escapeXml = text => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A day's papers as the feed rss.arxiv.org serves for several categories (see fixtures/sources/arxiv-rss.xml). */
export function rssOf(date, papers) {
  const day = new Date(`${date}T00:00:00Z`);
  const dayOfMonth = String(day.getUTCDate()).padStart(2, '0');
  const pubDate = `${DAYS[day.getUTCDay()]}, ${dayOfMonth} ${MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()} 00:00:00 -0400`;
  const items = papers.map(
    paper => `    <item>
      <title>${escapeXml(paper.title)}</title>
      <link>https://arxiv.org/abs/${paper.id}</link>
      <description>arXiv:${paper.id}v1 Announce Type: new 
Abstract: ${escapeXml(paper.abstract)}</description>
      <guid isPermaLink="false">oai:arXiv.org:${paper.id}v1</guid>
${paper.categories.map(category => `      <category>${escapeXml(category)}</category>`).join('\n')}
      <pubDate>${pubDate}</pubDate>
      <arxiv:announce_type>new</arxiv:announce_type>
      <dc:rights>http://arxiv.org/licenses/nonexclusive-distrib/1.0/</dc:rights>
      <dc:creator>${escapeXml(paper.authors.join(', '))}</dc:creator>
    </item>`,
  );
  return `<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
  <channel>
    <title>cs.CV, cs.CL, cs.AI updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.CV+cs.CL+cs.AI</link>
    <description>cs.CV, cs.CL, cs.AI updates on the arXiv.org e-print archive.</description>
    <atom:link href="http://rss.arxiv.org/rss/cs.CV+cs.CL+cs.AI" rel="self" type="application/rss+xml"/>
    <docs>http://www.rssboard.org/rss-specification</docs>
    <language>en-us</language>
    <lastBuildDate>${pubDate.replace('00:00:00 -0400', '08:58:05 +0000')}</lastBuildDate>
    <managingEditor>rss-help@arxiv.org</managingEditor>
    <pubDate>${pubDate}</pubDate>
${items.join('\n')}
  </channel>
</rss>
`;
}

/** A day's papers as the text page (title, blank line, abstract). */
export function textOf(date, papers) {
  const day = new Date(`${date}T00:00:00Z`);
  const label = `${MONTHS[day.getUTCMonth()]} ${day.getUTCDate()}, ${day.getUTCFullYear()}`;
  return `arXiv new submissions\n\n${label}\n\n${papers.map(p => `${p.title}\n\n${p.abstract}`).join('\n\n')}\n`;
}

export function makeRealWorkspace(dir, { papers = 10_000, format = 'rss', dataFile = DEFAULT_DATA } = {}) {
  const { days, total } = newestDays(dataFile, papers);
  mkdirSync(dir, { recursive: true });
  for (const [date, list] of days) {
    if (format === 'rss') writeFileSync(join(dir, `arxiv-${date}.xml`), rssOf(date, list));
    else writeFileSync(join(dir, `arxiv-${date}.digest.txt`), textOf(date, list));
  }
  return { files: days.length, total };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { format: { type: 'string', default: 'rss' }, data: { type: 'string', default: DEFAULT_DATA } },
  });
  const [dir, count] = positionals;
  if (!dir || !['rss', 'text'].includes(values.format)) {
    console.error('usage: node scripts/perf/make-real-workspace.mjs DIR [PAPERS] [--format rss|text] [--data FILE]');
    process.exit(2);
  }
  const { files, total } = makeRealWorkspace(resolve(dir), {
    papers: Number(count ?? 10_000),
    format: values.format,
    dataFile: values.data,
  });
  console.log(`wrote ${total} real papers in ${files} daily ${values.format} files to ${resolve(dir)}`);
}
