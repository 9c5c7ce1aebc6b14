import { strict as assert } from 'node:assert';
import { isoDate, parseDayLine, yearFromPath } from '../../../src/core/digest/dates';

describe('parseDayLine', () => {
  const days: Array<[string, { month: number; day: number; year: number | null }]> = [
    ['Mar 14', { month: 3, day: 14, year: null }],
    ['March 14', { month: 3, day: 14, year: null }],
    ['mar 4', { month: 3, day: 4, year: null }],
    ['Mar 14, 2024', { month: 3, day: 14, year: 2024 }],
    ['Mar 14 2024', { month: 3, day: 14, year: 2024 }],
    ['Sept 30', { month: 9, day: 30, year: null }],
    ['Dec. 1st', { month: 12, day: 1, year: null }],
    ['Thu, Mar 14, 2024', { month: 3, day: 14, year: 2024 }],
    ['14 Mar 2024', { month: 3, day: 14, year: 2024 }],
    ['14 March', { month: 3, day: 14, year: null }],
    ['2024-03-14', { month: 3, day: 14, year: 2024 }],
    ['  Mar 14   ', { month: 3, day: 14, year: null }],
    ['Mar 14\t', { month: 3, day: 14, year: null }],
    ['Feb 29', { month: 2, day: 29, year: null }],
    ['Feb 29, 2024', { month: 2, day: 29, year: 2024 }],
  ];
  for (const [line, expected] of days) {
    it(`reads ${JSON.stringify(line)}`, () => assert.deepEqual(parseDayLine(line), expected));
  }

  const notDays = [
    'March of the Penguins: Learning to Flock',
    'May I Ask?',
    'May 2024',
    'Mar 14 is when we met',
    'On Mar 14 we met.',
    'Mar 32',
    'Feb 30',
    'Feb 29, 2023',
    'Foo 14',
    '2024-13-01',
    '2024-02-30',
    'Mar 14, 1850',
    '14',
    '',
    'Partial Correlations in Compositional Data Analysis',
  ];
  for (const line of notDays) {
    it(`rejects ${JSON.stringify(line)}`, () => assert.equal(parseDayLine(line), null));
  }

  // A backtracking regex would hang here until mocha's timeout; the answer itself must be null.
  it('rejects long hostile lines', () => {
    for (let i = 0; i < 1000; i++) assert.equal(parseDayLine(`Mar ${' '.repeat(5000)}14x`), null);
  });
});

describe('yearFromPath', () => {
  const cases: Array<[string, number | null]> = [
    ['2024-03-14-digest.txt', 2024],
    ['/home/me/digests/2024-03-14-digest.txt', 2024],
    ['C:\\Users\\me\\digests\\2023-12-31.digest', 2023],
    ['file:///work/hf%20papers/papers-2022.digest.txt', 2022],
    ['digest 2021.txt', 2021],
    ['digest_2020.txt', 2020],
    ['hf-daily-papers-mar14.digest.txt', null],
    ['digest2024.txt', null],
    ['2024papers.txt', null],
    ['/2024/digest.txt', null],
    ['1750-05-01.txt', null],
    ['log-20240314.txt', null],
    ['', null],
  ];
  for (const [path, year] of cases) {
    it(`gives ${year} for ${JSON.stringify(path)}`, () => assert.equal(yearFromPath(path), year));
  }
});

describe('isoDate', () => {
  it('zero-pads month and day', () => {
    assert.equal(isoDate(2024, 3, 4), '2024-03-04');
    assert.equal(isoDate(2024, 12, 31), '2024-12-31');
  });
});
