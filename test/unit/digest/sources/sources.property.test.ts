import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readArxivAtom } from '../../../../src/core/digest/sources/arxivAtom';
import { parseArxivListing } from '../../../../src/core/digest/sources/arxivListing';
import { arxivRssSteps } from '../../../../src/core/digest/sources/arxivRss';
import { hfDailyPapersSteps } from '../../../../src/core/digest/sources/hfDailyPapers';
import { detectSourceKind, parseAnyDigest } from '../../../../src/core/digest/sources/index';
import type { LineRange, ParsedDigest } from '../../../../src/core/model';
import { splitLinesQuickly } from '../../../../src/core/digest/sources/common';
import { completeNow } from '../../../../src/core/util/slices';
import { splitLines } from '../../../../src/core/util/text';
import { emlOf, fixture } from './mailFixtures';

const SAMPLES = {
  hf: fixture('hf-daily-papers.json'),
  mail: fixture('arxiv-listing-email.txt'),
  rss: fixture('arxiv-rss.xml'),
  atom: fixture('arxiv-api.atom.xml'),
};
/** Smaller pieces of the samples, so a run stays quick. */
const HF_PRETTY = JSON.stringify((JSON.parse(SAMPLES.hf) as unknown[]).slice(0, 3), null, 2);
const MAIL_HEAD = SAMPLES.mail.slice(0, 12_000);
const MAIL_TAIL = SAMPLES.mail.slice(-8_000);

const READERS: Record<string, (text: string) => ParsedDigest> = {
  hf: text => completeNow(hfDailyPapersSteps(text, 'p.json')),
  mail: text => parseArxivListing(text, 'p.txt'),
  rss: text => completeNow(arxivRssSteps(text, 'p.xml')),
  any: text => parseAnyDigest(text, 'p'),
};

function assertWithin(range: LineRange, lineCount: number, what: string): void {
  assert.ok(Number.isInteger(range.start) && Number.isInteger(range.end), what);
  assert.ok(range.start >= 0 && range.start <= range.end && range.end <= lineCount - 1, `${what} ${JSON.stringify(range)} of ${lineCount}`);
}

/** What every source parse keeps, whatever the input. */
function assertConsistent(parsed: ParsedDigest): void {
  const { lineCount } = parsed;
  assert.ok(lineCount >= 1);
  for (const entry of parsed.entries) {
    assertWithin(entry.range, lineCount, 'entry range');
    assert.ok(entry.titleLine >= entry.range.start && entry.titleLine <= entry.range.end, 'title line inside range');
    assert.notEqual(entry.title.trim(), '');
    if (entry.abstractRange) {
      assertWithin(entry.abstractRange, lineCount, 'abstract range');
      assert.ok(entry.abstractRange.start >= entry.range.start && entry.abstractRange.end <= entry.range.end);
    }
    if (entry.date !== null) assert.match(entry.date, /^\d{4}-\d{2}-\d{2}$/);
  }
  for (const day of parsed.days) {
    assertWithin(day.range, lineCount, 'day range');
    assert.equal(day.range.start, day.line);
    for (const entry of day.entries) assert.ok(entry.range.start >= day.line && entry.range.end <= day.range.end);
  }
  // Every source entry is in a day (the text page may have entries before any day line).
  const inDays = parsed.days.reduce((n, day) => n + day.entries.length, 0);
  assert.equal(inDays, parsed.entries.filter(e => e.metadata !== undefined || e.day !== '').length);
  for (const diagnostic of parsed.diagnostics) assert.ok(diagnostic.line >= 0 && diagnostic.line < lineCount, JSON.stringify(diagnostic));
}

/** A sample mangled: cut, lines dropped or doubled, junk put in, line endings changed. */
function mangled(sample: string): fc.Arbitrary<string> {
  const lines = sample.split(/\r?\n/);
  return fc
    .tuple(
      fc.array(
        fc.record({
          at: fc.nat(lines.length),
          op: fc.constantFrom('drop', 'double', 'junk', 'cut-line'),
          junk: fc.string({ maxLength: 12 }),
        }),
        { maxLength: 6 },
      ),
      fc.nat(sample.length),
      fc.constantFrom('\n', '\r\n', '\r'),
      fc.boolean(),
    )
    .map(([edits, cut, eol, cutIt]) => {
      const out = [...lines];
      for (const edit of edits) {
        if (out.length === 0) break;
        const at = Math.min(edit.at, out.length - 1);
        if (edit.op === 'drop') out.splice(at, 1);
        else if (edit.op === 'double') out.splice(at, 0, out[at]);
        else if (edit.op === 'junk') out.splice(at, 0, edit.junk);
        else out[at] = out[at].slice(0, Math.floor(out[at].length / 2));
      }
      const text = out.join(eol);
      return cutIt ? text.slice(0, Math.floor((cut / sample.length) * text.length)) : text;
    });
}

/** JSON shaped like the daily papers, with any values where the fields go. */
const hfLike = fc
  .array(
    fc.record(
      {
        paper: fc.oneof(
          fc.record(
            {
              id: fc.oneof(fc.string(), fc.constant('2406.11944'), fc.integer()),
              title: fc.oneof(fc.string(), fc.jsonValue()),
              summary: fc.jsonValue(),
              authors: fc.oneof(fc.array(fc.record({ name: fc.jsonValue(), hidden: fc.boolean() })), fc.jsonValue()),
              publishedAt: fc.oneof(
                fc.date().map(d => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())),
                fc.jsonValue(),
              ),
            },
            { requiredKeys: [] },
          ),
          fc.jsonValue(),
        ),
        publishedAt: fc.jsonValue(),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 5 },
  )
  .map(items => JSON.stringify(items, null, 1));

/** XML put together from RSS and Atom pieces, in any order and nesting. */
const xmlLike = fc
  .array(
    fc.constantFrom(
      '<rss version="2.0">',
      '<channel>',
      '</channel>',
      '</rss>',
      '<item>',
      '</item>',
      '<title>T</title>',
      '<title>',
      '</title>',
      '<description>arXiv:2401.00001v1 Announce Type: cross \nAbstract: A</description>',
      '<pubDate>Mon, 15 Jul 2024 00:00:00 -0400</pubDate>',
      '<category>cs.LG</category>',
      '<dc:creator>A, B and C</dc:creator>',
      '<arxiv:announce_type>new</arxiv:announce_type>',
      '<feed>',
      '</feed>',
      '<entry>',
      '</entry>',
      '<id>http://arxiv.org/abs/2401.00001v1</id>',
      '<author><name>X</name></author>',
      '&amp;',
      '&bogus;',
      '<![CDATA[<item>]]>',
      '<!-- <item> -->',
      '\n',
      'text',
    ),
    { maxLength: 40 },
  )
  .map(pieces => `<?xml version="1.0"?>\n${pieces.join('')}`);

describe('the source readers never throw (property)', () => {
  it('on any string, through every reader', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), text => {
        for (const read of Object.values(READERS)) assertConsistent(read(text));
        detectSourceKind(text, 'x');
        readArxivAtom(text);
      }),
      { numRuns: 300 },
    );
  });

  it('on mangled real samples, keeping lines in range', () => {
    const cases: Array<[string, (text: string) => ParsedDigest]> = [
      [HF_PRETTY, READERS.hf],
      [SAMPLES.hf.slice(0, 20_000), READERS.hf],
      [MAIL_HEAD, READERS.mail],
      [MAIL_TAIL, READERS.mail],
      [SAMPLES.rss, READERS.rss],
      [emlOf(MAIL_HEAD, 'quoted-printable'), READERS.mail],
      [emlOf(MAIL_HEAD, 'base64'), READERS.mail],
    ];
    for (const [sample, read] of cases) {
      fc.assert(
        fc.property(mangled(sample), text => {
          assertConsistent(read(text));
          assertConsistent(READERS.any(text));
        }),
        { numRuns: 40 },
      );
    }
    fc.assert(
      fc.property(mangled(SAMPLES.atom), text => {
        assert.ok(Array.isArray(readArxivAtom(text).records));
      }),
      { numRuns: 40 },
    );
  });

  it('on JSON shaped like the daily papers with any values', () => {
    fc.assert(
      fc.property(hfLike, text => assertConsistent(READERS.hf(text))),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), value => assertConsistent(READERS.hf(JSON.stringify(value)))),
      { numRuns: 200 },
    );
  });

  it('splits lines as the editor counts them (splitLinesQuickly against splitLines)', () => {
    // Any mix of LF and CRLF, or CRs alone; a lone CR among CRLFs is the one case left out by design.
    const piece = fc.oneof(
      fc.constantFrom('a', ' ', 'é', '\n', '\r\n'),
      fc.string({ maxLength: 3 }).map(s => s.replace(/\r/g, '')),
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(piece, { maxLength: 30 }), (bom, pieces) => {
        const text = (bom ? '\uFEFF' : '') + pieces.join('');
        assert.deepEqual(splitLinesQuickly(text), splitLines(text));
        const crOnly = text.replace(/\r?\n/g, '\r');
        assert.deepEqual(splitLinesQuickly(crOnly), splitLines(crOnly));
      }),
      { numRuns: 500 },
    );
  });

  it('on XML made of RSS and Atom pieces', () => {
    fc.assert(
      fc.property(xmlLike, text => {
        assertConsistent(READERS.rss(text));
        assert.ok(Array.isArray(readArxivAtom(text).records));
      }),
      { numRuns: 300 },
    );
  });
});
