/**
 * The digest sources against the text digest: the same N papers written as the text page, as a
 * Hugging Face daily-papers JSON (shaped like the real answer, with its duplicated title and
 * summary and its extra fields), as an arXiv listing e-mail (wrapped titles, authors and
 * abstracts, cross-lists and replacements) and as arXiv RSS feeds (a day of 200 papers a feed,
 * shaped like rss.arxiv.org's), each parsed from its text. The targets (issue 22): the JSON reader
 * at most 1.3x `JSON.parse` of the same file (the platform's parser is the floor), the e-mail at
 * most 1.5x the text page, the RSS reader at most 2x the text page.
 *
 * `npx tsx bench/sources.ts [--papers 10000] [--json] [--cpu]`, or `benchSources(n)` from bench/main.ts.
 * `--cpu` times CPU rather than elapsed time: steadier on a machine other work keeps busy.
 */
import { parseArgs } from 'node:util';
import { parseDigest } from '../src/core/digest/parser';
import { parseAnyDigest } from '../src/core/digest/sources/index';
import type { DigestEntry } from '../src/core/model';
import { createRandom, generateDigest } from './generate';
import { bestCpuOf, bestOf as bestOfElapsed, MB } from './measure';

export interface SourcesResult {
  readonly papers: number;
  readonly text: SourceFigure;
  readonly hfJson: SourceFigure;
  readonly arxivEmail: SourceFigure;
  /** The same papers as daily feeds of `RSS_PAPERS_PER_FEED`, parsed one feed after another. */
  readonly arxivRss: SourceFigure;
  /** `JSON.parse` of the HF file alone: the floor of any reader of it (the platform's parser). */
  readonly hfJsonParseOnlyMs: number;
}

export interface SourceFigure {
  readonly fileMB: number;
  readonly parseMs: number;
  /** This source's parse time over the text digest's (the target is at most 2). */
  readonly ratio: number;
  readonly entries: number;
}

export interface SourceTexts {
  readonly text: string;
  readonly hf: string;
  readonly mail: string;
  /** One feed per day of `RSS_PAPERS_PER_FEED` papers (a real day's feed holds 150-300). */
  readonly rss: readonly string[];
}

const RSS_PAPERS_PER_FEED = 200;

/** Targets: HF JSON against `JSON.parse` of its file, the others against the text page. */
export const SOURCE_TARGETS = { hfJsonOverParse: 1.3, arxivEmail: 1.5, arxivRss: 2 } as const;

/** The same `papers` papers as a text digest, a Hugging Face JSON and an arXiv listing mail. */
export function generateSources(papers: number): SourceTexts {
  const text = generateDigest({ papers, repeatRate: 0 }).text;
  const entries = parseDigest(text, 'synthetic.digest.txt').entries;
  const random = createRandom(11);
  const authors = entries.map(() => authorList(random));
  const rss: string[] = [];
  for (let at = 0; at < entries.length; at += RSS_PAPERS_PER_FEED) {
    rss.push(arxivRssOf(entries.slice(at, at + RSS_PAPERS_PER_FEED), authors.slice(at, at + RSS_PAPERS_PER_FEED), at));
  }
  return { text, hf: hfJsonOf(entries, authors), mail: arxivEmailOf(entries, authors, random), rss };
}

/** Generates the three files of `papers` papers, parses each (best of `runs`) and compares. */
export function benchSources(papers: number, runs = 3, options: { cpu?: boolean } = {}): SourcesResult {
  const { text, hf, mail, rss } = generateSources(papers);
  const bestOf = options.cpu ? bestCpuOf : bestOfElapsed;

  const measure = (source: string, path: string) => {
    const run = bestOf(runs, () => parseAnyDigest(source, path));
    return { fileMB: source.length / MB, parseMs: run.ms, entries: run.value.entries.length };
  };
  const textRun = measure(text, 'synthetic.digest.txt');
  const hfRun = measure(hf, 'synthetic.json');
  const mailRun = measure(mail, 'synthetic.eml.txt');
  const rssParse = bestOf(runs, () => rss.reduce((count, feed, i) => count + parseAnyDigest(feed, `feed-${i}.xml`).entries.length, 0));
  const rssRun = { fileMB: rss.reduce((sum, feed) => sum + feed.length, 0) / MB, parseMs: rssParse.ms, entries: rssParse.value };
  for (const [name, run] of [
    ['HF JSON', hfRun],
    ['arXiv e-mail', mailRun],
    ['arXiv RSS', rssRun],
  ] as const) {
    if (run.entries !== textRun.entries) throw new Error(`${name}: ${run.entries} entries, the text digest has ${textRun.entries}`);
  }
  const withRatio = (run: typeof textRun): SourceFigure => ({ ...run, ratio: run.parseMs / textRun.parseMs });
  const hfJsonParseOnlyMs = bestOf(runs, () => JSON.parse(hf) as unknown).ms;
  return {
    papers,
    text: withRatio(textRun),
    hfJson: withRatio(hfRun),
    arxivEmail: withRatio(mailRun),
    arxivRss: withRatio(rssRun),
    hfJsonParseOnlyMs,
  };
}

const GIVEN = [
  'Jacob',
  'Neel',
  'Marta',
  'Wei',
  'Yuki',
  'Ana',
  'Pierre',
  'Olga',
  'Ravi',
  'Chen',
  'Sofia',
  'Jonas',
  'Amara',
  'Luis',
  'Hana',
  'R. Michael',
  'J.',
];
const FAMILY = [
  'Dunefsky',
  'Nanda',
  'García',
  'Zhang',
  'Tanaka',
  'Müller',
  'de Vries',
  'Kowalski',
  'Sharma',
  'Nguyen',
  'Rossi',
  'Okafor',
  'Chen',
  'van der Berg',
  'Lee',
  'Smith',
  'Ivanova',
];

/** 1 to 12 authors, names drawn from a few hundred combinations (real names recur too). */
function authorList(random: () => number): string[] {
  const count = 1 + Math.floor(random() * random() * 12);
  return Array.from(
    { length: count },
    () => `${GIVEN[Math.floor(random() * GIVEN.length)]} ${FAMILY[Math.floor(random() * FAMILY.length)]}`,
  );
}

/** Ids that look like arXiv's: yymm.nnnnn, distinct. */
function arxivId(i: number): string {
  return `24${String(1 + (Math.floor(i / 30000) % 12)).padStart(2, '0')}.${String(10000 + (i % 30000)).padStart(5, '0')}`;
}

/** The daily-papers answer shape: a nested paper, title and summary twice, the extra fields. */
function hfJsonOf(entries: readonly DigestEntry[], authors: readonly string[][]): string {
  const items = entries.map((entry, i) => {
    const day = entry.date ?? '2024-03-14';
    const paper = {
      id: arxivId(i),
      authors: authors[i].map((name, n) => ({ _id: `${i.toString(16)}${n}`, name, hidden: false })),
      publishedAt: `${day}T00:00:00.000Z`,
      submittedOnDailyAt: `${day}T00:00:00.000Z`,
      title: entry.title,
      summary: entry.abstract,
      upvotes: i % 97,
      discussionId: `d${i.toString(16)}`,
      ai_summary: entry.abstract.slice(0, 220),
      ai_keywords: entry.title.split(' ').slice(0, 8),
      ...(entry.links[0] ? { githubRepo: entry.links[0].url, githubStars: i % 50 } : {}),
    };
    return {
      paper,
      publishedAt: `${day}T00:00:00.000Z`,
      title: entry.title,
      summary: entry.abstract,
      thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${paper.id}.png`,
      numComments: i % 7,
      isAuthorParticipating: false,
    };
  });
  return JSON.stringify(items);
}

/** A listing mail: header with the window, entries wrapped at 80 columns, the three sections. */
function arxivEmailOf(entries: readonly DigestEntry[], authors: readonly string[][], random: () => number): string {
  const out: string[] = [
    '------------------------------------------------------------------------------',
    ' Submissions to:',
    'Machine Learning',
    ' received from  Wed 13 Mar 24 18:00:00 GMT  to  Thu 14 Mar 24 18:00:00 GMT',
    '------------------------------------------------------------------------------',
  ];
  const newCount = Math.floor(entries.length * 0.5);
  const crossCount = Math.floor(entries.length * 0.25);
  entries.forEach((entry, i) => {
    if (i === newCount) out.push('%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-');
    if (i === newCount + crossCount) out.push('%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%');
    const id = arxivId(i);
    const cross = i >= newCount && (i < newCount + crossCount || random() < 0.15);
    const replaced = i >= newCount + crossCount;
    out.push('\\\\', `arXiv:${id}${cross ? ' (*cross-listing*)' : ''}`);
    out.push(
      replaced
        ? 'replaced with revised version Thu, 14 Mar 2024 10:00:00 GMT   (100kb,D)'
        : 'Date: Wed, 13 Mar 2024 20:54:59 GMT   (37kb,D)',
      '',
    );
    out.push(...wrapped(`Title: ${entry.title}`), ...wrapped(`Authors: ${joinAuthors(authors[i])}`), 'Categories: cs.LG cs.AI');
    if (random() < 0.5) out.push(...wrapped('Comments: 12 pages, 4 figures, accepted at a conference with a long name'));
    // Replacements carry no abstract; an entry without one in the text digest has none either.
    if (!replaced && entry.abstract !== '') out.push('\\\\', ...wrapped(`  ${entry.abstract}`, ''));
    out.push(
      `\\\\ ( https://arxiv.org/abs/${id} ,  37kb)`,
      '------------------------------------------------------------------------------',
    );
  });
  out.push('%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---');
  return out.join('\r\n') + '\r\n';
}

function joinAuthors(names: readonly string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Hard-wrapped at 80 columns, continuation lines starting with `indent`. */
function wrapped(text: string, indent = '  '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > 80) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The figures as a small table, for the terminal. */
export function formatSources(result: SourcesResult): string {
  const row = (name: string, f: SourceFigure, target = '') =>
    `${name.padEnd(16)}${f.fileMB.toFixed(1).padStart(8)} MB${f.parseMs.toFixed(0).padStart(8)} ms` +
    `${f.ratio.toFixed(2).padStart(8)}x${target}`;
  const overParse = result.hfJson.parseMs / result.hfJsonParseOnlyMs;
  return [
    `${result.papers} papers: parse time of each source vs the text digest of the same papers`,
    row('text digest', result.text),
    row('HF JSON', result.hfJson, `  ${overParse.toFixed(2)}x JSON.parse (target <= ${SOURCE_TARGETS.hfJsonOverParse}x)`),
    row('arXiv e-mail', result.arxivEmail, `  (target <= ${SOURCE_TARGETS.arxivEmail}x)`),
    row(
      'arXiv RSS',
      result.arxivRss,
      `  (target <= ${SOURCE_TARGETS.arxivRss}x; ${Math.ceil(result.papers / RSS_PAPERS_PER_FEED)} daily feeds)`,
    ),
    `${'JSON.parse only'.padEnd(16)}${''.padStart(11)}${result.hfJsonParseOnlyMs.toFixed(0).padStart(8)} ms` +
      `${(result.hfJsonParseOnlyMs / result.text.parseMs).toFixed(2).padStart(8)}x  (the HF file, no reading of papers)`,
  ].join('\n');
}

/** A day's feed as rss.arxiv.org serves it (see test/fixtures/sources/arxiv-rss.xml). */
function arxivRssOf(entries: readonly DigestEntry[], authors: readonly string[][], first: number): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const pubDate = 'Thu, 14 Mar 2024 00:00:00 -0400';
  const items = entries.map((entry, i) => {
    const id = arxivId(first + i);
    return [
      '    <item>',
      `      <title>${escape(entry.title)}</title>`,
      `      <link>https://arxiv.org/abs/${id}</link>`,
      `      <description>arXiv:${id}v1 Announce Type: new \nAbstract: ${escape(entry.abstract)}</description>`,
      `      <guid isPermaLink="false">oai:arXiv.org:${id}v1</guid>`,
      '      <category>cs.LG</category>',
      '      <category>cs.AI</category>',
      `      <pubDate>${pubDate}</pubDate>`,
      '      <arxiv:announce_type>new</arxiv:announce_type>',
      '      <dc:rights>http://arxiv.org/licenses/nonexclusive-distrib/1.0/</dc:rights>',
      `      <dc:creator>${escape(authors[i].join(', '))}</dc:creator>`,
      '    </item>',
    ].join('\n');
  });
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    '<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">',
    '  <channel>',
    '    <title>cs.LG, cs.AI updates on arXiv.org</title>',
    '    <link>http://rss.arxiv.org/rss/cs.LG+cs.AI</link>',
    `    <pubDate>${pubDate}</pubDate>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && /bench[\\/]sources\.ts$/.test(process.argv[1])) {
  const { values } = parseArgs({
    options: {
      papers: { type: 'string', default: '10000' },
      json: { type: 'boolean', default: false },
      cpu: { type: 'boolean', default: false },
    },
  });
  const result = benchSources(Number(values.papers), 3, { cpu: values.cpu });
  process.stdout.write((values.json ? JSON.stringify(result, null, 2) : formatSources(result)) + '\n');
}
