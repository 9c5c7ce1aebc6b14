/** Entries of papers with metadata: what a citation style needs, the digest kept out of print. */
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { formatBibliography, formatBibtexEntry, readBibliography, toCslItem } from '../../../src/core/bib';
import type { PaperMetadata } from '../../../src/core/model';
import { handPaper } from '../helpers/handDigest';

const arxivMetadata: PaperMetadata = {
  authors: [
    { literal: 'Jacob Dunefsky', family: 'Dunefsky', given: 'Jacob' },
    { literal: 'Philippe Chlenski', family: 'Chlenski', given: 'Philippe' },
    { literal: 'Neel Nanda', family: 'Nanda', given: 'Neel' },
  ],
  published: '2024-06-17',
  arxiv: '2406.11944',
  primaryClass: 'cs.LG',
  url: 'https://arxiv.org/abs/2406.11944',
  source: 'huggingface',
};
const preprint = handPaper({
  key: 'dunefsky2024transcoders',
  title: 'Transcoders Find Interpretable LLM Feature Circuits',
  abstract: 'A key goal.',
  links: [{ url: 'https://github.com/jacobdunefsky/transcoder_circuits', kind: 'code' }],
  metadata: arxivMetadata,
});
const published = handPaper({
  key: 'arrington2004twophoton',
  title: 'Two-photon exchange',
  metadata: {
    authors: [
      { literal: 'H. de Vries', family: 'de Vries', given: 'H.' },
      { literal: 'Martin Luther King Jr.', family: 'King', given: 'Martin Luther', suffix: 'Jr.' },
      { literal: 'The ATLAS Collaboration' },
    ],
    published: '2004-08-18',
    arxiv: 'nucl-ex/0408020',
    venue: 'Phys. Rev. C 70, 012345 & more',
    journalDoi: '10.1103/PhysRevC.70.012345',
  },
});

describe('bibliography entries with metadata', () => {
  it('BibTeX: an arXiv preprint as arXiv exports it, the digest and code link in an unprinted annotation', () => {
    assert.equal(
      formatBibtexEntry(preprint),
      [
        '@misc{dunefsky2024transcoders,',
        '  title = {Transcoders Find Interpretable {LLM} Feature Circuits},',
        '  author = {Dunefsky, Jacob and Chlenski, Philippe and Nanda, Neel},',
        '  year = {2024},',
        '  month = jun,',
        '  eprint = {2406.11944},',
        '  archivePrefix = {arXiv},',
        '  primaryClass = {cs.LG},',
        '  doi = {10.48550/arXiv.2406.11944},',
        '  url = {https://arxiv.org/abs/2406.11944},',
        '  abstract = {A key goal.},',
        '  annotation = {Digest 2024-03-14.digest.txt, Mar 14; code https://github.com/jacobdunefsky/transcoder\\_circuits}',
        '}',
      ].join('\n'),
    );
  });

  it('BibTeX: a published paper as @article with its journal and DOI; particles, suffixes and literals kept', () => {
    const entry = formatBibtexEntry(published);
    assert.match(entry, /^@article\{arrington2004twophoton,/);
    assert.match(entry, /\n {2}author = \{de Vries, H\. and King, Jr\., Martin Luther and \{The ATLAS Collaboration\}\},/);
    assert.match(entry, /\n {2}journal = \{Phys\. Rev\. C 70, 012345 \\& more\},/);
    assert.match(entry, /\n {2}doi = \{10\.1103\/PhysRevC\.70\.012345\},/);
    assert.match(entry, /\n {2}eprint = \{nucl-ex\/0408020\},/);
    assert.doesNotMatch(entry, /\bnote = /);
    assert.equal(readBibliography(entry + '\n', 'bibtex').entries[0].title, 'Two-photon exchange');
  });

  it('CSL: authors family/given, issued, type article, publisher arXiv, number arXiv:<id>, DOI, URL', () => {
    assert.deepEqual(toCslItem(preprint), {
      id: 'dunefsky2024transcoders',
      type: 'article',
      title: preprint.title,
      author: [
        { family: 'Dunefsky', given: 'Jacob' },
        { family: 'Chlenski', given: 'Philippe' },
        { family: 'Nanda', given: 'Neel' },
      ],
      issued: { 'date-parts': [[2024, 6, 17]] },
      publisher: 'arXiv',
      number: 'arXiv:2406.11944',
      DOI: '10.48550/arXiv.2406.11944',
      URL: 'https://arxiv.org/abs/2406.11944',
      abstract: 'A key goal.',
      annote: 'Digest 2024-03-14.digest.txt, Mar 14; code https://github.com/jacobdunefsky/transcoder_circuits',
    });
    const journal = toCslItem(published);
    assert.equal(journal.type, 'article-journal');
    assert.equal(journal['container-title'], 'Phys. Rev. C 70, 012345 & more');
    assert.equal(journal.DOI, '10.1103/PhysRevC.70.012345');
    assert.equal('publisher' in journal, false);
    assert.deepEqual(journal.author?.[2], { literal: 'The ATLAS Collaboration' });
  });

  it('CSL-YAML escapes names and annote as Markdown and reads back', () => {
    const odd = handPaper({
      key: 'odd',
      title: 'T',
      metadata: { authors: [{ literal: 'A_b *C*', family: '*C*', given: 'A_b' }], arxiv: '2401.00001' },
    });
    const text = formatBibliography([odd, preprint], 'csl-yaml');
    const items = parseYaml(text).references;
    assert.deepEqual(items[0].author, [{ family: '\\*C\\*', given: 'A\\_b' }]);
    assert.match(items[1].annote, /transcoder\\_circuits/);
    assert.deepEqual(
      readBibliography(text, 'csl-yaml').entries.map(e => e.key),
      ['odd', 'dunefsky2024transcoders'],
    );
  });

  it('a paper without an identifier gets the date from the digest and no URL: its code link goes in the unprinted annote', () => {
    const plain = handPaper({
      key: 'plain2024',
      title: 'Plain',
      links: [
        { url: 'https://github.com/o/r', kind: 'code' },
        { url: 'https://o.github.io/r', kind: 'project' },
        { url: 'https://zenodo.org/records/1', kind: 'other' },
      ],
    });
    const item = toCslItem(plain);
    assert.equal('URL' in item, false);
    assert.equal(item.annote, 'Digest 2024-03-14.digest.txt, Mar 14; code https://github.com/o/r; project https://o.github.io/r');
    assert.equal('author' in item, false);
    const entry = formatBibtexEntry(plain);
    assert.match(entry, /^@misc\{plain2024,\n {2}title = \{Plain\},\n {2}year = \{2024\},/);
    assert.doesNotMatch(entry, /^\s*url\s*=/m);
    assert.doesNotMatch(entry, /zenodo/, 'an other link is neither the URL nor provenance');
  });
});
