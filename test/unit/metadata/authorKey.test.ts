import assert from 'node:assert/strict';
import fc from 'fast-check';
import { baseKey, isValidKey, MAX_KEY_LENGTH } from '../../../src/core/library/keys';
import { paperBaseKey } from '../../../src/core/metadata/apply';
import { seedPairs } from '../helpers/seed';

describe('the author key rule (<family><year><firstword>)', () => {
  it('gives the short Google Scholar form when the first author and the year are known', () => {
    assert.equal(baseKey('Transcoders Find Interpretable LLM Feature Circuits', 2024, 'Dunefsky'), 'dunefsky2024transcoders');
    // The first significant word: stop words are skipped, a leading name's colon dropped.
    assert.equal(baseKey('The Local Interaction Basis: Identifying ...', 2024, 'Bushnaq'), 'bushnaq2024local');
    assert.equal(
      baseKey('iTransformer: Inverted Transformers Are Effective for Time Series Forecasting', 2023, 'Liu'),
      'liu2023itransformer',
    );
  });

  it('folds the family name to ASCII, particles, accents and hyphens included', () => {
    assert.equal(baseKey('Deep Learning', 2020, 'van der Berg'), 'vanderberg2020deep');
    assert.equal(baseKey('Über Alles', 2019, 'Solà-Müller'), 'solamuller2019uber');
  });

  it('keeps the title rule without a year or without a usable family name', () => {
    const title = 'Transcoders Find Interpretable LLM Feature Circuits';
    assert.equal(baseKey(title, null, 'Dunefsky'), baseKey(title, null));
    assert.equal(baseKey(title, 2024, '李'), baseKey(title, 2024));
    assert.equal(baseKey(title, 2024, undefined), 'transcodersfindinterpretable2024');
  });

  it('stays a valid key of at most 40 characters with room for a suffix', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 1000, max: 9999 }), (title, family, year) => {
        const key = baseKey(title, year, family);
        assert.ok(isValidKey(key), JSON.stringify([title, family, key]));
        assert.ok(key.length <= MAX_KEY_LENGTH - 2, key);
      }),
    );
    assert.equal(baseKey('Title', 2024, 'X'.repeat(60)).length, MAX_KEY_LENGTH - 2);
  });

  it('a paper takes the publication year of its metadata before the digest year', () => {
    const title = seedPairs().find(p => p.title.startsWith('iTransformer'))!.title;
    const metadata = { authors: [{ literal: 'Yong Liu', family: 'Liu', given: 'Yong' }], published: '2023-10-10' };
    assert.equal(paperBaseKey({ title, year: 2024, metadata }), 'liu2023itransformer');
    assert.equal(paperBaseKey({ title, year: 2024 }), baseKey(title, 2024));
  });
});
