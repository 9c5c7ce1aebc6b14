import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { looksLikeDigest } from '../../../src/core/digest/detect';
import type { LineRange, ParsedDigest } from '../../../src/core/model';
import { parseDigest } from '../../../src/core/digest/parser';
import { seedPairs } from '../helpers/seed';

function assertWithin(range: LineRange, lineCount: number, what: string): void {
  assert.ok(Number.isInteger(range.start) && Number.isInteger(range.end), what);
  assert.ok(range.start >= 0 && range.start <= range.end && range.end <= lineCount - 1, `${what} ${JSON.stringify(range)} of ${lineCount}`);
}

/** The invariants every parse keeps, whatever the input. */
function assertConsistent(parsed: ParsedDigest): void {
  const { lineCount } = parsed;
  assert.ok(lineCount >= 1);
  for (const entry of parsed.entries) {
    assertWithin(entry.range, lineCount, 'entry range');
    assert.ok(entry.titleLine >= entry.range.start && entry.titleLine <= entry.range.end, 'title line inside range');
    assert.notEqual(entry.title, '');
    if (entry.abstractRange) {
      assertWithin(entry.abstractRange, lineCount, 'abstract range');
      assert.ok(entry.abstractRange.start > entry.titleLine && entry.abstractRange.end === entry.range.end);
      assert.notEqual(entry.abstract, '');
    } else {
      assert.equal(entry.abstract, '');
    }
  }
  for (const day of parsed.days) {
    assertWithin(day.range, lineCount, 'day range');
    assert.equal(day.range.start, day.line);
    for (const entry of day.entries) assert.ok(entry.range.start > day.line && entry.range.end <= day.range.end);
  }
  assert.equal(
    parsed.days.reduce((n, day) => n + day.entries.length, 0),
    parsed.entries.filter(entry => entry.day !== '').length,
  );
  for (const diagnostic of parsed.diagnostics) assert.ok(diagnostic.line >= 0 && diagnostic.line < lineCount);
}

const pairs = seedPairs();
/** Lines a digest is made of, and the things that go wrong in them. */
const digestLine = fc.oneof(
  fc.constantFrom(
    '',
    '',
    '',
    '   ',
    '\t',
    'new',
    'Subscribe',
    'Get trending papers in your email inbox!',
    'byAK and the research community',
  ),
  fc.constantFrom('Mar 14', 'March 15, 2024', '2024-03-16', 'Feb 29', '14 Mar 2023', 'May I Ask?', 'March of the Penguins: A Study'),
  fc.constantFrom(...pairs.slice(0, 8).map(pair => pair.title)),
  fc.constantFrom(...pairs.slice(0, 8).map(pair => pair.abstract)),
  fc.constantFrom('Code at https://github.com/a/b.', 'DOI: 10.1000/xyz.', 'A short line.', '<script>alert(1)</script>', '\uFEFF'),
  fc.string({ maxLength: 40 }),
);
const lineEnd = fc.constantFrom('\n', '\r\n', '\r', ' \n', '\n\n');

describe('parseDigest properties', () => {
  it('never throws and keeps its ranges consistent on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.option(fc.integer({ min: 1800, max: 2200 }), { nil: undefined }),
        (text, defaultYear) => {
          assertConsistent(parseDigest(text, 'random.txt', { defaultYear }));
          looksLikeDigest(text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws and keeps its ranges consistent on mixtures of digest lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(digestLine, lineEnd), { maxLength: 60 }),
        fc.constantFrom('x.txt', '2024-03-14.txt', 'digest-2023.txt'),
        (parts, path) => {
          const text = parts.map(([line, end]) => line + end).join('');
          assertConsistent(parseDigest(text, path));
          looksLikeDigest(text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds every well-formed title/abstract block, whatever the spacing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pairs), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 24, maxLength: 24 }),
        fc.constantFrom('\n', '\r\n', '\r', ' \n'),
        (chosen, gaps, eol) => {
          // Between title and abstract 1-4 line breaks (1: directly under it); between blocks 2-5.
          let text = '';
          chosen.forEach((pair, i) => {
            if (i > 0) text += eol.repeat(1 + gaps[2 * i + 1]);
            text += pair.title + eol.repeat(gaps[2 * i]) + pair.abstract;
          });
          const parsed = parseDigest(text, 'x.txt');
          assert.deepEqual(
            parsed.entries.map(entry => entry.title),
            chosen.map(pair => pair.title),
          );
          assert.deepEqual(
            parsed.entries.map(entry => entry.abstract),
            chosen.map(pair => pair.abstract),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('stays consistent on pathological lines', () => {
    const hostile = [
      `${'a'.repeat(200_000)}`,
      `https://${'a.'.repeat(50_000)}`,
      `${'10.1234/'.repeat(20_000)}`,
      `${'(('.repeat(50_000)}`,
      `${'. A'.repeat(50_000)}`,
      `${'Mar '.repeat(50_000)}14`,
      `${'\n'.repeat(200_000)}`,
      `${'x\n\n'.repeat(50_000)}`,
    ];
    // Linear time is measured by `npm run bench`; a quadratic or backtracking path here would
    // run into mocha's timeout.
    for (const text of hostile) {
      assertConsistent(parseDigest(text, 'x.txt'));
    }
  });
});
