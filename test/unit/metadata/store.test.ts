import assert from 'node:assert/strict';
import {
  completeMetadata,
  EMPTY_METADATA_FILE,
  formatMetadataFile,
  mergeAnswers,
  MetadataIndex,
  parseMetadataFile,
  recordedKeyEntries,
  recordKeys,
  type LookupAnswer,
} from '../../../src/core/metadata/store';

const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';
const found: LookupAnswer = {
  title: TRANSCODERS,
  found: true,
  source: 'huggingface',
  metadata: {
    arxiv: '2406.11944',
    url: 'https://arxiv.org/abs/2406.11944',
    published: '2024-06-17',
    authors: [
      { literal: 'Jacob Dunefsky', family: 'Dunefsky', given: 'Jacob' },
      { literal: 'Philippe Chlenski', family: 'Chlenski', given: 'Philippe' },
    ],
    source: 'huggingface',
  },
};
const NOW = '2026-12-01T22:00:00.000Z';

describe('the metadata file', () => {
  it('writes answers with their source and date, and reads back what it wrote', () => {
    const file = mergeAnswers(EMPTY_METADATA_FILE, [found, { title: 'Nowhere To Be Found', found: false, source: 'arxiv-api' }], NOW);
    const text = formatMetadataFile(file);
    const json = JSON.parse(text);
    assert.equal(json.format, 'digest-notes/metadata');
    assert.deepEqual(
      json.papers.map((p: { title: string }) => p.title),
      ['Nowhere To Be Found', TRANSCODERS],
      'sorted by title',
    );
    assert.equal(json.papers[1].source, 'huggingface');
    assert.equal(json.papers[1].retrieved, NOW);
    assert.equal(json.papers[0].found, false);
    const read = parseMetadataFile(text);
    assert.equal(read.error, undefined);
    assert.equal(formatMetadataFile(read.file), text, 'an unchanged file is written the same');
    assert.deepEqual(new MetadataIndex(read.file).find(TRANSCODERS)?.metadata?.authors, found.metadata!.authors);
  });

  it('finds a record by arXiv id or by title written differently, never by digest path', () => {
    const index = new MetadataIndex(mergeAnswers(EMPTY_METADATA_FILE, [found], NOW));
    assert.equal(index.find('transcoders find interpretable {LLM} feature circuits.')?.title, TRANSCODERS);
    assert.equal(index.find('A title the digest changed', '2406.11944')?.title, TRANSCODERS);
    assert.equal(index.find('Another paper'), undefined);
  });

  it('reads a record written by hand: authors as strings, no source, is manual and found', () => {
    const text = JSON.stringify({
      papers: [{ title: 'My Own Paper', key: 'mine2020', authors: ['Joan Sol\\`a', 'Ludwig van der Berg'], published: '2020' }],
    });
    const record = new MetadataIndex(parseMetadataFile(text).file).find('My Own Paper')!;
    assert.equal(record.source, 'manual');
    assert.equal(record.found, true);
    assert.deepEqual(
      record.metadata?.authors?.map(a => a.family),
      ['Solà', 'van der Berg'],
    );
  });

  it('a hand edit wins: a lookup never replaces a record that holds metadata', () => {
    const edited = parseMetadataFile(
      formatMetadataFile(mergeAnswers(EMPTY_METADATA_FILE, [found], NOW)).replace('"family": "Chlenski"', '"family": "Chlenski-Edited"'),
    ).file;
    const later = mergeAnswers(edited, [{ ...found, source: 'arxiv-api' }], '2027-01-01T00:00:00.000Z');
    const record = new MetadataIndex(later).find(TRANSCODERS)!;
    assert.equal(record.metadata?.authors?.[1].family, 'Chlenski-Edited');
    assert.equal(record.retrieved, NOW);
  });

  it('an answer fills a record that has a key alone and keeps the key', () => {
    const keyed = recordKeys(EMPTY_METADATA_FILE, [{ title: TRANSCODERS, key: 'transcodersfindinterpretable2024' }]);
    const record = new MetadataIndex(mergeAnswers(keyed, [found], NOW)).find(TRANSCODERS)!;
    assert.equal(record.key, 'transcodersfindinterpretable2024');
    assert.equal(record.metadata?.arxiv, '2406.11944');
  });

  it('records a key once and never changes it', () => {
    const once = recordKeys(EMPTY_METADATA_FILE, [{ title: TRANSCODERS, key: 'first' }]);
    const twice = recordKeys(once, [
      { title: TRANSCODERS, key: 'second' },
      { title: 'Other', key: 'other2024' },
    ]);
    assert.deepEqual(recordedKeyEntries(twice), [
      { key: 'first', title: TRANSCODERS },
      { key: 'other2024', title: 'Other' },
    ]);
  });

  it('asks again for a paper without a record or with a key alone; "not found" only on request', () => {
    const file = recordKeys(mergeAnswers(EMPTY_METADATA_FILE, [found, { title: 'Missing', found: false, source: 'arxiv-api' }], NOW), [
      { title: 'Keyed', key: 'keyed' },
    ]);
    const index = new MetadataIndex(file);
    assert.equal(index.needsLookup(TRANSCODERS), false);
    assert.equal(index.needsLookup('Missing'), false);
    assert.equal(index.needsLookup('Missing', undefined, true), true);
    assert.equal(index.needsLookup('Keyed'), true);
    assert.equal(index.needsLookup('Unknown'), true);
  });

  it('the record completes a paper field by field, its own fields winning', () => {
    const record = new MetadataIndex(mergeAnswers(EMPTY_METADATA_FILE, [found], NOW)).find(TRANSCODERS);
    const merged = completeMetadata({ primaryClass: 'cs.LG', published: '2024-06-01', source: 'digest' }, record)!;
    assert.equal(merged.primaryClass, 'cs.LG');
    assert.equal(merged.published, '2024-06-17');
    assert.equal(merged.source, 'huggingface');
    assert.equal(completeMetadata(undefined, undefined), undefined);
  });

  it('refuses text that is not a metadata file, or one from a newer version', () => {
    assert.match(parseMetadataFile('{"papers": [').error ?? '', /not JSON/);
    assert.match(parseMetadataFile('[1, 2]').error ?? '', /no "papers" list/);
    assert.match(parseMetadataFile('{"version": 99, "papers": []}').error ?? '', /newer/);
    assert.deepEqual(parseMetadataFile('').file.records, []);
    assert.equal(parseMetadataFile('').error, undefined);
  });
});
