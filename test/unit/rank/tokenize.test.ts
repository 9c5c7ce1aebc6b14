import { strict as assert } from 'node:assert';
import { rankWords, wordsAndPairs } from '../../../src/core/rank/tokenize';

describe('rank tokenizer', () => {
  it('lowercases, folds accents, drops function words and one-letter words', () => {
    assert.deepEqual(rankWords('The Schrödinger bridge of a GPT-4 model'), ['schrodinger', 'bridge', 'gpt', 'model']);
  });

  it('keeps words that start with a letter, digits inside', () => {
    assert.deepEqual(rankWords('Llama3 beats 70B on 2024 tasks'), ['llama3', 'beats', 'tasks']);
  });

  it('pairs neighbours of the filtered sequence', () => {
    assert.deepEqual(wordsAndPairs('Sparse autoencoders find the circuits'), [
      'sparse',
      'autoencoders',
      'find',
      'circuits',
      'sparse autoencoders',
      'autoencoders find',
      'find circuits',
    ]);
  });

  it('gives nothing for text without words', () => {
    assert.deepEqual(wordsAndPairs('— 42 !'), []);
  });
});
