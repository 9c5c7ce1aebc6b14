import assert from 'node:assert/strict';
import PostalMime from 'postal-mime';
import { parseArxivListing } from '../../../../src/core/digest/sources/arxivListing';
import { readMail } from '../../../../src/core/digest/sources/mime';
import type { DigestEntry, ParsedDigest } from '../../../../src/core/model';
import { ACCENTED_ENTRY, emlOf, fixture, multipartEmlOf, type BodyEncoding } from './mailFixtures';

const SAMPLE = fixture('arxiv-listing-email.txt');
const SAMPLE_LINES = SAMPLE.split('\r\n');
const parsed = parseArxivListing(SAMPLE, '/ws/mail/cs-2019-07-16.txt');

function byId(digest: ParsedDigest, id: string): DigestEntry {
  const entry = digest.entries.find(e => e.metadata?.arxiv === id);
  assert.ok(entry, `arXiv:${id} not read`);
  return entry;
}

/** The last index whose line passes (Array.prototype.findLastIndex is ES2023, past our lib). */
function lastIndexWhere(lines: readonly string[], test: (line: string) => boolean): number {
  for (let i = lines.length - 1; i >= 0; i--) if (test(lines[i])) return i;
  return -1;
}

const literals = (entry: DigestEntry) => entry.metadata?.authors?.map(a => a.literal);

/** What a reader of the mail sees of an entry, whatever its lines. */
const content = (digest: ParsedDigest) =>
  digest.entries.map(e => ({ title: e.title, abstract: e.abstract, day: e.day, metadata: e.metadata }));

/** The first entries of the sample (up to the end of the third), and the window lines before them. */
function smallListing(extra = ''): string {
  const third = SAMPLE_LINES.findIndex(line => line.startsWith('\\\\ ( https://arxiv.org/abs/1907.06080'));
  return [...SAMPLE_LINES.slice(0, third + 2), ...(extra ? extra.split('\n') : [])].join('\n') + '\n';
}

describe('arXiv listing e-mail', () => {
  describe('the real sample', () => {
    it('reads every entry: one per arXiv: line', () => {
      const idLines = SAMPLE_LINES.filter(line => /^arXiv:\d{4}\.\d{4,5}/.test(line));
      assert.equal(parsed.entries.length, idLines.length);
      assert.equal(parsed.entries.length, 176);
      assert.deepEqual(
        parsed.entries.map(e => `arXiv:${e.metadata?.arxiv}`),
        idLines.map(line => line.split(' ')[0]),
      );
      assert.deepEqual(
        parsed.diagnostics.filter(d => d.severity !== 'info'),
        [],
      );
    });

    it('marks cross-lists and replacements and keeps them in their own day sections', () => {
      const crossLines = SAMPLE_LINES.filter(line => line.startsWith('arXiv:') && line.includes('(*cross-listing*)')).length;
      const replacedLines = SAMPLE_LINES.filter(line => line.startsWith('replaced with revised version')).length;
      const count = (kind: string) => parsed.entries.filter(e => e.metadata?.announce === kind).length;
      assert.equal(count('cross') + count('replace-cross'), crossLines);
      assert.equal(count('replace') + count('replace-cross'), replacedLines);
      assert.deepEqual([count('new'), count('cross'), count('replace'), count('replace-cross')], [50, 42, 72, 12]);
      assert.deepEqual(
        parsed.days.map(d => [d.label, d.date, d.entries.length]),
        [
          ['2019-07-16', '2019-07-16', 50],
          ['2019-07-16 cross-lists', '2019-07-16', 42],
          ['2019-07-16 replacements', '2019-07-16', 84],
        ],
      );
      for (const day of parsed.days) {
        const kinds = new Set(day.entries.map(e => e.metadata?.announce));
        assert.ok(day.label.endsWith('replacements') ? !kinds.has('new') && !kinds.has('cross') : kinds.size === 1, day.label);
        for (const entry of day.entries) assert.ok(entry.range.start > day.line && entry.range.end <= day.range.end);
      }
    });

    it('gives the day after the window as the announcement day (arXiv announces at 20:00 US Eastern)', () => {
      const window = SAMPLE_LINES.findIndex(line => line.startsWith(' received from'));
      assert.match(SAMPLE_LINES[window], /to {2}Mon 15 Jul 19/);
      assert.equal(parsed.days[0].line, window);
      assert.ok(parsed.entries.every(e => e.date === '2019-07-16' && e.year === 2019));
    });

    it('reads the fields of an entry exactly', () => {
      const entry = byId(parsed, '1907.05955');
      assert.equal(entry.title, 'Pykaldi2: Yet another speech toolkit based on Kaldi and Pytorch');
      assert.deepEqual(literals(entry), ['Liang Lu', 'Xiong Xiao', 'Zhuo Chen', 'Yifan Gong']);
      assert.deepEqual(entry.metadata?.categories, ['cs.CL', 'eess.AS']);
      assert.equal(entry.metadata?.primaryClass, 'cs.CL');
      assert.equal(entry.metadata?.published, '2019-07-12');
      assert.equal(entry.metadata?.url, 'https://arxiv.org/abs/1907.05955');
      assert.equal(entry.metadata?.source, 'arxiv-email');
      assert.ok(entry.abstract.startsWith('We introduce PyKaldi2 speech recognition toolkit implemented based on Kaldi and PyTorch.'));
      assert.ok(entry.abstract.endsWith('The toolkit is released under the MIT license.'));
    });

    it('splits authors joined by "and" and rejoins wrapped author lines', () => {
      assert.deepEqual(literals(byId(parsed, '1907.06080')), ['Dai Quoc Nguyen', 'Tu Dinh Nguyen', 'Dinh Phung']);
      assert.deepEqual(literals(byId(parsed, '1907.06292')), [
        'Wenhan Xiong',
        'Jiawei Wu',
        'Hong Wang',
        'Vivek Kulkarni',
        'Mo Yu',
        'Shiyu Chang',
        'Xiaoxiao Guo',
        'William Yang Wang',
      ]);
      assert.deepEqual(literals(byId(parsed, '1907.06017')), ['Ye Bai', 'Jiangyan Yi', 'Jianhua Tao', 'Zhengkun Tian', 'Zhengqi Wen']);
    });

    it('folds TeX accents and ties in author names to Unicode', () => {
      assert.deepEqual(literals(byId(parsed, '1907.06407')), ['Balázs Tarján', 'György Szaszák', 'Tibor Fegyó', 'Péter Mihajlik']);
      assert.deepEqual(literals(byId(parsed, '1907.06458')), ['Blaž Škrlj', 'Andraž Repar', 'Senja Pollak']);
      assert.ok(literals(byId(parsed, '1907.06111'))!.includes('Themos Stafylakis'));
      for (const entry of parsed.entries) for (const name of literals(entry) ?? []) assert.doesNotMatch(name, /[\\{}~]/, name);
    });

    it('rejoins every wrapped title (79 in the sample) and keeps TeX math in titles', () => {
      let wrapped = 0;
      for (const entry of parsed.entries) {
        const first = SAMPLE_LINES[entry.titleLine];
        assert.ok(first.startsWith('Title: '), first);
        let last = entry.titleLine;
        while (SAMPLE_LINES[last + 1].startsWith('  ')) last++;
        if (last === entry.titleLine) continue;
        wrapped++;
        assert.ok(entry.title.endsWith(SAMPLE_LINES[last].trim()), entry.title);
      }
      assert.equal(wrapped, 79);
      assert.equal(
        byId(parsed, '1907.06017').title,
        'Learn Spelling from Teachers: Transferring Knowledge from Language Models to Sequence-to-Sequence Speech Recognition',
      );
      assert.ok(byId(parsed, '1904.04317').title.startsWith('$\\mathcal{G}$-softmax: Improving Intra-class'));
    });

    it('rejoins every wrapped Authors: line (45 in the sample)', () => {
      let wrapped = 0;
      for (const entry of parsed.entries) {
        let at = entry.titleLine;
        while (!SAMPLE_LINES[at].startsWith('Authors:')) at++;
        if (!SAMPLE_LINES[at + 1].startsWith('  ')) continue;
        wrapped++;
        let last = at + 1;
        while (SAMPLE_LINES[last + 1].startsWith('  ')) last++;
        const lastWord = SAMPLE_LINES[last]
          .trim()
          .split(' ')
          .pop()!
          .replace(/[\\'"`{}~^]/g, '');
        const lastAuthor = literals(entry)!.at(-1)!;
        assert.ok(
          lastAuthor
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .endsWith(lastWord.replace(/[^\p{L}.-]/gu, '')) || lastAuthor.endsWith(')'),
          `${lastAuthor} / ${lastWord}`,
        );
      }
      assert.equal(wrapped, 45);
    });

    it('gives replacements no abstract and no first-version date, and reads DOI and Journal-ref', () => {
      for (const entry of parsed.entries.filter(e => e.metadata?.announce?.startsWith('replace'))) {
        assert.equal(entry.abstract, '');
        assert.equal(entry.abstractRange, undefined);
        assert.equal(entry.metadata?.published, undefined);
      }
      const doiLine = SAMPLE_LINES.indexOf('DOI: 10.1145/3331184.3331265');
      const idLine = lastIndexWhere(SAMPLE_LINES.slice(0, doiLine), line => line.startsWith('arXiv:'));
      const withDoi = byId(parsed, SAMPLE_LINES[idLine].slice(6).split(' ')[0]);
      assert.equal(withDoi.metadata?.journalDoi, '10.1145/3331184.3331265');
      assert.equal(parsed.entries.filter(e => e.metadata?.journalDoi).length, 19);
      assert.equal(parsed.entries.filter(e => e.metadata?.venue).length, SAMPLE_LINES.filter(l => l.startsWith('Journal-ref:')).length);
    });

    it('points each entry at its lines: the id line to the closing link line', () => {
      for (const entry of parsed.entries) {
        assert.ok(SAMPLE_LINES[entry.range.start].startsWith(`arXiv:${entry.metadata?.arxiv}`));
        assert.ok(SAMPLE_LINES[entry.range.end].startsWith(`\\\\ ( https://arxiv.org/abs/${entry.metadata?.arxiv}`));
        if (entry.abstractRange) {
          assert.equal(SAMPLE_LINES[entry.abstractRange.start - 1], '\\\\');
          assert.equal(entry.abstractRange.end, entry.range.end - 1);
        }
      }
      assert.equal(parsed.lineCount, SAMPLE_LINES.length);
    });
  });

  describe('variants', () => {
    it('reads the same entries and lines with LF as with CRLF', () => {
      const lf = parseArxivListing(SAMPLE.replace(/\r\n/g, '\n'), 'lf.txt');
      assert.deepEqual(content(lf), content(parsed));
      assert.deepEqual(
        lf.entries.map(e => [e.titleLine, e.range]),
        parsed.entries.map(e => [e.titleLine, e.range]),
      );
    });

    it('reads a file with mixed line endings with the lines an editor counts', () => {
      // Every tenth line break a bare LF: the CRLF fast path must not be taken.
      let n = 0;
      const mixed = SAMPLE.replace(/\r\n/g, () => (++n % 10 === 0 ? '\n' : '\r\n'));
      const result = parseArxivListing(mixed, 'mixed.txt');
      assert.deepEqual(content(result), content(parsed));
      assert.deepEqual(
        result.entries.map(e => e.titleLine),
        parsed.entries.map(e => e.titleLine),
      );
      assert.equal(result.lineCount, SAMPLE_LINES.length);
    });

    for (const encoding of ['8bit', 'quoted-printable', 'base64'] as BodyEncoding[]) {
      it(`reads an .eml with a ${encoding} body as the plain text`, () => {
        const eml = emlOf(SAMPLE, encoding);
        const fromEml = parseArxivListing(eml, 'mailing.eml');
        assert.deepEqual(content(fromEml), content(parsed));
        const emlLines = eml.split('\r\n');
        assert.equal(fromEml.lineCount, emlLines.length);
        for (const entry of fromEml.entries) {
          assert.ok(entry.range.start <= entry.titleLine && entry.titleLine <= entry.range.end && entry.range.end < emlLines.length);
          if (encoding !== 'base64') assert.ok(emlLines[entry.titleLine].startsWith('Title:'), emlLines[entry.titleLine]);
        }
      });
    }

    it('reads the text/plain part of a multipart message', () => {
      const fromEml = parseArxivListing(multipartEmlOf(smallListing(), 'quoted-printable'), 'mailing.eml');
      assert.deepEqual(
        fromEml.entries.map(e => e.metadata?.arxiv),
        ['1907.05955', '1907.06042', '1907.06080'],
      );
    });

    it('decodes bodies as postal-mime does', async () => {
      const body = smallListing(ACCENTED_ENTRY);
      for (const encoding of ['quoted-printable', 'base64'] as BodyEncoding[]) {
        const eml = emlOf(body, encoding);
        const theirs = await PostalMime.parse(eml);
        const ours = readMail(eml.split('\r\n'))!;
        assert.equal(ours.lines.join('\n').trimEnd(), theirs.text!.replace(/\r\n/g, '\n').trimEnd(), encoding);
        assert.equal(ours.headers.get('subject'), theirs.subject);
      }
    });

    it('reads TeX-accented and UTF-8 names, a wrapped Authors: line, a Jr. and a title wrapped twice', () => {
      for (const text of [smallListing(ACCENTED_ENTRY), emlOf(smallListing(ACCENTED_ENTRY), 'quoted-printable')]) {
        const entry = byId(parseArxivListing(text, 'x.eml'), '1907.99999');
        assert.equal(
          entry.title,
          'Schrödinger Bridges for Solà-Style Transport with a Title Long Enough to Wrap Twice and Then Wrap Again',
        );
        assert.deepEqual(literals(entry), ['Joan Solà', 'Jörg Müller', 'Zoë Ångström', 'Martin Luther King, Jr.', 'Blaž Škrlj']);
        assert.equal(entry.metadata?.venue, 'Proc. Imaginary Conf. 2019');
        assert.equal(entry.metadata?.journalDoi, '10.1234/imaginary.2019.1');
        assert.match(entry.abstract, /says = and 100% and “quotes”/);
      }
    });

    it('takes the day from the mail Date header (in UTC) when the window line is missing, else leaves it unknown', () => {
      const withoutWindow = smallListing()
        .split('\n')
        .filter(line => !line.startsWith(' received from'))
        .join('\n');
      const fromEml = parseArxivListing(emlOf(withoutWindow, '8bit'), 'x.eml');
      assert.deepEqual(
        fromEml.days.map(d => [d.label, d.date]),
        [['2019-07-16', '2019-07-16']],
      );
      const plain = parseArxivListing(withoutWindow, 'x.txt');
      assert.deepEqual(
        plain.days.map(d => [d.label, d.date]),
        [['arXiv listing', null]],
      );
      assert.ok(plain.entries.every(e => e.year === null));
      assert.ok(plain.diagnostics.some(d => /announcement day is unknown/.test(d.message)));
    });

    it('reads a cut file as far as it goes, with a diagnostic for the cut entry', () => {
      // In the middle of an abstract past the file's middle: 30 characters into its first line.
      const cutAt = SAMPLE.indexOf('\\\\\r\n  ', SAMPLE.length / 2) + 30;
      const cut = SAMPLE.slice(0, cutAt);
      const cutLines = cut.split('\r\n');
      const result = parseArxivListing(cut, 'cut.txt');
      const idLines = cutLines.filter(line => /^arXiv:\d/.test(line)).length;
      const lastId = lastIndexWhere(cutLines, line => /^arXiv:\d/.test(line));
      const lastHasTitle = cutLines.slice(lastId).some(line => line.startsWith('Title:'));
      assert.equal(result.entries.length, idLines - (lastHasTitle ? 0 : 1));
      assert.ok(
        result.diagnostics.some(d => d.severity === 'warning' && d.line >= cutLines.length - 40),
        JSON.stringify(result.diagnostics),
      );
      for (const entry of result.entries) assert.ok(entry.range.end < result.lineCount);
    });

    it('reports an entry without a title and skips it, keeping the others', () => {
      const broken = smallListing().replace('Title: Cross-Lingual Transfer Learning for Question Answering', 'Titel: oops');
      const result = parseArxivListing(broken, 'x.txt');
      assert.deepEqual(
        result.entries.map(e => e.metadata?.arxiv),
        ['1907.05955', '1907.06080'],
      );
      assert.ok(result.diagnostics.some(d => d.message.includes('1907.06042 has no title')));
    });
  });
});
