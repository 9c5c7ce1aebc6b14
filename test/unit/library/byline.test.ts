import assert from 'node:assert/strict';
import { byline } from '../../../src/core/library/byline';

const author = (family: string) => ({ literal: `A. ${family}`, family });

describe('byline', () => {
  it('names up to three authors by family name, then the year', () => {
    const metadata = { authors: [author('Dunefsky'), author('Chlenski'), author('Nanda')], published: '2024-06-17' };
    assert.equal(byline({ metadata }), 'Dunefsky, Chlenski and Nanda · 2024');
    assert.equal(byline({ metadata: { authors: [author('Liu')] }, year: 2023 }), 'Liu · 2023');
  });

  it('says "et al." past three authors, and uses the name as written without a family name', () => {
    const four = { authors: [author('Liu'), author('B'), author('C'), author('D')] };
    assert.equal(byline({ metadata: four }), 'Liu et al.');
    assert.equal(byline({ metadata: { authors: [{ literal: 'DeepMind' }] } }), 'DeepMind');
  });

  it('is undefined when neither authors nor the year are known (a text digest)', () => {
    assert.equal(byline({ year: null }), undefined);
    assert.equal(byline({}), undefined);
  });
});
