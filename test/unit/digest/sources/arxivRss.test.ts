import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { arxivRssSteps } from '../../../../src/core/digest/sources/arxivRss';
import type { ParsedDigest } from '../../../../src/core/model';
import { completeNow } from '../../../../src/core/util/slices';
import { fixture } from './mailFixtures';

const parseRss = (text: string): ParsedDigest => completeNow(arxivRssSteps(text, '/ws/feed.xml'));

const SAMPLE = fixture('arxiv-rss.xml');
const LINES = SAMPLE.split('\n');
const parsed = parseRss(SAMPLE);

/** The items' announce types as a plain parse of the XML gives them: the oracle. */
const ORACLE = (new XMLParser().parse(SAMPLE) as { rss: { channel: { item: Array<Record<string, string>> } } }).rss.channel.item;

/** An item as arXiv writes it, for feeds built in the tests. */
function item(fields: { id: string; title: string; creator?: string; type?: string; extra?: string }): string {
  return `    <item>
      <title>${fields.title}</title>
      <link>https://arxiv.org/abs/${fields.id}</link>
      <description>arXiv:${fields.id}v1 Announce Type: ${fields.type ?? 'new'} 
Abstract: An abstract &amp; more.</description>
      <category>cs.LG</category>
      <pubDate>Mon, 15 Jul 2024 00:00:00 -0400</pubDate>
      ${fields.type ? `<arxiv:announce_type>${fields.type}</arxiv:announce_type>` : ''}
      ${fields.creator === undefined ? '' : `<dc:creator>${fields.creator}</dc:creator>`}${fields.extra ?? ''}
    </item>`;
}

function feed(items: string[]): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>cs.LG updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.LG</link>
    <pubDate>Mon, 15 Jul 2024 00:00:00 -0400</pubDate>
${items.join('\n')}
  </channel>
</rss>`;
}

describe('arXiv RSS', () => {
  it('reads every item of the real feed under the listing day its pubDate is written in', () => {
    assert.equal(parsed.entries.length, ORACLE.length);
    assert.equal(parsed.entries.length, 4);
    assert.deepEqual(
      parsed.days.map(d => [d.label, d.date, d.entries.length]),
      [['2026-09-24', '2026-09-24', 4]],
    );
    assert.deepEqual(parsed.diagnostics, []);
  });

  it('marks each item with its announce type', () => {
    assert.deepEqual(
      parsed.entries.map(e => e.metadata?.announce),
      ORACLE.map(i => i['arxiv:announce_type']),
    );
    assert.deepEqual(
      parsed.entries.map(e => e.metadata?.announce),
      ['new', 'new', 'cross', 'replace'],
    );
  });

  it('reads ids without version, authors, categories, DOI and journal reference', () => {
    const [, signal, outlier] = parsed.entries;
    assert.equal(
      signal.title,
      'Signal2Symbol: Neuro-Symbolic Temporal Reasoning for Explainable Physiological Time-Series Anomaly Detection',
    );
    assert.deepEqual(
      signal.metadata?.authors?.map(a => a.literal),
      ['Naser Mansour', 'Sidahmed Benabderrahmane', 'Ameer Rahwan'],
    );
    assert.deepEqual(signal.metadata?.categories, ['cs.LG', 'cs.AI']);
    assert.equal(signal.metadata?.arxiv, '2609.26820');
    assert.equal(signal.metadata?.url, 'https://arxiv.org/abs/2609.26820');
    assert.ok(signal.abstract.startsWith('Physiological time series such as electrocardiograms'));
    assert.ok(!signal.abstract.includes('Announce Type'));
    assert.equal(outlier.metadata?.arxiv, '2205.06398');
    assert.equal(outlier.metadata?.journalDoi, '10.1093/bioinformatics/btac431');
    assert.equal(outlier.metadata?.primaryClass, 'stat.ME');
    // SOURCES.md says this item has a journal reference; the stored feed has none.
    assert.equal(ORACLE[2]['arxiv:journal_reference'], undefined);
    assert.equal(outlier.metadata?.venue, undefined);
  });

  it('reads a journal reference as the venue', () => {
    const extra =
      '\n      <arxiv:DOI>10.1093/x/y</arxiv:DOI>\n      <arxiv:journal_reference>Bioinformatics 38 (2022)\n' +
      '  1-9</arxiv:journal_reference>';
    const [entry] = parseRss(feed([item({ id: '2407.00004', title: 'Published', type: 'replace-cross', extra })])).entries;
    assert.equal(entry.metadata?.venue, 'Bioinformatics 38 (2022) 1-9');
    assert.equal(entry.metadata?.journalDoi, '10.1093/x/y');
    assert.equal(entry.metadata?.announce, 'replace-cross');
  });

  it('points each item at its title line and its description', () => {
    for (const entry of parsed.entries) {
      assert.equal(LINES[entry.titleLine].trim(), `<title>${entry.title}</title>`);
      assert.match(LINES[entry.abstractRange!.start], /<description>/);
      assert.match(LINES[entry.range.end], /<\/item>/);
    }
  });

  it('splits authors joined by "and", folds TeX and decodes entities', () => {
    const result = parseRss(
      feed([item({ id: '2407.00001', title: 'Schr\\"odinger &amp; Friends', creator: 'Joan Sol\\`a, Ana Pérez and Bo Li' })]),
    );
    const [entry] = result.entries;
    assert.equal(entry.title, 'Schrödinger & Friends');
    assert.deepEqual(
      entry.metadata?.authors?.map(a => a.literal),
      ['Joan Solà', 'Ana Pérez', 'Bo Li'],
    );
    assert.equal(entry.abstract, 'An abstract & more.');
  });

  it('accepts items without optional fields, reading the type from the description', () => {
    const result = parseRss(feed([item({ id: '2407.00002', title: 'Plain' })]));
    const [entry] = result.entries;
    assert.equal(entry.metadata?.announce, 'new');
    assert.equal(entry.metadata?.authors, undefined);
    assert.equal(entry.metadata?.journalDoi, undefined);
    assert.equal(entry.date, '2024-07-15');
  });

  it('reads a cut feed as far as it goes, with a diagnostic, without throwing', () => {
    const cut = SAMPLE.slice(0, SAMPLE.indexOf('<title>Random Polytope Descriptors') + 20);
    const result = parseRss(cut);
    assert.ok(result.entries.length >= 3 && result.entries.length <= 4);
    assert.deepEqual(
      result.entries.slice(0, 3).map(e => e.metadata?.arxiv),
      ['2609.26811', '2609.26820', '2205.06398'],
    );
    assert.ok(result.diagnostics.some(d => /Not well-formed XML/.test(d.message)));
    for (const entry of result.entries) assert.ok(entry.range.end < result.lineCount);
  });

  it('expands no entity a document type declares', () => {
    const bomb = feed([item({ id: '2407.00003', title: '&lol;' })]).replace('<rss', '<!DOCTYPE rss [<!ENTITY lol "lollollollol">]>\n<rss');
    const result = parseRss(bomb);
    assert.ok(!result.entries.some(e => e.title.includes('lollol')));
    assert.ok(result.diagnostics.some(d => /entities/.test(d.message)));
  });
});
