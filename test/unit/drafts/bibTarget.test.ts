import assert from 'node:assert/strict';
import { bibFormatForDraft, chooseDeclaredBibliography, isAbsolutePath, planCitationKeys } from '../../../src/core/drafts/bibTarget';
import type { Paper } from '../../../src/core/model';

function paper(key: string, title: string): Paper {
  return { key, title, abstract: '', day: 'Mar 14', date: null, year: null, links: [], doi: null, occurrences: [] };
}

describe('bibliography target', () => {
  it('knows the formats per draft language', () => {
    assert.equal(bibFormatForDraft('refs.bib', 'markdown'), 'bibtex');
    assert.equal(bibFormatForDraft('refs.json', 'markdown'), 'csl-json');
    assert.equal(bibFormatForDraft('refs.yml', 'quarto'), 'csl-yaml');
    assert.equal(bibFormatForDraft('refs.yml', 'typst'), undefined, 'Typst YAML is Hayagriva');
    assert.equal(bibFormatForDraft('refs.ris', 'markdown'), undefined);
  });

  it('chooses the first existing declared file with a known format, else the first', () => {
    const pick = (c: Array<[string, boolean]>, lang = 'markdown') =>
      chooseDeclaredBibliography(
        c.map(([path, exists]) => ({ path, exists })),
        lang,
      )?.path;
    assert.equal(
      pick([
        ['a.bib', false],
        ['b.ris', true],
        ['c.json', true],
      ]),
      'c.json',
    );
    assert.equal(
      pick([
        ['a.bib', false],
        ['b.ris', true],
      ]),
      'a.bib',
    );
    assert.equal(
      pick(
        [
          ['h.yml', true],
          ['r.bib', true],
        ],
        'typst',
      ),
      'r.bib',
    );
    assert.equal(pick([]), undefined);
  });

  it('tells absolute paths', () => {
    assert.equal(isAbsolutePath('/x/refs.bib'), true);
    assert.equal(isAbsolutePath('C:\\x\\refs.bib'), true);
    assert.equal(isAbsolutePath('../refs.bib'), false);
  });
});

describe('planCitationKeys', () => {
  it("cites a paper whose title is already there with that entry's key, adding nothing", () => {
    const plans = planCitationKeys(
      [paper('transcoders2024', 'Transcoders Find Interpretable LLM Feature Circuits')],
      [{ key: 'dunefsky2024', title: '{Transcoders} find  interpretable LLM feature circuits' }],
    );
    assert.deepEqual(
      plans.map(p => [p.key, p.add]),
      [['dunefsky2024', false]],
    );
  });

  it('adds a new paper under its own key', () => {
    const plans = planCitationKeys([paper('a2024', 'A')], [{ key: 'b2024', title: 'B' }]);
    assert.deepEqual(
      plans.map(p => [p.key, p.add]),
      [['a2024', true]],
    );
  });

  it('treats a same-key entry without title as the paper', () => {
    assert.deepEqual(
      planCitationKeys([paper('a2024', 'A')], [{ key: 'A2024' }]).map(p => [p.key, p.add]),
      [['A2024', false]],
    );
  });

  it('gives a suffixed key when the key stands for another work, skipping keys of other papers', () => {
    const plans = planCitationKeys(
      [paper('a2024', 'A paper'), paper('c2024', 'C paper')],
      [
        { key: 'a2024', title: 'Something else' },
        { key: 'a2024a', title: 'Other' },
      ],
      new Set(['a2024', 'a2024b', 'c2024']),
    );
    assert.deepEqual(
      plans.map(p => [p.key, p.add]),
      [
        ['a2024c', true],
        ['c2024', true],
      ],
    );
  });

  it('plans a paper given twice once', () => {
    assert.deepEqual(
      planCitationKeys([paper('a', 'A'), paper('a', 'A')], []).map(p => p.key),
      ['a'],
    );
  });
});
