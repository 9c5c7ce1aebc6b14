/**
 * The digest sources against the text digest: the same N papers written as the text page, as a
 * Hugging Face daily-papers JSON (shaped like the real answer, with its duplicated title and
 * summary and its extra fields) and as an arXiv listing e-mail (wrapped titles, authors and
 * abstracts, cross-lists and replacements), each parsed from its text. The target: each source
 * within 2x the text digest's time.
 *
 * `npx tsx bench/sources.ts [--papers 10000] [--json]`, or `benchSources(n)` from bench/main.ts.
 */
import { parseArgs } from 'node:util';
import { parseDigest } from '../src/core/digest/parser';
import { parseAnyDigest } from '../src/core/digest/sources/index';
import type { DigestEntry } from '../src/core/model';
import { createRandom, generateDigest } from './generate';
import { bestOf, MB } from './measure';

export interface SourcesResult {
  readonly papers: number;
  readonly text: SourceFigure;
  readonly hfJson: SourceFigure;
  readonly arxivEmail: SourceFigure;
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
}

/** The same `papers` papers as a text digest, a Hugging Face JSON and an arXiv listing mail. */
export function generateSources(papers: number): SourceTexts {
  const text = generateDigest({ papers, repeatRate: 0 }).text;
  const entries = parseDigest(text, 'synthetic.digest.txt').entries;
  const random = createRandom(11);
  const authors = entries.map(() => authorList(random));
  return { text, hf: hfJsonOf(entries, authors), mail: arxivEmailOf(entries, authors, random) };
}

/** Generates the three files of `papers` papers, parses each (best of `runs`) and compares. */
export function benchSources(papers: number, runs = 3): SourcesResult {
  const { text, hf, mail } = generateSources(papers);

  const measure = (source: string, path: string) => {
    const run = bestOf(runs, () => parseAnyDigest(source, path));
    return { fileMB: source.length / MB, parseMs: run.ms, entries: run.value.entries.length };
  };
  const textRun = measure(text, 'synthetic.digest.txt');
  const hfRun = measure(hf, 'synthetic.json');
  const mailRun = measure(mail, 'synthetic.eml.txt');
  for (const [name, run] of [
    ['HF JSON', hfRun],
    ['arXiv e-mail', mailRun],
  ] as const) {
    if (run.entries !== textRun.entries) throw new Error(`${name}: ${run.entries} entries, the text digest has ${textRun.entries}`);
  }
  const withRatio = (run: typeof textRun): SourceFigure => ({ ...run, ratio: run.parseMs / textRun.parseMs });
  const hfJsonParseOnlyMs = bestOf(runs, () => JSON.parse(hf) as unknown).ms;
  return { papers, text: withRatio(textRun), hfJson: withRatio(hfRun), arxivEmail: withRatio(mailRun), hfJsonParseOnlyMs };
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
  const row = (name: string, f: SourceFigure) =>
    `${name.padEnd(16)}${f.fileMB.toFixed(1).padStart(8)} MB${f.parseMs.toFixed(0).padStart(8)} ms${f.ratio.toFixed(2).padStart(8)}x`;
  return [
    `${result.papers} papers: parse time of each source vs the text digest of the same papers (target <= 2.00x)`,
    row('text digest', result.text),
    row('HF JSON', result.hfJson),
    row('arXiv e-mail', result.arxivEmail),
    `${'JSON.parse only'.padEnd(16)}${''.padStart(11)}${result.hfJsonParseOnlyMs.toFixed(0).padStart(8)} ms` +
      `${(result.hfJsonParseOnlyMs / result.text.parseMs).toFixed(2).padStart(8)}x  (the HF file, no reading of papers)`,
  ].join('\n');
}

if (process.argv[1] !== undefined && /bench[\\/]sources\.ts$/.test(process.argv[1])) {
  const { values } = parseArgs({ options: { papers: { type: 'string', default: '10000' }, json: { type: 'boolean', default: false } } });
  const result = benchSources(Number(values.papers));
  process.stdout.write((values.json ? JSON.stringify(result, null, 2) : formatSources(result)) + '\n');
}
