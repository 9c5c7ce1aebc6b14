import { strict as assert } from 'node:assert';
import { rankWords, STOP_WORDS, wordsAndPairs } from '../../../src/core/rank/tokenize';
import { WordIds, WordSequence } from '../../../src/core/rank/wordIds';

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

  it('reads the same words from char codes as from the folded text, in ASCII and in any other text', () => {
    const texts = [
      'Sparse Autoencoders: the CIRCUITS of GPT-4 (and Llama3_8B) 70B 9abc x_2 _private a1b2 e.g. O(n) k-means',
      'Schrödinger bridges for naïve façades — ÉCOLE İstanbul \u212Aelvin straße ﬁnetuning αβγ 注意力 Müller',
      '',
      'a b c 12 345 _ __ z9',
      'word\ttab\nnewline/slash;semi,comma.Dot',
    ];
    const vocabulary = new WordIds(STOP_WORDS);
    const sequence = new WordSequence(vocabulary, STOP_WORDS.size);
    for (const text of texts) {
      const from = sequence.length;
      sequence.append(text);
      const ids = [...sequence.ids.subarray(from, sequence.length)];
      assert.equal(ids.pop(), -1, 'each text ends with -1');
      assert.deepEqual(
        ids.map(id => vocabulary.words[id + STOP_WORDS.size]),
        rankWords(text),
        text,
      );
    }
    // A word seen again gets its first id.
    const before = vocabulary.size;
    sequence.append('circuits CIRCUITS Circuits');
    assert.equal(vocabulary.size, before);
  });
});
