import assert from 'node:assert/strict';
import { buildLibrary } from '../../../src/core/library/library';
import { parseDigest } from '../../../src/core/digest/parser';
import { digestYearOf, lacksYear, relativeDigestPath, withDigestYear, withDigestYearRecord } from '../../../src/core/metadata/digestYears';
import { EMPTY_METADATA_FILE, formatMetadataFile, mergeAnswers, parseMetadataFile, recordKeys } from '../../../src/core/metadata/store';
import { formatBibtexEntry } from '../../../src/core/bib';
import { SEED_TEXT } from '../helpers/seed';

const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';

describe('digest years kept in the metadata file', () => {
  it('are written beside the papers, sorted by path, and read back; a file without them reads as before', () => {
    const file = withDigestYearRecord(withDigestYearRecord(EMPTY_METADATA_FILE, 'z/b.digest.txt', 2023), 'a.digest.txt', 2024);
    const text = formatMetadataFile(file);
    const json = JSON.parse(text);
    assert.deepEqual(json.digests, [
      { path: 'a.digest.txt', year: 2024 },
      { path: 'z/b.digest.txt', year: 2023 },
    ]);
    assert.deepEqual(Object.keys(json), ['format', 'version', 'digests', 'papers']);
    const read = parseMetadataFile(text);
    assert.equal(read.error, undefined);
    assert.equal(digestYearOf(read.file, 'z/b.digest.txt'), 2023);
    assert.equal(digestYearOf(read.file, 'a.digest.txt'), 2024);
    assert.equal(digestYearOf(read.file, 'other.digest.txt'), undefined);
    assert.equal('digests' in JSON.parse(formatMetadataFile(EMPTY_METADATA_FILE)), false, 'no digests key without a year');
  });

  it('replace an earlier year, skip malformed items, and survive answers and recorded keys', () => {
    const file = withDigestYearRecord(withDigestYearRecord(EMPTY_METADATA_FILE, 'a.digest.txt', 2023), 'a.digest.txt', 2024);
    assert.deepEqual(file.digests, [{ path: 'a.digest.txt', year: 2024 }]);
    const hand = parseMetadataFile(
      JSON.stringify({
        papers: [],
        digests: [{ path: 'ok.txt', year: '2022' }, { path: '', year: 2020 }, { path: 'x.txt', year: 1492 }, { path: 'y.txt' }, 'junk'],
      }),
    );
    assert.deepEqual(hand.file.digests, [{ path: 'ok.txt', year: 2022 }], 'a hand-written "2022" counts; the rest is skipped');
    const merged = mergeAnswers(file, [{ title: 'T', found: false, source: 'arxiv-api' }], '2026-01-01T00:00:00.000Z');
    assert.deepEqual(recordKeys(merged, [{ title: 'T', key: 't' }]).digests, file.digests);
  });

  it('name a digest by its path relative to the workspace folder', () => {
    assert.equal(relativeDigestPath('/ws', '/ws/digests/mar14.digest.txt'), 'digests/mar14.digest.txt');
    assert.equal(relativeDigestPath('/ws/', '/ws/a.txt'), 'a.txt');
    assert.equal(relativeDigestPath('/ws', '/wsx/a.txt'), undefined);
    assert.equal(relativeDigestPath('/ws', '/other/a.txt'), undefined);
  });

  it("date an undated digest's days and papers; keys, entries and the library follow", () => {
    const digest = parseDigest(SEED_TEXT, '/ws/hf-daily-papers-mar14.digest.txt');
    assert.ok(lacksYear(digest));
    assert.equal(digest.days[0].date, null);
    const dated = withDigestYear(digest, 2024);
    assert.equal(lacksYear(dated), false);
    assert.equal(dated.days[0].date, '2024-03-14');
    assert.ok(dated.entries.every(entry => entry.year === 2024 && entry.date === '2024-03-14'));
    assert.ok(
      dated.days[0].entries.every(entry => entry.year === 2024),
      'days see the dated entries',
    );
    assert.equal(withDigestYear(dated, 2020), dated, 'a known year is never replaced');
    const before = buildLibrary([digest]).byTitle(TRANSCODERS)!;
    const after = buildLibrary([dated]).byTitle(TRANSCODERS)!;
    assert.equal(before.key, 'transcodersfindinterpretable');
    assert.equal(after.key, 'transcodersfindinterpretable2024', 'a paper not keyed yet gets the year');
    assert.match(formatBibtexEntry(after), /year = \{2024\},\n {2}month = mar,/);
    // A key already written (here: in the bibliography) never changes.
    const kept = buildLibrary([dated], { existing: [{ key: before.key, title: TRANSCODERS }] }).byTitle(TRANSCODERS)!;
    assert.equal(kept.key, 'transcodersfindinterpretable');
  });

  it('leave a day that does not exist in the given year without a date, with the year', () => {
    const digest = parseDigest('Feb 29\n\nA Title Here\n\nAn abstract of the paper.\n', '/ws/leap.digest.txt');
    const dated = withDigestYear(digest, 2023);
    assert.equal(dated.days[0].date, null);
    assert.equal(dated.entries[0].year, 2023);
    assert.equal(withDigestYear(digest, 2024).entries[0].date, '2024-02-29');
  });
});
