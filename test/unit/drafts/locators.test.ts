import assert from 'node:assert/strict';
import { citationSyntaxFor, planCitationInsert, type CitationInsert } from '../../../src/core/drafts/citations';
import { formatCitationWithLocator, formatLocator, locatorFrom, locatorValueError } from '../../../src/core/drafts/locators';

const pandoc = citationSyntaxFor('markdown');
const latex = citationSyntaxFor('latex');
const typst = citationSyntaxFor('typst');
const page = { label: 'page', value: '12' } as const;

/** The text after applying the insert. */
function apply(text: string, insert: CitationInsert | undefined): string {
  assert.ok(insert, 'expected an insertion');
  return text.slice(0, insert.offset) + insert.text + text.slice(insert.offset);
}

describe('locators', () => {
  it('are written as each syntax expects', () => {
    assert.equal(formatCitationWithLocator('smith2020', page, pandoc), '[@smith2020, p. 12]');
    assert.equal(formatCitationWithLocator('smith2020', page, citationSyntaxFor('quarto')), '[@smith2020, p. 12]');
    assert.equal(formatCitationWithLocator('smith2020', page, latex), '\\cite[p.~12]{smith2020}');
    assert.equal(
      formatCitationWithLocator('smith2020', page, citationSyntaxFor('latex', { latexCiteCommand: 'citep' })),
      '\\citep[p.~12]{smith2020}',
    );
    assert.equal(formatCitationWithLocator('smith2020', page, typst), '@smith2020[p. 12]');
    assert.equal(formatCitationWithLocator('k', { label: 'chapter', value: '3' }, pandoc), '[@k, chap. 3]');
    assert.equal(formatCitationWithLocator('k', { label: 'section', value: '2.1' }, typst), '@k[sec. 2.1]');
    assert.equal(formatCitationWithLocator('k', { label: 'figure', value: '4' }, latex), '\\cite[fig.~4]{k}');
    assert.equal(formatLocator({ label: 'page', value: '12-14' }, pandoc), 'pp. 12–14');
    assert.equal(formatLocator({ label: 'page', value: '12 - 14' }, latex), 'pp.~12--14');
  });

  it('reads a locator argument and refuses values that would break the citation', () => {
    assert.deepEqual(locatorFrom({ label: 'page', value: 12 }), page);
    assert.equal(locatorFrom({ label: 'verse', value: '3' }), undefined);
    assert.equal(locatorFrom({ label: 'page', value: ' ' }), undefined);
    assert.equal(locatorValueError('12'), undefined);
    assert.ok(locatorValueError('12]'));
    assert.ok(locatorValueError(''));
  });

  it('are inserted as a new citation at the cursor (Pandoc, LaTeX, Typst)', () => {
    const md = 'As shown before.';
    assert.equal(apply(md, planCitationInsert(md, 'As shown'.length, ['k'], pandoc, page)), 'As shown [@k, p. 12] before.');
    const tex = 'As shown before.';
    assert.equal(apply(tex, planCitationInsert(tex, 'As shown'.length, ['k'], latex, page)), 'As shown~\\cite[p.~12]{k} before.');
    const typ = 'As shown before.';
    assert.equal(apply(typ, planCitationInsert(typ, 'As shown'.length, ['k'], typst, page)), 'As shown @k[p. 12] before.');
  });

  it('keep a locator already in a Pandoc cluster when a key joins it, with or without its own', () => {
    const text = 'Seen [@a, p. 3] here.';
    const inside = text.indexOf(']');
    assert.equal(apply(text, planCitationInsert(text, inside, ['b'], pandoc)), 'Seen [@a, p. 3; @b] here.');
    assert.equal(apply(text, planCitationInsert(text, inside, ['b'], pandoc, page)), 'Seen [@a, p. 3; @b, p. 12] here.');
  });

  it("keep a LaTeX cluster's locator: a plain key joins it, a key with its own locator is cited after it", () => {
    const text = 'Seen \\cite[p.~3]{a} here.';
    const inside = text.indexOf('}');
    assert.equal(apply(text, planCitationInsert(text, inside, ['b'], latex)), 'Seen \\cite[p.~3]{a,b} here.');
    assert.equal(apply(text, planCitationInsert(text, inside, ['b'], latex, page)), 'Seen \\cite[p.~3]{a}\\cite[p.~12]{b} here.');
    assert.equal(planCitationInsert(text, inside, ['a'], latex, page), undefined);
  });

  it('keep a Typst supplement: a joining key goes after it, never between the key and its supplement', () => {
    const text = 'Seen @a[p. 3] here.';
    for (const at of [text.indexOf('['), text.indexOf(']') + 1]) {
      assert.equal(apply(text, planCitationInsert(text, at, ['b'], typst)), 'Seen @a[p. 3] @b here.');
      assert.equal(apply(text, planCitationInsert(text, at, ['b'], typst, page)), 'Seen @a[p. 3] @b[p. 12] here.');
    }
  });
});
