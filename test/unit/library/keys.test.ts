import assert from 'node:assert/strict';
import fc from 'fast-check';
import { baseKey, clashSuffix, isValidKey, MAX_KEY_LENGTH, suffixedKey } from '../../../src/core/library/keys';
import { seedPairs } from '../helpers/seed';

const SAFE_KEY = /^[a-z0-9]+$/;

describe('baseKey', () => {
  const titles = seedPairs().map(p => p.title);

  it('gives every seed title a distinct, safe key of at most 40 characters, with and without a year', () => {
    assert.equal(titles.length, 61);
    for (const year of [2024, null]) {
      const keys = titles.map(t => baseKey(t, year));
      assert.equal(new Set(keys).size, titles.length, `duplicate keys for year ${year}`);
      for (const key of keys) {
        assert.match(key, SAFE_KEY);
        assert.ok(key.length <= MAX_KEY_LENGTH, key);
        assert.ok(isValidKey(key), key);
      }
    }
  });

  it('is deterministic', () => {
    const once = titles.map(t => baseKey(t, 2024));
    const again = [...titles]
      .reverse()
      .map(t => baseKey(t, 2024))
      .reverse();
    assert.deepEqual(again, once);
  });

  it('uses a leading single-word name before a colon', () => {
    assert.equal(baseKey('Causalainer: Causal Explainer for Automatic Video Summarization', 2024), 'causalainer2024');
    assert.equal(baseKey('iTransformer: Inverted Transformers Are Effective for Time Series Forecasting', null), 'itransformer');
    assert.equal(baseKey('Mirasol3B: A Multimodal Autoregressive model', 2023), 'mirasol3b2023');
    assert.equal(baseKey('BCI-EEG: Something Else', null), 'bcieeg');
  });

  it('uses the first three significant words when the text before the colon has spaces', () => {
    assert.equal(baseKey('The Local Interaction Basis: Identifying Features', null), 'localinteractionbasis');
    assert.equal(baseKey('Observable Propagation: A Data-Efficient Approach', null), 'observablepropagationdataefficient');
  });

  it('skips stop words and keeps hyphenated words whole', () => {
    assert.equal(baseKey('Transcoders Find Interpretable LLM Feature Circuits', 2024), 'transcodersfindinterpretable2024');
    assert.equal(baseKey('On the Complexity of Bayesian Generalization', null), 'complexitybayesiangeneralization');
    assert.equal(baseKey('The AI Companion in Education', null), 'aicompanioneducation');
    assert.equal(baseKey('Self-supervised learning of Split Invariant Equivariant representations', null), 'selfsupervisedlearningsplit');
    assert.equal(baseKey("Exploiting the Brain's Network Structure", null), 'exploitingbrainsnetwork');
  });

  it('uses the first words when all are stop words, and `paper` when no ASCII letter remains', () => {
    assert.equal(baseKey('Of The And For', null), 'oftheand');
    assert.equal(baseKey('深度学习的研究', 2024), 'paper2024');
    assert.equal(baseKey('2024: 1999', null), 'paper');
    assert.equal(baseKey('   ', null), 'paper');
    assert.equal(baseKey('', 2021), 'paper2021');
  });

  it('folds accents to ASCII', () => {
    assert.equal(baseKey('Über Ça Marche Déjà', null), 'ubercamarche');
    assert.equal(baseKey('Ångström: Résumé', 2020), 'angstrom2020');
    assert.equal(baseKey('ﬁne Tuning', null), 'finetuning');
  });

  it('appends the year only when known', () => {
    assert.equal(baseKey('SINC: Spatial Composition', 2023), 'sinc2023');
    assert.equal(baseKey('SINC: Spatial Composition', null), 'sinc');
  });

  it('cuts long words so the key with year and a two-letter suffix fits 40 characters', () => {
    const title = 'Pneumonoultramicroscopicsilicovolcanoconiosis Supercalifragilisticexpialidocious Words';
    const key = baseKey(title, 2024);
    assert.equal(key.length, 38);
    assert.ok(key.endsWith('2024'));
    assert.ok(suffixedKey(key, 27).length <= MAX_KEY_LENGTH);
  });

  it('makes hostile titles safe', () => {
    const hostile: [string, number | null, string][] = [
      ['../../etc/passwd: A Path Traversal Study', 2024, 'etcpasswd2024'],
      ['CON: Reserved Names', null, 'conpaper'],
      ['CON: Reserved Names', 2024, 'con2024'],
      ['nul', null, 'nulpaper'],
      ['LPT1: Printers', null, 'lpt1paper'],
      ['<script>alert(1)</script>', null, 'scriptalert1script'],
      ['\\textbf{Bold} & 100% $x$ #1 ~ ^ _under_', null, 'textbfbold100x'],
      ['C:\\Windows\\System32 Study', null, 'c'],
    ];
    for (const [title, year, expected] of hostile) {
      const key = baseKey(title, year);
      assert.equal(key, expected, title);
      assert.ok(isValidKey(key), key);
    }
  });

  it('always gives a valid key (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.option(fc.integer({ min: 1000, max: 9999 })), (title, year) => {
        const key = baseKey(title, year);
        assert.ok(isValidKey(key), JSON.stringify([title, key]));
        assert.ok(!/^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/.test(key));
        for (const n of [1, 26, 27, 702, 703, 20000]) assert.ok(isValidKey(suffixedKey(key, n)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('clash suffixes', () => {
  it('count a..z then aa, ab, ...', () => {
    assert.deepEqual([1, 2, 26, 27, 28, 52, 53, 702, 703].map(clashSuffix), ['a', 'b', 'z', 'aa', 'ab', 'az', 'ba', 'zz', 'aaa']);
  });

  it('append to the key, cutting letters (never the year) when the key would pass 40', () => {
    assert.equal(suffixedKey('sinc2023', 0), 'sinc2023');
    assert.equal(suffixedKey('sinc2023', 1), 'sinc2023a');
    const long = 'a'.repeat(34) + '2024';
    assert.equal(suffixedKey(long, 703), 'a'.repeat(33) + '2024aaa');
    assert.equal(suffixedKey(long, 703).length, 40);
  });
});
