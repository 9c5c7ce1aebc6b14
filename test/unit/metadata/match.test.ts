import assert from 'node:assert/strict';
import { pickMatch, sameTitle, titleMatchText } from '../../../src/core/metadata/match';

describe('title matching', () => {
  it('undoes differences of writing: TeX, case, punctuation, spacing, Unicode forms', () => {
    assert.equal(
      titleMatchText('Transcoders Find Interpretable {LLM} Feature Circuits.'),
      'transcoders find interpretable llm feature circuits',
    );
    assert.ok(sameTitle('Transcoders Find Interpretable LLM Feature Circuits', 'transcoders find\n  interpretable LLM feature-circuits'));
    assert.ok(sameTitle('Schr\\"odinger bridges', 'Schrödinger Bridges'));
    assert.ok(sameTitle('ﬁne-tuning', 'fine tuning'));
  });

  it('keeps titles with different words apart, and never matches an empty title', () => {
    assert.ok(
      !sameTitle('Transcoders Find Interpretable LLM Feature Circuits', 'Transcoders Find Interpretable LLM Feature Circuits in GPT-2'),
    );
    assert.ok(!sameTitle('Sparse Autoencoders', 'Sparse Autoencoder'));
    assert.ok(!sameTitle('', ''));
    assert.ok(!sameTitle('...', '!!!'));
  });

  it('picks the one candidate with the same title; none when two different papers have it', () => {
    const candidates = [
      { title: 'Transcoders Find Interpretable LLM Feature Circuits in GPT-2', id: '1' },
      { title: 'Transcoders find interpretable LLM feature circuits', id: '2' },
    ];
    assert.equal(
      pickMatch(
        'Transcoders Find Interpretable LLM Feature Circuits',
        candidates,
        c => c.title,
        c => c.id,
      )?.id,
      '2',
    );
    assert.equal(
      pickMatch(
        'Transcoders',
        candidates,
        c => c.title,
        c => c.id,
      ),
      undefined,
    );
    const twins = [...candidates, { title: 'Transcoders Find Interpretable LLM Feature Circuits', id: '3' }];
    assert.equal(
      pickMatch(
        'Transcoders Find Interpretable LLM Feature Circuits',
        twins,
        c => c.title,
        c => c.id,
      ),
      undefined,
    );
    const sameTwice = [candidates[1], { ...candidates[1] }];
    assert.equal(
      pickMatch(
        'Transcoders Find Interpretable LLM Feature Circuits',
        sameTwice,
        c => c.title,
        c => c.id,
      )?.id,
      '2',
    );
  });
});
