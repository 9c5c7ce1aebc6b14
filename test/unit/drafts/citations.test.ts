import assert from 'node:assert/strict';
import {
  citationSyntaxFor,
  findCitationClusterAt,
  findCitationClusters,
  findCitationKeys,
  formatCitation,
  isCitationKey,
  parseDeclaredBibliographies,
  planCitationInsert,
  type CitationSyntax,
} from '../../../src/core/drafts/citations';

/** Applies a plan at the `|` marker and returns the resulting text (unchanged when no plan). */
function cite(textWithCursor: string, keys: string[], syntax: CitationSyntax): string {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const plan = planCitationInsert(text, offset, keys, syntax);
  return plan ? text.slice(0, plan.offset) + plan.text + text.slice(plan.offset) : text;
}

const pandoc = citationSyntaxFor('markdown');
const latex = citationSyntaxFor('latex');
const typst = citationSyntaxFor('typst');

describe('citation syntax by language', () => {
  it('picks Pandoc for Markdown, Quarto and R Markdown', () => {
    for (const id of ['markdown', 'quarto', 'rmd']) {
      assert.equal(formatCitation(['a'], citationSyntaxFor(id)), '[@a]');
    }
  });

  it('uses the configured LaTeX command, without a stray backslash', () => {
    assert.equal(formatCitation(['a', 'b'], latex), '\\cite{a,b}');
    assert.equal(formatCitation(['a'], citationSyntaxFor('latex', { latexCiteCommand: '\\parencite' })), '\\parencite{a}');
    assert.equal(formatCitation(['a'], citationSyntaxFor('tex', { latexCiteCommand: 'citep' })), '\\citep{a}');
  });

  it('falls back to \\cite when the command setting is not a command name', () => {
    assert.equal(formatCitation(['a'], citationSyntaxFor('latex', { latexCiteCommand: 'cite}{evil' })), '\\cite{a}');
  });

  it('writes Typst citations as @key runs', () => {
    assert.equal(formatCitation(['a', 'b'], typst), '@a @b');
  });

  it('fills the template for other languages, joining keys with "; "', () => {
    const syntax = citationSyntaxFor('plaintext', { citationTemplate: '{{cite:${keys}}}' });
    assert.equal(formatCitation(['a', 'b'], syntax), '{{cite:a; b}}');
  });

  it('gives every key its @ when the template puts @ before ${keys}', () => {
    assert.equal(formatCitation(['a', 'b'], citationSyntaxFor('plaintext')), '[@a; @b]');
  });

  it('ignores a template without ${keys}', () => {
    assert.equal(formatCitation(['a'], citationSyntaxFor('org', { citationTemplate: 'cite' })), '[@a]');
  });
});

describe('planCitationInsert', () => {
  it('inserts a new cluster at the cursor', () => {
    assert.equal(cite('As shown |.', ['k1', 'k2'], pandoc), 'As shown [@k1; @k2].');
    assert.equal(cite('As shown |.', ['k1', 'k2'], latex), 'As shown \\cite{k1,k2}.');
  });

  it('joins the Pandoc cluster the cursor is in', () => {
    assert.equal(cite('See [@a|] now', ['key'], pandoc), 'See [@a; @key] now');
    assert.equal(cite('See [|@a; @b] now', ['key'], pandoc), 'See [@a; @b; @key] now');
  });

  it('joins after a locator and before trailing blanks', () => {
    assert.equal(cite('[see @a, p. 3 |]', ['k'], pandoc), '[see @a, p. 3; @k ]');
  });

  it('does not repeat a key already in the cluster', () => {
    assert.equal(planCitationInsert('[@a; @b]', 3, ['b'], pandoc), undefined);
    assert.equal(cite('[@a|; @b]', ['b', 'c'], pandoc), '[@a; @b; @c]');
  });

  it('writes each key once when the same key is given twice', () => {
    assert.equal(cite('x |', ['a', 'a'], pandoc), 'x [@a]');
  });

  it('does not treat link text or e-mail brackets as clusters', () => {
    assert.equal(cite('[see @a](http://x)|', ['k'], pandoc), '[see @a](http://x) [@k]');
    assert.equal(cite('[mail me|: me@example.org]', ['k'], pandoc), '[mail me [@k]: me@example.org]');
  });

  it('joins a LaTeX cluster with optional arguments, following its separator style', () => {
    assert.equal(cite('\\citep[p.~3]{a|}', ['k'], latex), '\\citep[p.~3]{a,k}');
    assert.equal(cite('\\parencite{a, b|}', ['k'], latex), '\\parencite{a, b, k}');
    assert.equal(cite('\\cite{|}', ['k'], latex), '\\cite{k}');
    assert.equal(cite('\\cite{a,|}', ['k'], latex), '\\cite{a,k}');
  });

  it('joins whatever cite command is used, not only the configured one', () => {
    assert.equal(cite('\\textcite{a|}', ['k'], citationSyntaxFor('latex', { latexCiteCommand: 'citep' })), '\\textcite{a,k}');
  });

  it("puts a new citation after a word with the space its syntax expects, before the sentence's end", () => {
    assert.equal(cite('We train autoencoders|', ['k'], pandoc), 'We train autoencoders [@k]');
    assert.equal(cite('We train autoencoders|', ['k'], latex), 'We train autoencoders~\\cite{k}');
    assert.equal(cite('We train autoencoders|', ['k'], typst), 'We train autoencoders @k');
    assert.equal(cite('Features are polysemantic.|', ['k'], pandoc), 'Features are polysemantic [@k].');
    assert.equal(cite('Features are polysemantic.|', ['k'], latex), 'Features are polysemantic~\\cite{k}.');
    assert.equal(cite('Features are polysemantic.|', ['k'], typst), 'Features are polysemantic @k.');
    assert.equal(cite('Is it? |Next one.', ['k'], pandoc), 'Is it [@k]? Next one.');
    assert.equal(cite('Stays glued to nothing: |', ['k'], pandoc), 'Stays glued to nothing: [@k]');
    assert.equal(cite('e.g. |the next', ['k'], pandoc), 'e.g. [@k] the next', 'a sentence that goes on is not cut');
    assert.equal(cite('word|next', ['k'], pandoc), 'word [@k] next');
    assert.equal(cite('Line one.\n|', ['k'], pandoc), 'Line one.\n[@k]', 'a new line starts clean');
  });

  it('starts a new LaTeX cluster when the cursor is right after the closing brace', () => {
    assert.equal(cite('\\cite{a}|', ['k'], latex), '\\cite{a}\\cite{k}');
  });

  it('ignores citations in LaTeX comments', () => {
    assert.equal(cite('% \\cite{a|}', ['k'], latex), '% \\cite{a~\\cite{k}}');
  });

  it('extends a Typst run from its end and pads against words', () => {
    assert.equal(cite('as @a| shows', ['k'], typst), 'as @a @k shows');
    assert.equal(cite('word|', ['k'], typst), 'word @k');
    assert.equal(cite('|word', ['k'], typst), '@k word');
    assert.equal(planCitationInsert('@a @k', 5, ['k'], typst), undefined);
  });

  it('joins a custom template cluster', () => {
    const syntax = citationSyntaxFor('plaintext', { citationTemplate: '{{cite:${keys}}}' });
    assert.equal(cite('{{cite:a|}}', ['k'], syntax), '{{cite:a; k}}');
    assert.equal(planCitationInsert('{{cite:a; k}}', 8, ['k'], syntax), undefined);
  });

  it('returns nothing for no keys', () => {
    assert.equal(planCitationInsert('text', 2, [], pandoc), undefined);
  });
});

describe('findCitationClusterAt and friends', () => {
  it('reports the keys and their offsets', () => {
    const text = 'A [-@a; see @b.c, p. 2] B';
    const cluster = findCitationClusterAt(text, 5, 'markdown');
    assert.ok(cluster);
    assert.deepEqual(
      cluster.keys.map(k => [k.key, text.slice(k.start, k.end)]),
      [
        ['a', 'a'],
        ['b.c', 'b.c'],
      ],
    );
    assert.equal(text.slice(cluster.start, cluster.end), '[-@a; see @b.c, p. 2]');
  });

  it('is undefined outside any cluster and at its edges', () => {
    const text = 'x [@a] y';
    assert.equal(findCitationClusterAt(text, 2, 'markdown'), undefined);
    assert.equal(findCitationClusterAt(text, 6, 'markdown'), undefined);
    assert.ok(findCitationClusterAt(text, 3, 'markdown'));
  });

  it('finds a cluster far into a long draft', () => {
    const text = 'word '.repeat(20000) + '[@far]';
    const cluster = findCitationClusterAt(text, text.length - 2, 'markdown');
    assert.deepEqual(
      cluster?.keys.map(k => k.key),
      ['far'],
    );
    assert.equal(cluster?.start, text.length - 6);
  });

  it('finds multi-line Pandoc clusters', () => {
    assert.deepEqual(
      findCitationClusters('[@a;\n@b]', 'markdown')[0].keys.map(k => k.key),
      ['a', 'b'],
    );
  });

  it('lists LaTeX keys with their positions', () => {
    const text = '\\cite{ a , b }';
    const keys = findCitationKeys(text, 'latex');
    assert.deepEqual(
      keys.map(k => [k.key, text.slice(k.start, k.end)]),
      [
        ['a', 'a'],
        ['b', 'b'],
      ],
    );
  });

  it('lists bare Pandoc citations but not e-mails, code or front matter', () => {
    const text = [
      '---',
      'author: "@someone"',
      '---',
      '@smith says, mail me@example.org, `@code` and',
      '```',
      '@decorator',
      '```',
      'also [@b] and \\@escaped.',
    ].join('\n');
    assert.deepEqual(
      findCitationKeys(text, 'markdown').map(k => k.key),
      ['smith', 'b'],
    );
  });

  it('drops trailing punctuation from keys', () => {
    assert.deepEqual(
      findCitationKeys('As @smith2020. Then', 'markdown').map(k => k.key),
      ['smith2020'],
    );
    assert.deepEqual(
      findCitationKeys('As @smith2020. Then', 'typst').map(k => k.key),
      ['smith2020'],
    );
  });

  it('skips Typst comments, raw text and URLs, as Cited In does', () => {
    const text = 'See @real.\n// was @old\n/* @gone\n@also */ `@raw` at https://x.org/@handle @kept\n';
    assert.deepEqual(
      findCitationKeys(text, 'typst').map(k => k.key),
      ['real', 'kept'],
    );
  });

  it('checks key shapes per syntax', () => {
    assert.equal(isCitationKey('transcoders2024', pandoc), true);
    assert.equal(isCitationKey('a b', pandoc), false);
    assert.equal(isCitationKey('a}b', latex), false);
    assert.equal(isCitationKey('sec:intro', typst), true);
  });
});

describe('parseDeclaredBibliographies', () => {
  it('reads a Pandoc front matter scalar and list', () => {
    assert.deepEqual(parseDeclaredBibliographies('---\ntitle: T\nbibliography: refs.bib\n---\nText', 'markdown'), ['refs.bib']);
    assert.deepEqual(parseDeclaredBibliographies('---\nbibliography:\n  - a.bib\n  - sub/b.json\n...\n', 'quarto'), [
      'a.bib',
      'sub/b.json',
    ]);
    assert.deepEqual(parseDeclaredBibliographies('\uFEFF---\r\nbibliography: [x.yaml]\r\n---\r\n', 'rmd'), ['x.yaml']);
  });

  it('declares nothing for broken or absent front matter', () => {
    assert.deepEqual(parseDeclaredBibliographies('---\nbibliography: [unclosed\n---\n', 'markdown'), []);
    assert.deepEqual(parseDeclaredBibliographies('# No front matter\nbibliography: refs.bib\n', 'markdown'), []);
    assert.deepEqual(parseDeclaredBibliographies('---\nbibliography: 3\n---\n', 'markdown'), []);
  });

  it('reads LaTeX \\bibliography (adding .bib) and \\addbibresource, skipping comments', () => {
    const text = '\\addbibresource[label=x]{refs.bib}\n% \\bibliography{old}\n\\bibliography{a, b.bib}\n';
    assert.deepEqual(parseDeclaredBibliographies(text, 'latex'), ['refs.bib', 'a.bib', 'b.bib']);
  });

  it('reads Typst #bibliography with one file or an array', () => {
    assert.deepEqual(parseDeclaredBibliographies('#bibliography("refs.bib")', 'typst'), ['refs.bib']);
    assert.deepEqual(parseDeclaredBibliographies('#bibliography(("a.bib", "b.yml"), style: "apa")', 'typst'), ['a.bib', 'b.yml']);
    assert.deepEqual(parseDeclaredBibliographies('// #bibliography("old.bib")', 'typst'), []);
  });
});
