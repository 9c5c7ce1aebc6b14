import assert from 'node:assert/strict';
import {
  describeIdentifier,
  findIdentifiers,
  identifiersOnly,
  parseIdentifier,
  type Identifier,
} from '../../../src/core/identifiers/identifiers';

function arxiv(id: string, text: string, version?: number): Identifier {
  return { kind: 'arxiv', id, ...(version !== undefined ? { version } : {}), text };
}

describe('identifiers', () => {
  describe('arXiv ids', () => {
    it('reads a new-style id with and without version or prefix', () => {
      assert.deepEqual(parseIdentifier('2406.11944'), arxiv('2406.11944', '2406.11944'));
      assert.deepEqual(parseIdentifier('2406.11944v2'), arxiv('2406.11944', '2406.11944v2', 2));
      assert.deepEqual(parseIdentifier('arXiv:2406.11944'), arxiv('2406.11944', 'arXiv:2406.11944'));
      assert.deepEqual(parseIdentifier('arxiv:2406.11944v12'), arxiv('2406.11944', 'arxiv:2406.11944v12', 12));
      assert.deepEqual(parseIdentifier('0704.0001'), arxiv('0704.0001', '0704.0001'));
    });

    it('reads old-style ids of known archives, with subject class', () => {
      assert.deepEqual(parseIdentifier('hep-th/0507171'), arxiv('hep-th/0507171', 'hep-th/0507171'));
      assert.deepEqual(parseIdentifier('math.GT/0309136v1'), arxiv('math.GT/0309136', 'math.GT/0309136v1', 1));
      assert.deepEqual(parseIdentifier('arXiv:cond-mat/9901001'), arxiv('cond-mat/9901001', 'arXiv:cond-mat/9901001'));
    });

    it('refuses near misses', () => {
      for (const word of ['2406.119', '2413.11944', '2406.11944v', 'foo/0507171', 'hep-th/050717', '3.14159', 'v2', 'arXiv:', '2406-11944'])
        assert.equal(parseIdentifier(word), undefined, word);
    });
  });

  describe('links', () => {
    it('reads arXiv abs, pdf and html URLs', () => {
      assert.equal(id(parseIdentifier('https://arxiv.org/abs/2406.11944')), 'arxiv:2406.11944');
      assert.equal(id(parseIdentifier('https://arxiv.org/abs/2406.11944v3')), 'arxiv:2406.11944');
      assert.equal(id(parseIdentifier('http://arxiv.org/pdf/2406.11944v2.pdf')), 'arxiv:2406.11944');
      assert.equal(id(parseIdentifier('https://arxiv.org/pdf/2406.11944')), 'arxiv:2406.11944');
      assert.equal(id(parseIdentifier('https://www.arxiv.org/html/2406.11944v1')), 'arxiv:2406.11944');
      assert.equal(id(parseIdentifier('https://export.arxiv.org/abs/hep-th/0507171')), 'arxiv:hep-th/0507171');
      assert.equal(id(parseIdentifier('arxiv.org/abs/2406.11944')), 'arxiv:2406.11944');
      assert.equal(id(parseIdentifier('https://arxiv.org/abs/2406.11944?context=cs')), 'arxiv:2406.11944');
    });

    it('reads Hugging Face paper URLs', () => {
      assert.equal(id(parseIdentifier('https://huggingface.co/papers/2406.11944')), 'arxiv:2406.11944');
      assert.equal(id(parseIdentifier('huggingface.co/papers/2406.11944')), 'arxiv:2406.11944');
    });

    it('refuses other pages of the same hosts and other hosts', () => {
      for (const word of [
        'https://arxiv.org/list/cs.LG/recent',
        'https://huggingface.co/papers',
        'https://huggingface.co/datasets/2406.11944',
        'https://github.com/jacobdunefsky/transcoder_circuits',
        'https://example.com/abs/2406.11944',
        'https://doi.org/',
      ])
        assert.equal(parseIdentifier(word), undefined, word);
    });
  });

  describe('DOIs', () => {
    it('reads bare, prefixed and doi.org DOIs', () => {
      const doi = '10.1145/3442188.3445922';
      for (const word of [doi, `doi:${doi}`, `DOI:${doi}`, `https://doi.org/${doi}`, `http://dx.doi.org/${doi}`, `doi.org/${doi}`])
        assert.deepEqual(parseIdentifier(word), { kind: 'doi', doi, text: word }, word);
    });

    it('decodes an escaped doi.org URL and keeps brackets the DOI opened', () => {
      assert.equal(id(parseIdentifier('https://doi.org/10.1002%2F%28SICI%291097-4636')), 'doi:10.1002/(sici)1097-4636');
      assert.equal(id(parseIdentifier('10.1016/S0140-6736(20)30183-5')), 'doi:10.1016/s0140-6736(20)30183-5');
    });

    it('reads an arXiv DOI as the arXiv id', () => {
      assert.deepEqual(
        parseIdentifier('https://doi.org/10.48550/arXiv.2405.00208'),
        arxiv('2405.00208', 'https://doi.org/10.48550/arXiv.2405.00208'),
      );
    });

    it('refuses near misses', () => {
      for (const word of ['10.1/x', '10.1145', '10.1145/', '11.1145/3442188', 'doi:', 'doi:abc'])
        assert.equal(parseIdentifier(word), undefined, word);
    });
  });

  describe('in text', () => {
    it('drops the sentence punctuation around a DOI or a link', () => {
      const text = 'As shown (doi:10.1145/3442188.3445922), and in https://arxiv.org/abs/2406.11944. Also "10.1038/nature14539".';
      assert.deepEqual(findIdentifiers(text).map(describeIdentifier), [
        'doi:10.1145/3442188.3445922',
        'arXiv:2406.11944',
        'doi:10.1038/nature14539',
      ]);
    });

    it('reads several separated by spaces or lines, each paper once, words that are none skipped', () => {
      const text =
        '2406.11944 hep-th/0507171\nhttps://arxiv.org/pdf/2406.11944v2\r\n  10.1038/nature14539,\n\nsee also https://github.com/x/y';
      assert.deepEqual(findIdentifiers(text).map(describeIdentifier), [
        'arXiv:2406.11944',
        'arXiv:hep-th/0507171',
        'doi:10.1038/nature14539',
      ]);
    });

    it('finds nothing in plain prose', () => {
      assert.deepEqual(findIdentifiers('We trained 1.3B parameters in 2024 for 3.5 days at 10.5 percent.'), []);
      assert.deepEqual(findIdentifiers(''), []);
    });
  });

  describe('identifiersOnly (what a paste may offer to cite)', () => {
    it('takes a text of identifiers only, several to a line or one a line', () => {
      const only = identifiersOnly('https://huggingface.co/papers/2406.11944\n doi:10.1038/nature14539, arXiv:2402.11928v2\n');
      assert.deepEqual(only?.map(describeIdentifier), ['arXiv:2406.11944', 'doi:10.1038/nature14539', 'arXiv:2402.11928']);
    });

    it('refuses a sentence that mentions an identifier, a link to elsewhere, and blank text', () => {
      assert.equal(identifiersOnly('See 2406.11944 for details'), undefined);
      assert.equal(identifiersOnly('2406.11944 https://github.com/x/y'), undefined);
      assert.equal(identifiersOnly('https://arxiv.org/list/cs.LG/recent'), undefined);
      assert.equal(identifiersOnly('  \n '), undefined);
    });
  });
});

function id(identifier: Identifier | undefined): string | undefined {
  if (identifier === undefined) return undefined;
  return identifier.kind === 'arxiv' ? `arxiv:${identifier.id}` : `doi:${identifier.doi.toLowerCase()}`;
}
