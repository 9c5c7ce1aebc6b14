import * as assert from 'node:assert/strict';
import { daySections } from '../../../src/core/digest/daySections';
import type { DigestDay, DigestEntry, ParsedDigest } from '../../../src/core/model';

function entry(title: string, day: string, line: number): DigestEntry {
  const range = { start: line, end: line };
  return { title, abstract: '', day, date: null, year: null, links: [], doi: null, titleLine: line, range };
}

describe('daySections', () => {
  it('lists the papers before any day line first, then each day in file order', () => {
    const early = entry('Early', '', 0);
    const late = entry('Late', 'Mar 14', 3);
    const day: DigestDay = { label: 'Mar 14', date: null, line: 2, range: { start: 2, end: 3 }, entries: [late] };
    const parsed: ParsedDigest = { path: 'x', days: [day], entries: [early, late], diagnostics: [], lineCount: 4 };
    assert.deepEqual(
      daySections(parsed).map(s => [s.label, s.line, s.entries.map(e => e.title)]),
      [
        ['', -1, ['Early']],
        ['Mar 14', 2, ['Late']],
      ],
    );
  });

  it('handles 200,000 day sections (a spread of that many arguments overflows the stack)', () => {
    const days: DigestDay[] = [];
    for (let i = 0; i < 200_000; i++) {
      days.push({ label: `Day ${i}`, date: null, line: i, range: { start: i, end: i }, entries: [] });
    }
    const sections = daySections({ path: 'x', days, entries: [], diagnostics: [], lineCount: days.length });
    assert.equal(sections.length, 200_000);
    assert.equal(sections.at(-1)?.label, 'Day 199999');
  });
});
