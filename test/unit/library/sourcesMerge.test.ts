import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildLibrary } from '../../../src/core/library/library';
import type { DigestEntry, ParsedDigest, PaperMetadata } from '../../../src/core/model';
import { parseDigest } from '../../../src/core/digest/parser';
import { parseAnyDigest } from '../../../src/core/digest/sources/index';

const TITLE = 'Transcoders Find Interpretable LLM Feature Circuits';
const ABSTRACT =
  'A key goal in mechanistic interpretability is circuit analysis: finding sparse subgraphs of models corresponding ' +
  'to specific behaviors or capabilities. However, MLP sublayers make fine-grained circuit analysis on transformer-based ' +
  'language models difficult.';

const textDigest = (path: string, title = TITLE) => parseDigest(`Jun 18, 2024\n\n${title}\n\n${ABSTRACT}\n`, path);

const hfJson = parseAnyDigest(
  JSON.stringify(
    [
      {
        paper: {
          id: '2406.11944',
          authors: [
            { name: 'Jacob Dunefsky', hidden: false },
            { name: 'Philippe Chlenski', hidden: false },
            { name: 'Neel Nanda', hidden: false },
          ],
          publishedAt: '2024-06-17T00:00:00.000Z',
          submittedOnDailyAt: '2024-06-18T00:00:00.000Z',
          title: TITLE,
          summary: ABSTRACT,
          githubRepo: 'https://github.com/jacobdunefsky/transcoder_circuits',
        },
      },
    ],
    null,
    2,
  ),
  '/ws/hf/2024-06-18.json',
);

const MAIL_BODY = [
  ' Submissions to:',
  'Machine Learning',
  ' received from  Mon 17 Jun 24 18:00:00 GMT  to  Tue 18 Jun 24 18:00:00 GMT',
  '------------------------------------------------------------------------------',
  '\\\\',
  'arXiv:2406.11944',
  'Date: Mon, 17 Jun 2024 17:59:59 GMT   (1024kb,D)',
  '',
  // The same paper written with TeX case protection, wrapped: one paper by its id.
  'Title: Transcoders Find Interpretable {LLM} Feature',
  '  Circuits',
  'Authors: Jacob Dunefsky, Philippe Chlenski and Neel Nanda',
  'Categories: cs.LG cs.AI',
  'Journal-ref: NeurIPS 2024',
  '\\\\',
  `  ${ABSTRACT}`,
  '\\\\ ( https://arxiv.org/abs/2406.11944 ,  1024kb)',
  '------------------------------------------------------------------------------',
  '\\\\',
  'arXiv:2406.99999',
  'Date: Mon, 17 Jun 2024 10:00:00 GMT   (10kb)',
  '',
  // Another paper that happens to have the same title: a different id keeps it apart.
  `Title: ${TITLE}`,
  'Authors: Somebody Else',
  'Categories: cs.CL',
  '\\\\',
  '  A different abstract of a different paper that shares the title by chance.',
  '\\\\ ( https://arxiv.org/abs/2406.99999 ,  10kb)',
  '%%%---%%%---%%%---',
].join('\n');
const mail = parseAnyDigest(MAIL_BODY, '/ws/mail/cs.txt');

const rss = parseAnyDigest(
  `<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>cs.LG updates on arXiv.org</title>
    <item>
      <title>Transcoders Find Interpretable LLM Feature Circuits (revised title)</title>
      <link>https://arxiv.org/abs/2406.11944</link>
      <description>arXiv:2406.11944v2 Announce Type: replace 
Abstract: ${ABSTRACT}</description>
      <category>cs.LG</category>
      <pubDate>Fri, 01 Nov 2024 00:00:00 -0400</pubDate>
      <arxiv:announce_type>replace</arxiv:announce_type>
      <dc:creator>Jacob Dunefsky, Philippe Chlenski, Neel Nanda</dc:creator>
    </item>
  </channel>
</rss>`,
  '/ws/feeds/cs.LG.xml',
);

const ALL: ParsedDigest[] = [
  textDigest('/ws/2024-06-18.digest'),
  hfJson,
  mail,
  rss,
  textDigest('/ws/later.digest', `${TITLE} (revised title)`),
];

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map(rest => [item, ...rest]));
}

/** A digest of one entry with the given metadata, built by hand. */
function withMetadata(path: string, title: string, metadata: PaperMetadata): ParsedDigest {
  const entry: DigestEntry = {
    title,
    abstract: '',
    day: '2024-06-18',
    date: '2024-06-18',
    year: 2024,
    links: [],
    doi: null,
    titleLine: 0,
    range: { start: 0, end: 0 },
    metadata,
  };
  return {
    path,
    days: [{ label: '2024-06-18', date: '2024-06-18', line: 0, range: { start: 0, end: 0 }, entries: [entry] }],
    entries: [entry],
    diagnostics: [],
    lineCount: 1,
  };
}

describe('buildLibrary with digest sources', () => {
  it('makes one paper of the same arXiv id in every source and of its titles in text digests', () => {
    const library = buildLibrary(ALL);
    const paper = library.byArxiv('2406.11944')!;
    assert.ok(paper);
    assert.deepEqual(paper.occurrences.map(o => o.path).sort(), [
      '/ws/2024-06-18.digest',
      '/ws/feeds/cs.LG.xml',
      '/ws/hf/2024-06-18.json',
      '/ws/later.digest',
      '/ws/mail/cs.txt',
    ]);
    assert.equal(library.byTitle(TITLE), paper, 'the title finds the id paper, not the namesake');
    assert.equal(library.byTitle(`${TITLE} (revised title)`), paper);
    assert.equal(library.papers.length, 2);
  });

  it('never joins two papers with different arXiv ids, even with the same title', () => {
    const library = buildLibrary(ALL);
    const namesake = library.byArxiv('arXiv:2406.99999v1')!;
    assert.notEqual(namesake, library.byArxiv('2406.11944'));
    assert.deepEqual(
      namesake.metadata?.authors?.map(a => a.literal),
      ['Somebody Else'],
    );
    assert.notEqual(namesake.key, library.byArxiv('2406.11944')!.key);
  });

  it('gives the same papers, keys and metadata whatever the order of the digests', () => {
    const reference = buildLibrary(ALL).papers.map(p => [p.key, p.occurrences.length, p.metadata]);
    for (const order of permutations(ALL)) {
      assert.deepEqual(
        buildLibrary(order).papers.map(p => [p.key, p.occurrences.length, p.metadata]),
        reference,
      );
    }
  });

  it('merges metadata field by field, the richest source first', () => {
    const metadata = buildLibrary(ALL).byArxiv('2406.11944')!.metadata!;
    // The mail knows the most (authors, first-version date, categories, venue): it leads.
    assert.equal(metadata.source, 'arxiv-email');
    assert.deepEqual(
      metadata.authors?.map(a => a.literal),
      ['Jacob Dunefsky', 'Philippe Chlenski', 'Neel Nanda'],
    );
    assert.equal(metadata.published, '2024-06-17');
    assert.deepEqual(metadata.categories, ['cs.LG', 'cs.AI']);
    assert.equal(metadata.primaryClass, 'cs.LG');
    assert.equal(metadata.venue, 'NeurIPS 2024');
    assert.equal(metadata.url, 'https://arxiv.org/abs/2406.11944');
  });

  it('fills a field the richest source lacks from the next one that has it', () => {
    const poor = withMetadata('/a.json', TITLE, { arxiv: '2406.11944', authors: [{ literal: 'Jacob Dunefsky' }], source: 'huggingface' });
    const rich = withMetadata('/b.txt', TITLE, {
      arxiv: '2406.11944',
      categories: ['cs.LG'],
      primaryClass: 'cs.LG',
      published: '2024-06-17',
      source: 'arxiv-email',
    });
    const merged = buildLibrary([poor, rich]).byArxiv('2406.11944')!.metadata!;
    assert.equal(merged.source, 'arxiv-email');
    assert.deepEqual(merged.authors, [{ literal: 'Jacob Dunefsky' }], 'from the only source that has authors');
    assert.deepEqual(merged.categories, ['cs.LG']);
  });

  it('lets a manual edit win over any source', () => {
    const manual = withMetadata('/m.json', TITLE, { arxiv: '2406.11944', venue: 'ICML 2025', source: 'manual' });
    const merged = buildLibrary([mail, manual]).byArxiv('2406.11944')!.metadata!;
    assert.equal(merged.venue, 'ICML 2025');
    assert.equal(merged.source, 'manual');
    assert.equal(merged.primaryClass, 'cs.LG', 'other fields still come from the mail');
  });

  it('keys a paper with a known first author and year by the author rule', () => {
    const library = buildLibrary(ALL);
    // The first version's year (2024, from the sources), the first author's family name, the title's first word.
    assert.equal(library.byArxiv('2406.11944')!.key, 'dunefsky2024transcoders');
    assert.equal(library.byArxiv('2406.99999')!.key, 'else2024transcoders');
    assert.equal(library.byTitle('A Paper Only in Text'), undefined);
  });

  it('keeps code links from Hugging Face and leaves text-only papers without metadata', () => {
    const library = buildLibrary([...ALL, parseDigest(`Jun 18, 2024\n\nA Paper Only in Text\n\n${ABSTRACT}\n`, '/ws/only.digest')]);
    assert.ok(library.byArxiv('2406.11944')!.links.some(l => l.kind === 'code' && l.url.endsWith('transcoder_circuits')));
    const textOnly = library.byTitle('A Paper Only in Text')!;
    assert.equal(textOnly.metadata, undefined);
    assert.equal('metadata' in textOnly, false);
  });

  it('gives the real samples one paper per arXiv id, each with its metadata', () => {
    const digests = ['hf-daily-papers.json', 'arxiv-listing-email.txt', 'arxiv-rss.xml'].map(name => {
      const path = fileURLToPath(new URL(`../../fixtures/sources/${name}`, import.meta.url));
      return parseAnyDigest(readFileSync(path, 'utf8'), path);
    });
    const ids = new Set(digests.flatMap(d => d.entries.map(e => e.metadata?.arxiv)));
    const papers = buildLibrary(digests).papers;
    assert.equal(papers.length, ids.size);
    assert.equal(papers.length, 30 + 176 + 4);
    assert.ok(papers.every(p => p.metadata?.arxiv !== undefined && p.occurrences.length === 1));
  });
});
