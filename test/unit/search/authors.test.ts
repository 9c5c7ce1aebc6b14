import assert from 'node:assert/strict';
import { PaperIndex } from '../../../src/core/search';
import { indexableText } from '../../../src/core/search/indexedPapers';

const transcoders = {
  key: 'dunefsky2024transcoders',
  title: 'Transcoders Find Interpretable LLM Feature Circuits',
  abstract: 'A key goal in mechanistic interpretability is circuit analysis.',
  metadata: {
    authors: [
      { literal: 'Jacob Dunefsky', family: 'Dunefsky' },
      { literal: 'Neel Nanda', family: 'Nanda' },
    ],
  },
};
const other = {
  key: 'other2024',
  title: 'Transcoders for Speech',
  abstract: 'Audio transcoding with learned codecs.',
};

describe('authors in the search index', () => {
  it('finds a paper by an author and a title word ("dunefsky transcoders")', () => {
    const index = PaperIndex.build([indexableText(transcoders), indexableText(other)]);
    assert.equal(index.search('dunefsky transcoders', { limit: 5 })[0]?.key, transcoders.key);
    assert.deepEqual(
      index.search('nanda', { limit: 5 }).map(hit => hit.key),
      [transcoders.key],
    );
  });

  it('leaves a paper without authors as it is', () => {
    assert.deepEqual(indexableText(other), { key: other.key, title: other.title, abstract: other.abstract });
  });
});
