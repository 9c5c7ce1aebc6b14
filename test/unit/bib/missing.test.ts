import assert from 'node:assert/strict';
import { defaultStyleCitation, gapsText, referenceGaps } from '../../../src/core/bib/missing';
import { handPaper } from '../helpers/handDigest';

const TITLE = 'Interpreting Attention Layer Outputs with Sparse Autoencoders';
const person = (family: string) => ({ literal: `A ${family}`, family, given: 'A' });

describe('what a reference without authors or a year prints', () => {
  it('says the title stands for the author and "n.d." for the year, as pandoc prints them', () => {
    const bare = handPaper({ key: 'k', title: TITLE, date: null, year: null });
    assert.deepEqual(referenceGaps(bare), { authors: true, year: true });
    assert.equal(gapsText(referenceGaps(bare)!), 'no authors and no year');
    // Pandoc 3 with its default Chicago author-date style prints exactly this.
    assert.equal(defaultStyleCitation(bare), '(\u201cInterpreting Attention Layer Outputs with Sparse Autoencoders,\u201d n.d.)');
    const dated = handPaper({ key: 'k', title: TITLE, date: null, year: 2024 });
    assert.deepEqual(referenceGaps(dated), { authors: true, year: false });
    assert.equal(defaultStyleCitation(dated), '(\u201cInterpreting Attention Layer Outputs with Sparse Autoencoders\u201d 2024)');
  });

  it('names authors as author-date does, and says nothing of a complete paper', () => {
    const undated = (n: number) =>
      handPaper({
        key: 'k',
        title: 'T',
        date: null,
        year: null,
        metadata: { authors: ['Dunefsky', 'Chlenski', 'Nanda', 'Other'].slice(0, n).map(person) },
      });
    assert.equal(defaultStyleCitation(undated(1)), '(Dunefsky, n.d.)');
    assert.equal(defaultStyleCitation(undated(2)), '(Dunefsky and Chlenski, n.d.)');
    assert.equal(defaultStyleCitation(undated(3)), '(Dunefsky, Chlenski, and Nanda, n.d.)');
    assert.equal(defaultStyleCitation(undated(4)), '(Dunefsky et al., n.d.)');
    assert.deepEqual(referenceGaps(undated(1)), { authors: false, year: true });
    const complete = handPaper({ key: 'k', title: 'T', metadata: { authors: [person('Dunefsky')], published: '2024-06-17' } });
    assert.equal(referenceGaps(complete), undefined);
    assert.equal(defaultStyleCitation(complete), '(Dunefsky 2024)');
  });
});
