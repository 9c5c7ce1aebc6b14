import { strict as assert } from 'node:assert';
import { filterTerms, matchesFilter } from '../../../src/core/library/paperFilter';
import { buildLibrary } from '../../../src/core/library/library';
import { parseDigest } from '../../../src/core/digest/parser';
import { SEED_PATH, SEED_TEXT } from '../helpers/seed';

describe('Papers view filter', () => {
  const papers = buildLibrary([parseDigest(SEED_TEXT, SEED_PATH)]).papers;

  it('splits the filter into lower-case words; a blank filter has none and shows everything', () => {
    assert.deepEqual(filterTerms('  Sparse   AUTOencoders '), ['sparse', 'autoencoders']);
    assert.deepEqual(filterTerms('   '), []);
    assert.equal(papers.filter(p => matchesFilter(p, [])).length, papers.length);
  });

  it('finds the transcoders paper by a word of its title, in any case', () => {
    const found = papers.filter(p => matchesFilter(p, filterTerms('TRANSCODERS')));
    assert.ok(found.length >= 1);
    assert.ok(found.some(p => p.title === 'Transcoders Find Interpretable LLM Feature Circuits'));
    for (const paper of found) {
      assert.match(`${paper.title} ${paper.key} ${paper.abstract}`.toLowerCase(), /transcoders/);
    }
  });

  it('requires every word, each in any of title, key or abstract', () => {
    const target = papers.find(p => p.title === 'Transcoders Find Interpretable LLM Feature Circuits');
    assert.ok(target);
    assert.ok(matchesFilter(target, filterTerms(`${target.key} circuits`)), 'key and title word');
    assert.ok(matchesFilter(target, filterTerms('transcoder_circuits')), 'a word of the abstract (its code URL)');
    assert.ok(!matchesFilter(target, filterTerms('transcoders measles')));
    assert.ok(papers.filter(p => matchesFilter(p, filterTerms('transcoders measles'))).length === 0);
  });
});
