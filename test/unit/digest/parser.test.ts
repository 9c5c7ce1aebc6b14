import { strict as assert } from 'node:assert';
import { parseDigest } from '../../../src/core/digest/parser';
import type { ParsedDigest } from '../../../src/core/model';
import { hardWrap, SEED_DAY_LINE, SEED_LINES, SEED_PATH, SEED_TEXT, seedBlocks, seedBody, seedPairs } from '../helpers/seed';

const FIRST_TITLE = 'Partial Correlations in Compositional Data Analysis';
const LAST_TITLE = 'Superposed Episodic and Semantic Memory via Sparse Distributed Representation';

function titles(parsed: ParsedDigest): string[] {
  return parsed.entries.map(entry => entry.title);
}

function abstracts(parsed: ParsedDigest): string[] {
  return parsed.entries.map(entry => entry.abstract);
}

describe('parseDigest on the seed digest', () => {
  const parsed = parseDigest(SEED_TEXT, SEED_PATH);

  it('finds exactly the 61 papers, in file order', () => {
    assert.equal(parsed.entries.length, 61);
    assert.deepEqual(
      titles(parsed),
      seedPairs().map(pair => pair.title),
    );
    assert.deepEqual(
      abstracts(parsed),
      seedPairs().map(pair => pair.abstract),
    );
  });

  it('reads the exact titles', () => {
    assert.equal(parsed.entries[0].title, FIRST_TITLE);
    assert.equal(parsed.entries[60].title, LAST_TITLE);
    assert.ok(titles(parsed).includes('Why Are Web AI Agents More Vulnerable Than Standalone LLMs? A Security Analysis'));
    assert.ok(titles(parsed).includes('Can Brain Signals Reveal Inner Alignment with Human Languages?'));
    assert.ok(parsed.entries[0].abstract.startsWith('Partial correlations quantify linear association'));
  });

  it('puts every paper under the one day `Mar 14` with no date or year', () => {
    assert.equal(parsed.days.length, 1);
    const [day] = parsed.days;
    assert.equal(day.label, 'Mar 14');
    assert.equal(day.line, SEED_DAY_LINE);
    assert.equal(day.date, null);
    assert.equal(day.entries.length, 61);
    assert.deepEqual(day.range, { start: SEED_DAY_LINE, end: SEED_LINES.length - 1 });
    for (const entry of parsed.entries) {
      assert.equal(entry.day, 'Mar 14');
      assert.equal(entry.date, null);
      assert.equal(entry.year, null);
    }
  });

  it('records line positions that point at the title and abstract', () => {
    assert.equal(parsed.lineCount, SEED_LINES.length);
    for (const entry of parsed.entries) {
      assert.equal(SEED_LINES[entry.titleLine], entry.title);
      assert.ok(entry.abstractRange);
      assert.equal(SEED_LINES[entry.abstractRange.start], entry.abstract);
      assert.deepEqual(entry.range, { start: entry.titleLine, end: entry.abstractRange.end });
    }
  });

  it('extracts the 18 links without trailing punctuation', () => {
    const links = parsed.entries.flatMap(entry => entry.links);
    assert.equal(links.length, 18);
    for (const link of links) {
      assert.match(link.url, /^https?:\/\//);
      assert.doesNotMatch(link.url, /[.,;:!?)]$/);
    }
    const sepClr = parsed.entries.find(entry => entry.title.includes('Contrastive Representation Learning'));
    assert.deepEqual(sepClr?.links, [{ url: 'https://github.com/neurospin-projects/2024_rlouiset_sep_clr', kind: 'code' }]);
  });

  it('finds the DOI of the measles dataset paper and no other', () => {
    const withDoi = parsed.entries.filter(entry => entry.doi !== null);
    assert.equal(withDoi.length, 1);
    assert.match(withDoi[0].title, /Outbreak of Measles/);
    assert.equal(withDoi[0].doi, '10.21227/40s8-xf63');
    assert.ok(withDoi[0].links.some(link => link.kind === 'doi' && link.url === 'https://dx.doi.org/10.21227/40s8-xf63'));
  });

  it('reports nothing wrong', () => {
    assert.deepEqual(parsed.diagnostics, []);
  });
});

describe('parseDigest on messy variants of the seed', () => {
  const reference = parseDigest(SEED_TEXT, SEED_PATH);

  function assertSameContent(variant: ParsedDigest): void {
    assert.deepEqual(titles(variant), titles(reference));
    assert.deepEqual(abstracts(variant), abstracts(reference));
    assert.deepEqual(
      variant.entries.map(entry => entry.links),
      reference.entries.map(entry => entry.links),
    );
  }

  it('reads CRLF line ends identically, on the same lines', () => {
    const variant = parseDigest(SEED_TEXT.replace(/\n/g, '\r\n'), SEED_PATH);
    assertSameContent(variant);
    assert.deepEqual(
      variant.entries.map(entry => entry.range),
      reference.entries.map(entry => entry.range),
    );
    assert.ok(!variant.entries.some(entry => /\r/.test(entry.title + entry.abstract)));
  });

  it('reads old Mac CR line ends identically', () => {
    assertSameContent(parseDigest(SEED_TEXT.replace(/\n/g, '\r'), SEED_PATH));
  });

  it('ignores a byte-order mark, keeping line numbers', () => {
    const variant = parseDigest(`\uFEFF${SEED_TEXT}`, SEED_PATH);
    assertSameContent(variant);
    assert.equal(variant.entries[0].titleLine, reference.entries[0].titleLine);
    assert.equal(variant.lineCount, reference.lineCount);
  });

  it('ignores trailing spaces and tabs', () => {
    assertSameContent(parseDigest(SEED_TEXT.replace(/\n/g, ' \t \n'), SEED_PATH));
  });

  it('reads triple blank lines between blocks', () => {
    const variant = parseDigest(SEED_TEXT.replace(/\n\n/g, '\n\n\n\n'), SEED_PATH);
    assertSameContent(variant);
    const lines = SEED_TEXT.replace(/\n\n/g, '\n\n\n\n').split('\n');
    for (const entry of variant.entries) assert.equal(lines[entry.titleLine], entry.title);
  });

  it('reads a digest without the header lines', () => {
    const variant = parseDigest(SEED_LINES.slice(SEED_DAY_LINE).join('\n'), SEED_PATH);
    assertSameContent(variant);
    assert.equal(variant.days[0].label, 'Mar 14');
    assert.equal(variant.days[0].line, 0);
  });

  it('reads a digest without header or day line, under the day ""', () => {
    const variant = parseDigest(seedBody(), 'notes.txt');
    assertSameContent(variant);
    assert.equal(variant.days.length, 0);
    assert.ok(variant.entries.every(entry => entry.day === '' && entry.date === null));
  });

  it('reads the same with or without a final newline', () => {
    assert.ok(!SEED_TEXT.endsWith('\n'), 'the seed itself has no final newline');
    const variant = parseDigest(`${SEED_TEXT}\n`, SEED_PATH);
    assertSameContent(variant);
    assert.equal(variant.lineCount, reference.lineCount + 1);
  });

  it('matches header lines case- and space-insensitively', () => {
    const text =
      `NEW\n\n  get   TRENDING papers in your email inbox!  \n\nsubscribe\n\nbyak  and the Research community\n` +
      `\nMar 14\n\n${seedBlocks(0, 2)}`;
    const parsed = parseDigest(text, 'x.txt');
    assert.deepEqual(
      titles(parsed),
      seedPairs()
        .slice(0, 2)
        .map(pair => pair.title),
    );
    assert.deepEqual(parsed.diagnostics, []);
  });
});

describe('parseDigest with several days and years', () => {
  const twoDays = `Mar 14, 2024\n\n${seedBlocks(0, 3)}\n\nMar 15\n\n${seedBlocks(3, 5)}\n`;

  it('splits papers by day, dating the one whose day line states a year', () => {
    const parsed = parseDigest(twoDays, 'digest.txt');
    assert.deepEqual(
      parsed.days.map(day => [day.label, day.date, day.entries.length]),
      [
        ['Mar 14, 2024', '2024-03-14', 3],
        ['Mar 15', null, 2],
      ],
    );
    assert.deepEqual(
      parsed.entries.map(entry => entry.date),
      ['2024-03-14', '2024-03-14', '2024-03-14', null, null],
    );
    assert.deepEqual(
      parsed.entries.map(entry => entry.year),
      [2024, 2024, 2024, null, null],
    );
    const firstDay = parsed.days[0];
    assert.equal(firstDay.range.end, firstDay.entries[2].range.end);
    assert.ok(firstDay.range.end < parsed.days[1].line);
  });

  it('takes the year from the file name for days without one, never over the day line', () => {
    const parsed = parseDigest(twoDays, '/home/u/digests/2023-03-15-digest.txt');
    assert.deepEqual(
      parsed.days.map(day => day.date),
      ['2024-03-14', '2023-03-15'],
    );
  });

  it('dates every seed paper from `2024-03-14-digest.txt`', () => {
    const parsed = parseDigest(SEED_TEXT, '/work/digests/2024-03-14-digest.txt');
    assert.equal(parsed.entries.length, 61);
    assert.ok(parsed.entries.every(entry => entry.date === '2024-03-14' && entry.year === 2024));
    assert.equal(parsed.days[0].date, '2024-03-14');
  });

  it('uses the defaultYear option last', () => {
    assert.ok(parseDigest(SEED_TEXT, 'seed.txt', { defaultYear: 2025 }).entries.every(entry => entry.date === '2025-03-14'));
    assert.ok(parseDigest(SEED_TEXT, 'papers-2024.txt', { defaultYear: 2025 }).entries.every(entry => entry.date === '2024-03-14'));
  });

  it('ignores a defaultYear that is not a year, with a warning', () => {
    const parsed = parseDigest(SEED_TEXT, 'seed.txt', { defaultYear: Number.NaN });
    assert.ok(parsed.entries.every(entry => entry.date === null));
    assert.ok(parsed.diagnostics.some(d => d.severity === 'warning' && /Default year/.test(d.message)));
  });

  it('gives an impossible date no date, with a warning', () => {
    const parsed = parseDigest(`Feb 29\n\n${seedBlocks(0, 1)}`, 'digest-2023.txt');
    assert.equal(parsed.days[0].date, null);
    assert.equal(parsed.entries[0].date, null);
    assert.equal(parsed.entries[0].year, 2023);
    assert.deepEqual(
      parsed.diagnostics.map(d => [d.line, d.severity]),
      [[0, 'warning']],
    );
    assert.equal(parseDigest(`Feb 29\n\n${seedBlocks(0, 1)}`, 'digest-2024.txt').days[0].date, '2024-02-29');
  });

  it('keeps the same paper on two days as two entries', () => {
    const parsed = parseDigest(`Mar 14\n\n${seedBlocks(0, 2)}\n\nMar 15\n\n${seedBlocks(1, 3)}`, 'x.txt');
    const repeated = parsed.entries.filter(entry => entry.title === seedPairs()[1].title);
    assert.deepEqual(
      repeated.map(entry => entry.day),
      ['Mar 14', 'Mar 15'],
    );
    assert.notEqual(repeated[0].titleLine, repeated[1].titleLine);
  });

  it('puts entries before the first day line under the day ""', () => {
    const parsed = parseDigest(`${seedBlocks(0, 1)}\n\nMar 14\n\n${seedBlocks(1, 2)}`, '2024.txt');
    assert.deepEqual(
      parsed.entries.map(entry => [entry.day, entry.date, entry.year]),
      [
        ['', null, 2024],
        ['Mar 14', '2024-03-14', 2024],
      ],
    );
    assert.equal(parsed.days.length, 1);
  });

  it('reads a day line with no blank line before it: under the page heading or an abstract', () => {
    const [first, second] = seedPairs();
    const text = `Daily Papers\nMar 14\n\n${first.title}\n\n${first.abstract}\nMar 15\n\n${second.title}\n\n${second.abstract}\n`;
    const parsed = parseDigest(text, 'x.txt');
    assert.deepEqual(
      parsed.entries.map(entry => [entry.title, entry.day, entry.abstract]),
      [
        [first.title, 'Mar 14', first.abstract],
        [second.title, 'Mar 15', second.abstract],
      ],
    );
    assert.deepEqual(
      parsed.days.map(day => [day.label, day.line]),
      [
        ['Mar 14', 1],
        ['Mar 15', 6],
      ],
    );
    assert.deepEqual(parsed.entries[0].range, { start: 3, end: 5 });
    assert.deepEqual(parsed.diagnostics, []);
  });

  it('does not take a title that starts with a month word for a day line', () => {
    const text =
      `Mar 14\n\nMarch of the Penguins: Flocking in Deep Networks\n\n${seedPairs()[0].abstract}\n\nMay I Ask? ` +
      `Question Answering Revisited\n\n${seedPairs()[1].abstract}`;
    const parsed = parseDigest(text, 'x.txt');
    assert.deepEqual(titles(parsed), ['March of the Penguins: Flocking in Deep Networks', 'May I Ask? Question Answering Revisited']);
    assert.equal(parsed.days.length, 1);
  });
});

describe('parseDigest on irregular blocks', () => {
  const [first, second, third] = seedPairs();

  it('reads a title without abstract followed by a normal paper', () => {
    const text =
      `Mar 14\n\n${first.title}\n\n${first.abstract}\n\nA Paper Whose Abstract Went Missing\n\n${second.title}\n` + `\n${second.abstract}`;
    const parsed = parseDigest(text, 'x.txt');
    assert.deepEqual(titles(parsed), [first.title, 'A Paper Whose Abstract Went Missing', second.title]);
    const missing = parsed.entries[1];
    assert.equal(missing.abstract, '');
    assert.ok(!('abstractRange' in missing));
    assert.deepEqual(missing.range, { start: missing.titleLine, end: missing.titleLine });
    assert.equal(parsed.entries[2].abstract, second.abstract);
    assert.deepEqual(
      parsed.diagnostics.map(d => [d.line, d.severity]),
      [[missing.titleLine, 'warning']],
    );
  });

  it('reads a title without abstract at the end of a day and of the file', () => {
    const text = `Mar 14\n\n${seedBlocks(0, 1)}\n\nLonely Title One\n\nMar 15\n\n${seedBlocks(1, 2)}\n\nLonely Title Two\n`;
    const parsed = parseDigest(text, 'x.txt');
    assert.deepEqual(titles(parsed), [first.title, 'Lonely Title One', second.title, 'Lonely Title Two']);
    assert.deepEqual(
      parsed.days.map(day => day.entries.length),
      [2, 2],
    );
    assert.equal(parsed.diagnostics.filter(d => d.severity === 'warning').length, 2);
  });

  it('joins a hard-wrapped abstract with single spaces', () => {
    const wrapped = hardWrap(first.abstract, 72);
    assert.ok(wrapped.length > 10);
    const text = `Mar 14\n\n${first.title}\n\n${wrapped.join('\n')}\n\n${second.title}\n\n${second.abstract}`;
    const parsed = parseDigest(text, 'x.txt');
    assert.deepEqual(titles(parsed), [first.title, second.title]);
    assert.equal(parsed.entries[0].abstract, first.abstract);
    assert.deepEqual(parsed.entries[0].abstractRange, { start: 4, end: 3 + wrapped.length });
    assert.deepEqual(parsed.diagnostics, []);
  });

  it('joins a hard-wrapped abstract whose lines carry CRLF and indentation', () => {
    const wrapped = hardWrap(third.abstract, 60).map(line => `  ${line}  `);
    const parsed = parseDigest(`${third.title}\r\n\r\n${wrapped.join('\r\n')}`, 'x.txt');
    assert.equal(parsed.entries[0].abstract, third.abstract);
  });

  it('reads a title with its abstract directly under it (no blank line)', () => {
    const text = `Mar 14\n\n${first.title}\n${first.abstract}\n\n${second.title}\n${hardWrap(second.abstract, 80).join('\n')}`;
    const parsed = parseDigest(text, 'x.txt');
    assert.deepEqual(titles(parsed), [first.title, second.title]);
    assert.deepEqual(abstracts(parsed), [first.abstract, second.abstract]);
  });

  it('joins a title wrapped over two lines, with a note', () => {
    const text =
      `Mar 14\n\nThe Local Interaction Basis: Identifying Computationally-Relevant\nand Sparsely Interacting Features ` +
      `in Neural Networks\n\n${first.abstract}`;
    const parsed = parseDigest(text, 'x.txt');
    assert.deepEqual(titles(parsed), [
      'The Local Interaction Basis: Identifying Computationally-Relevant and Sparsely Interacting Features in Neural Networks',
    ]);
    assert.equal(parsed.entries[0].abstract, first.abstract);
    assert.deepEqual(parsed.entries[0].range, { start: 2, end: 5 });
    assert.deepEqual(
      parsed.diagnostics.map(d => [d.line, d.severity]),
      [[2, 'info']],
    );
  });

  it('joins a paragraph without title to the abstract above, with a warning', () => {
    const text = `${first.title}\n\n${first.abstract}\n\n${second.abstract}\n\n${third.title}\n\n${third.abstract}`;
    const parsed = parseDigest(text, 'x.txt');
    assert.deepEqual(titles(parsed), [first.title, third.title]);
    assert.equal(parsed.entries[0].abstract, `${first.abstract} ${second.abstract}`);
    assert.deepEqual(parsed.entries[0].abstractRange, { start: 2, end: 4 });
    assert.deepEqual(
      parsed.diagnostics.map(d => [d.line, d.severity]),
      [[4, 'warning']],
    );
  });

  it('skips prose before the first paper with a warning, keeping the papers', () => {
    const parsed = parseDigest(`${second.abstract}\n\nMar 14\n\n${seedBlocks(0, 1)}`, 'x.txt');
    assert.deepEqual(titles(parsed), [first.title]);
    assert.deepEqual(
      parsed.diagnostics.map(d => [d.line, d.severity]),
      [[0, 'warning']],
    );
  });

  it('notes a day that lists no papers', () => {
    const parsed = parseDigest(`Mar 13\n\nMar 14\n\n${seedBlocks(0, 1)}`, 'x.txt');
    assert.deepEqual(
      parsed.days.map(day => [day.label, day.entries.length, day.range]),
      [
        ['Mar 13', 0, { start: 0, end: 0 }],
        ['Mar 14', 1, { start: 2, end: 6 }],
      ],
    );
    assert.deepEqual(
      parsed.diagnostics.map(d => [d.line, d.severity]),
      [[0, 'info']],
    );
  });
});

describe('parseDigest on hostile and empty input', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '../../etc/passwd: A Path Traversal Study',
    'A {LaTeX} & $pecial_ #chars% ~^\\',
    'Über Größe: Ça marche',
  ];

  it('keeps hostile and non-ASCII titles unchanged', () => {
    const abstract = seedPairs()[0].abstract;
    const text = `Mar 14\n\n${hostile.map(title => `${title}\n\n${abstract}`).join('\n\n')}`;
    const parsed = parseDigest(text, 'x.txt');
    assert.deepEqual(titles(parsed), hostile);
    assert.ok(parsed.entries.every(entry => entry.abstract === abstract));
  });

  it('gives 0 papers for empty or blank input, without throwing', () => {
    for (const text of ['', '\n', '   \n\t\n', '\uFEFF', '\r\n\r\n']) {
      const parsed = parseDigest(text, 'empty.txt');
      assert.equal(parsed.entries.length, 0);
      assert.equal(parsed.days.length, 0);
      assert.ok(parsed.lineCount >= 1);
    }
  });

  it('records the path as given', () => {
    assert.equal(parseDigest('', 'file:///a/b.digest').path, 'file:///a/b.digest');
  });
});
