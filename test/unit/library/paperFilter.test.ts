import { strict as assert } from 'node:assert';
import { filterHaystack, filterTerms, matchesFilter, matchesHaystack } from '../../../src/core/library/paperFilter';
import { buildLibrary } from '../../../src/core/library/library';
import { parseDigest } from '../../../src/core/digest/parser';
import { tokenize } from '../../../src/core/search/tokenize';
import { SEED_PATH, SEED_TEXT } from '../helpers/seed';

describe('the text filter (Papers view, preview, search: one rule)', () => {
  const papers = buildLibrary([parseDigest(SEED_TEXT, SEED_PATH)]).papers;
  const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';
  const SAE = 'Interpret the Internal States of Recommendation Model with Sparse Autoencoder';

  it("makes the search tokenizer's terms of the filter: folded, plurals removed, function words dropped", () => {
    assert.deepEqual(filterTerms('  Sparse   AUTOencoders '), ['sparse', 'autoencoder']);
    assert.deepEqual(filterTerms('Schrödinger studies'), tokenize('schrodinger study'));
    assert.deepEqual(filterTerms('   '), []);
    assert.deepEqual(filterTerms('the of'), [], 'function words alone filter nothing out');
    assert.equal(papers.filter(p => matchesFilter(p, [])).length, papers.length);
  });

  it('finds "Sparse Autoencoder" with "sparse autoencoders" (the preview used to miss it)', () => {
    const found = papers.filter(p => matchesFilter(p, filterTerms('sparse autoencoders'))).map(p => p.title);
    assert.ok(found.includes(SAE), found.join('; '));
    assert.ok(found.includes('Interpreting Attention Layer Outputs with Sparse Autoencoders'));
  });

  it('matches each word as the start of a word, in any case, not inside one', () => {
    const target = papers.find(p => p.title === TRANSCODERS)!;
    assert.ok(matchesFilter(target, filterTerms('TRANSCOD')), 'a word being typed');
    assert.ok(matchesFilter(target, filterTerms(`${target.key} circuits`)), 'key and title word');
    assert.ok(matchesFilter(target, filterTerms('transcoder_circuits')), 'words of the abstract (its code URL)');
    assert.ok(!matchesFilter(target, filterTerms('coders')), 'not the middle of a word');
    assert.ok(!matchesFilter(target, filterTerms('transcoders measles')), 'every word');
  });

  it('matches authors and the day', () => {
    const paper = {
      key: 'dunefsky2024transcoders',
      title: 'Transcoders',
      abstract: 'Circuits.',
      authors: ['Jacob Dunefsky', 'Erwin Schrödinger'],
      day: 'Mar 14',
    };
    assert.ok(matchesFilter(paper, filterTerms('dunefsky transcoders')));
    assert.ok(matchesFilter(paper, filterTerms('schrodinger')));
    assert.ok(matchesFilter(paper, filterTerms('mar 14')));
    assert.ok(!matchesFilter({ ...paper, key: 'transcoders2024', authors: [] }, filterTerms('dunefsky transcoders')));
  });

  it('answers the same from a haystack built once', () => {
    const haystacks = papers.map(filterHaystack);
    for (const query of ['sparse autoencoders', 'interp', 'covariance matrices', 'transformer circuits']) {
      const terms = filterTerms(query);
      assert.deepEqual(
        haystacks.map(h => matchesHaystack(h, terms)),
        papers.map(p => matchesFilter(p, terms)),
        query,
      );
    }
  });
});
