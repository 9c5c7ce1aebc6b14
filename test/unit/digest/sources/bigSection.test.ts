import assert from 'node:assert/strict';
import { buildParsedDigest, Diagnostics, type SourceRecord } from '../../../../src/core/digest/sources/common';

describe("a source's day section of any size", () => {
  it('builds a section of 200,000 papers (a spread into Math.max overflowed the stack at about 125,000)', () => {
    const section = { label: '2026-06-12', date: '2026-06-12', line: 0 };
    const records: SourceRecord[] = [];
    for (let i = 0; i < 200_000; i++) {
      records.push({ title: `Paper ${i}`, abstract: '', metadata: {}, titleLine: i, range: { start: i, end: i }, section });
    }
    const digest = buildParsedDigest('x.json', records, new Diagnostics(200_000), 200_000);
    assert.equal(digest.days.length, 1);
    assert.equal(digest.days[0].range.end, 199_999);
  });
});
