import assert from 'node:assert/strict';
import { parseDigest } from '../../../src/core/digest/parser';
import { buildLibrary } from '../../../src/core/library/library';
import { completePaper, lookupPlan, queriesFor, withStoredMetadata } from '../../../src/core/metadata/apply';
import { EMPTY_METADATA_FILE, mergeAnswers, MetadataIndex, recordKeys } from '../../../src/core/metadata/store';
import { handPaper } from '../helpers/handDigest';
import { SEED_TEXT } from '../helpers/seed';

const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';
const file = mergeAnswers(
  EMPTY_METADATA_FILE,
  [
    {
      title: TRANSCODERS,
      found: true,
      source: 'huggingface',
      metadata: { arxiv: '2406.11944', authors: [{ literal: 'Jacob Dunefsky', family: 'Dunefsky', given: 'Jacob' }] },
    },
    { title: 'Classification of BCI-EEG based on augmented covariance matrix', found: false, source: 'arxiv-api' },
  ],
  '2026-12-01T00:00:00.000Z',
);

describe('the metadata file applied', () => {
  const digest = parseDigest(SEED_TEXT, '/ws/renamed/any-name.digest.txt', { defaultYear: 2024 });

  it('completes the entries of a digest by title, wherever the digest now lives', () => {
    const completed = withStoredMetadata(digest, new MetadataIndex(file));
    const entry = completed.entries.find(e => e.title === TRANSCODERS)!;
    assert.equal(entry.metadata?.arxiv, '2406.11944');
    assert.equal(entry.metadata?.source, 'huggingface');
    assert.equal(completed.days[0].entries.find(e => e.title === TRANSCODERS)?.metadata?.arxiv, '2406.11944', 'days see it too');
    assert.equal(completed.entries.filter(e => e.metadata !== undefined).length, 1);
    assert.equal(withStoredMetadata(digest, new MetadataIndex(EMPTY_METADATA_FILE)), digest, 'unchanged without records');
  });

  it("asks only for papers the file does not answer, with day, arXiv id from a link and the paper's own DOI", () => {
    const papers = buildLibrary([digest]).papers;
    const queries = queriesFor(papers, new MetadataIndex(file));
    assert.equal(queries.length, 61 - 2);
    assert.ok(queries.every(q => q.date === '2024-03-14'));
    const linked = handPaper({
      key: 'k',
      title: 'Linked',
      links: [{ url: 'https://arxiv.org/abs/2401.01234v2', kind: 'other' }],
      doi: '10.1/x',
    });
    // The DOI the abstract quotes names a data set or another paper: it is never sent as this paper's.
    assert.deepEqual(queriesFor([linked], new MetadataIndex(EMPTY_METADATA_FILE)), [
      { title: 'Linked', date: '2024-03-14', arxiv: '2401.01234' },
    ]);
    const published = handPaper({ key: 'p', title: 'Published', doi: '10.1/quoted', metadata: { journalDoi: '10.1145/own' } });
    assert.deepEqual(queriesFor([published], new MetadataIndex(EMPTY_METADATA_FILE)), [
      { title: 'Published', date: '2024-03-14', doi: '10.1145/own' },
    ]);
    const keyedOnly = recordKeys(EMPTY_METADATA_FILE, [{ title: 'Linked', key: 'k' }]);
    assert.equal(queriesFor([linked], new MetadataIndex(keyedOnly)).length, 1, 'a key alone is no answer');
    const described = handPaper({ key: 'd', title: 'Described', metadata: { authors: [{ literal: 'A B', family: 'B', given: 'A' }] } });
    assert.deepEqual(queriesFor([described], new MetadataIndex(EMPTY_METADATA_FILE)), [], 'a rich source already gave authors');
  });

  it('says which service would receive what before anything is sent', () => {
    const plan = lookupPlan([
      { title: 'A', date: '2024-03-14' },
      { title: 'B', date: '2024-03-14', arxiv: '2401.00001' },
      { title: 'C', date: null, doi: '10.1/x' },
    ]);
    assert.deepEqual(plan, { huggingfaceDays: ['2024-03-14'], arxivTitles: ['A', 'C'], arxivIds: ['2401.00001'], dois: ['10.1/x'] });
  });

  it('completes a paper from its record, the paper itself when there is none', () => {
    const paper = handPaper({ key: 'k', title: TRANSCODERS });
    assert.equal(completePaper(paper, new MetadataIndex(file)).metadata?.authors?.[0].family, 'Dunefsky');
    const other = handPaper({ key: 'o', title: 'Other' });
    assert.equal(completePaper(other, new MetadataIndex(file)), other);
  });
});
