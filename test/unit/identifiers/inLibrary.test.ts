import assert from 'node:assert/strict';
import { findIdentifiers } from '../../../src/core/identifiers/identifiers';
import { keysInLibrary, paperForIdentifier } from '../../../src/core/identifiers/inLibrary';
import type { Paper, PaperMetadata } from '../../../src/core/model';

function paper(key: string, metadata?: PaperMetadata): Paper {
  return { key, title: key, abstract: '', day: 'Jul 30', date: null, year: null, links: [], doi: null, occurrences: [], metadata };
}

const papers = [
  paper('zhang2025bang', { arxiv: '2507.21493' }),
  paper('old2005', { arxiv: 'hep-th/0507171' }),
  paper('journal2024', { journalDoi: '10.1145/3442188.3445922' }),
  paper('quoted', undefined),
];

describe('identifiers already in the library', () => {
  it('finds a digest paper by its arXiv id in every written form', () => {
    for (const written of [
      '2507.21493',
      'arXiv:2507.21493v2',
      'https://arxiv.org/pdf/2507.21493',
      'https://huggingface.co/papers/2507.21493',
    ]) {
      assert.deepEqual(keysInLibrary(papers, findIdentifiers(written)), ['zhang2025bang'], written);
    }
  });

  it('finds a paper by its arXiv DOI, by its journal DOI whatever the case, and an old-style id', () => {
    assert.equal(paperForIdentifier(papers, findIdentifiers('https://doi.org/10.48550/arXiv.2507.21493')[0])?.key, 'zhang2025bang');
    assert.equal(paperForIdentifier(papers, findIdentifiers('doi:10.1145/3442188.3445922')[0])?.key, 'journal2024');
    assert.equal(paperForIdentifier(papers, findIdentifiers('10.1145/3442188.3445922'.toUpperCase())[0])?.key, 'journal2024');
    assert.equal(paperForIdentifier(papers, findIdentifiers('hep-th/0507171')[0])?.key, 'old2005');
  });

  it('leaves what the library does not hold to a lookup, in order', () => {
    assert.deepEqual(keysInLibrary(papers, findIdentifiers('2401.00001 2507.21493 10.1000/unknown')), [
      undefined,
      'zhang2025bang',
      undefined,
    ]);
  });
});
