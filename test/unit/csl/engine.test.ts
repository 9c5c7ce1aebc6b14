import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CslItem } from '../../../src/core/bib/csl';
import { CslEngines, CslFormatter, CslStyleError } from '../../../src/core/csl/engine';
import { SHIPPED_LOCALE, SHIPPED_STYLES, shippedStyle } from '../../../src/core/csl/styles';

const STYLES = fileURLToPath(new URL('../../../src/core/csl/styles', import.meta.url));
const style = (id: string) => readFileSync(join(STYLES, shippedStyle(id)!.file), 'utf8');
const localeXml = readFileSync(join(STYLES, SHIPPED_LOCALE.file), 'utf8');
const locales = { locale: (lang: string) => (lang === 'en-US' ? localeXml : undefined) };

const TRANSCODERS: CslItem = {
  id: 'dunefsky2024transcoders',
  type: 'article',
  title: 'Transcoders Find Interpretable LLM Feature Circuits',
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
};
const UNDATED: CslItem = { id: 'sora', type: 'article', title: 'Sora: A Review <of> Video & Models' };

describe('CSL port', () => {
  const chicago = new CslFormatter(style('chicago-author-date'), locales);

  it('formats a reference and its in-text citation as Chicago author-date prints them (text)', () => {
    const [formatted] = chicago.format([TRANSCODERS], 'text');
    assert.equal(
      formatted.reference,
      'Dunefsky, Jacob, Philippe Chlenski, and Neel Nanda. 2024. “Transcoders Find Interpretable LLM Feature Circuits.” arXiv. https://doi.org/10.48550/arXiv.2406.11944.',
    );
    assert.equal(formatted.citation, '(Dunefsky, Chlenski, and Nanda 2024)');
  });

  it('formats HTML with the markup escaped, on one line', () => {
    const [formatted] = chicago.format([UNDATED], 'html');
    assert.equal(formatted.reference, '<div class="csl-entry">“Sora: A Review &#60;of&#62; Video &#38; Models.” n.d.</div>');
    assert.equal(formatted.citation, '(“Sora: A Review &#60;of&#62; Video &#38; Models,” n.d.)');
  });

  it('numbers a numeric style in the order given and cites with a locator', () => {
    const ieee = new CslFormatter(style('ieee'), locales);
    const formatted = ieee.format([UNDATED, TRANSCODERS], 'text');
    assert.deepEqual(
      formatted.map(f => f.citation),
      ['[1]', '[2]'],
    );
    assert.match(
      formatted[1].reference,
      /^\[2\] J\. Dunefsky, P\. Chlenski, and N\. Nanda, “Transcoders Find Interpretable LLM Feature Circuits,”/,
    );
    assert.equal(
      chicago.cite([TRANSCODERS], [{ id: TRANSCODERS.id, locator: '12', label: 'page' }], 'text'),
      '(Dunefsky, Chlenski, and Nanda 2024, 12)',
    );
  });

  it('tells two papers of an author and year apart, in the bibliography order (by title)', () => {
    const second: CslItem = { ...TRANSCODERS, id: 'dunefsky2024second', title: 'Another Paper' };
    assert.deepEqual(
      chicago.format([TRANSCODERS, second], 'text').map(f => f.citation),
      ['(Dunefsky, Chlenski, and Nanda 2024b)', '(Dunefsky, Chlenski, and Nanda 2024a)'],
    );
  });

  it('refuses text that is not a style', () => {
    assert.throws(() => new CslFormatter('<html></html>', locales), CslStyleError);
    assert.throws(() => new CslFormatter('<style><broken', locales), CslStyleError);
  });

  it('keeps one engine per style', () => {
    const engines = new CslEngines(locales, 2);
    const first = engines.engine(style('chicago-author-date'));
    assert.equal(engines.engine(style('chicago-author-date')), first);
    engines.engine(style('ieee'));
    engines.engine(style('vancouver'));
    assert.equal(engines.size, 2);
    assert.notEqual(engines.engine(style('chicago-author-date')), first, 'the least recently used was dropped');
  });

  it('names the shipped styles by id, file or path', () => {
    assert.equal(shippedStyle('APA')?.file, 'apa.csl');
    assert.equal(shippedStyle('styles/ieee.csl')?.id, 'ieee');
    assert.equal(shippedStyle('harvard'), undefined);
    for (const shipped of SHIPPED_STYLES) assert.match(style(shipped.id), /<style[\s>]/);
  });
});
