import assert from 'node:assert/strict';
import {
  formatManualAuthors,
  manualFieldsOf,
  parseManualAuthors,
  readManualFields,
  withManualRecord,
} from '../../../src/core/metadata/manual';
import { EMPTY_METADATA_FILE, formatMetadataFile, mergeAnswers, parseMetadataFile, recordMetadata } from '../../../src/core/metadata/store';

const TITLE = 'Transcoders Find Interpretable LLM Feature Circuits';
const NOW = '2026-12-07T19:30:00.000Z';

describe('metadata entered by hand', () => {
  it('reads "Family, Given; Family, Given" authors, one person per semicolon', () => {
    const authors = parseManualAuthors('Dunefsky, Jacob; Chlenski, Philippe;  ; Nanda, Neel');
    assert.deepEqual(
      authors.map(a => [a.family, a.given]),
      [
        ['Dunefsky', 'Jacob'],
        ['Chlenski', 'Philippe'],
        ['Nanda', 'Neel'],
      ],
    );
    assert.equal(formatManualAuthors(authors), 'Dunefsky, Jacob; Chlenski, Philippe; Nanda, Neel');
  });

  it('reads year, arXiv id, DOI and venue, and says which field is wrong', () => {
    const read = readManualFields({
      authors: 'Dunefsky, Jacob',
      year: '2024',
      arxiv: 'arXiv:2406.11944',
      doi: 'https://doi.org/10.1145/3442188.3445922',
      venue: ' NeurIPS   2024 ',
    });
    assert.ok('metadata' in read);
    assert.equal(read.metadata.published, '2024');
    assert.equal(read.metadata.arxiv, '2406.11944');
    assert.equal(read.metadata.journalDoi, '10.1145/3442188.3445922');
    assert.equal(read.metadata.venue, 'NeurIPS 2024');
    assert.deepEqual(readManualFields({ year: '24' }), { field: 'year', error: 'a year is four digits, such as 2024' });
    assert.ok('metadata' in readManualFields({ year: '1843' }), 'an older work has its year');
    assert.equal((readManualFields({ year: '2999' }) as { field: string }).field, 'year');
    assert.equal((readManualFields({ arxiv: 'not an id' }) as { field: string }).field, 'arxiv');
    assert.equal((readManualFields({ doi: '2406.11944' }) as { field: string }).field, 'doi');
  });

  it('keeps known fields left out, clears emptied ones, keeps a full date of the same year', () => {
    const known = { published: '2024-06-17', venue: 'ICML', arxiv: '2406.11944', source: 'huggingface' as const };
    const read = readManualFields({ year: '2024', venue: '' }, known);
    assert.ok('metadata' in read);
    assert.deepEqual(read.metadata, { published: '2024-06-17', arxiv: '2406.11944' });
    const prefill = manualFieldsOf(known, null);
    assert.deepEqual(prefill, { authors: '', year: '2024', arxiv: '2406.11944', doi: '', venue: 'ICML' });
    assert.equal(manualFieldsOf(undefined, 2023).year, '2023');
  });

  it('records source manual, keeps a recorded key and the added date', () => {
    const before = parseMetadataFile(
      JSON.stringify({ papers: [{ title: TITLE.toUpperCase(), key: 'dunefsky2024transcoders', added: '2026-12-01' }] }),
    ).file;
    const after = withManualRecord(before, { title: TITLE, key: 'other2025key' }, { published: '2024', source: 'digest' }, NOW);
    assert.equal(after.records.length, 1);
    const record = after.records[0];
    assert.equal(record.key, 'dunefsky2024transcoders');
    assert.equal(record.source, 'manual');
    assert.equal(record.added, '2026-12-01');
    assert.deepEqual(recordMetadata(record), { published: '2024', source: 'manual' });
    // A paper without a record gets one, with its current key.
    const fresh = withManualRecord(EMPTY_METADATA_FILE, { title: TITLE, key: 'transcoders2024' }, { published: '2024' }, NOW);
    assert.equal(fresh.records[0].key, 'transcoders2024');
    // And it reads back as written.
    assert.deepEqual(parseMetadataFile(formatMetadataFile(fresh)).file, fresh);
  });

  it('is never overwritten by a lookup', () => {
    const manual = withManualRecord(EMPTY_METADATA_FILE, { title: TITLE, key: 'k' }, { published: '2023', venue: 'By hand' }, NOW);
    const merged = mergeAnswers(
      manual,
      [{ title: TITLE, found: true, source: 'arxiv-api', metadata: { published: '2024-06-17', arxiv: '2406.11944' } }],
      '2026-12-08T00:00:00.000Z',
    );
    assert.deepEqual(merged.records, manual.records);
    assert.equal(merged.records[0].source, 'manual');
  });
});
