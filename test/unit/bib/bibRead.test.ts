import assert from 'node:assert/strict';
import { readBibliography } from '../../../src/core/bib';

const HAND_BIB = `% My references, kept by hand.
% @misc{commentedout, title = {Not an entry}}
Junk before the first entry: mail me@example.org (not an entry).

@String{ nips = "Advances in Neural Information Processing Systems" }
@preamble{ "\\newcommand{\\noop}[1]{}" }
@comment{ an @article{inside, title={no}} comment }

@Article{Smith:2020-a,
  author    = {Smith, J. and {Doe}, Ann},
  title     = {{Deep} Learning of {\\"U}ber {Nested {Braces}} Models},
  journal   = nips,
  year      = 2020,
  note      = "A quoted value with {braces "inside"} and a " # nips,
}

Text between entries is a comment too.
@inproceedings ( paren2021 , title = "Parenthesised " # {Entry}, pages = {1--2} )
@misc{notitle,
  howpublished = {\\url{https://example.org/a_b}},
  % a comment line between fields
}
@misc{last, title={Last \\& Least}}`;

describe('readBibliography', () => {
  describe('BibTeX', () => {
    it('reads keys, titles and start lines, skipping comments, strings, preambles and junk', () => {
      const { entries, error } = readBibliography(HAND_BIB, 'bibtex');
      assert.equal(error, undefined);
      assert.deepEqual(entries, [
        { key: 'Smith:2020-a', title: 'Deep Learning of Über Nested Braces Models', line: 8 },
        { key: 'paren2021', title: 'Parenthesised Entry', line: 17 },
        { key: 'notitle', line: 18 },
        { key: 'last', title: 'Last & Least', line: 22 },
      ]);
    });

    it('reads an empty file and a file of comments as no entries', () => {
      assert.deepEqual(readBibliography('', 'bibtex'), { entries: [] });
      assert.deepEqual(readBibliography('% nothing here\n', 'bibtex'), { entries: [] });
    });

    it('reports an unclosed entry at its line, with the entries before it', () => {
      const text = '@misc{ok, title={OK}}\n\n@misc{broken,\n  title = {Never closed\n}\n';
      const { entries, error } = readBibliography(text, 'bibtex');
      assert.deepEqual(
        entries.map(e => e.key),
        ['ok'],
      );
      assert.equal(error?.line, 2);
      assert.match(error!.message, /entry "broken" is never closed/);
    });

    it('reports a missing key, a missing "=" and an unclosed quote with their lines', () => {
      assert.deepEqual(readBibliography('\n@misc{, title={x}}', 'bibtex').error?.line, 1);
      assert.match(readBibliography('\n@misc{, title={x}}', 'bibtex').error!.message, /without a citation key/);
      const noEquals = readBibliography('@misc{k,\n  title {x}}', 'bibtex').error;
      assert.equal(noEquals?.line, 1);
      assert.match(noEquals!.message, /expected "=" after field "title"/);
      assert.equal(readBibliography('@misc{k,\n\n title = "open}', 'bibtex').error?.line, 2);
      assert.equal(readBibliography('@misc{k, title = {x}\n @misc{j, title={y}}', 'bibtex').error?.line, 1);
    });

    it('never throws on random text', () => {
      const noise = [
        '@',
        '@{',
        '@misc',
        '@misc{',
        '@misc{k',
        '@misc{k,',
        '@misc{k, t',
        '@misc{k, t=',
        '@misc{k, t={',
        '@misc(k, t="a")',
        '}{@@"',
        '\\',
      ];
      for (const a of noise) for (const b of noise) assert.doesNotThrow(() => readBibliography(a + b, 'bibtex'));
    });
  });

  describe('CSL-JSON', () => {
    it('reads ids (strings or numbers), titles and item lines', () => {
      const text =
        '\uFEFF[\n  {"id": "a", "title": "Alpha"},\n  {\n    "id": 42,\n    "title": "Answer"\n  },\n  {"title": ' +
        '"no id"},\n  {"id": "b"}\n]\n';
      assert.deepEqual(readBibliography(text, 'csl-json'), {
        entries: [
          { key: 'a', title: 'Alpha', line: 1 },
          { key: '42', title: 'Answer', line: 2 },
          { key: 'b', line: 7 },
        ],
      });
    });

    it('reads an empty file or an empty array as no entries', () => {
      assert.deepEqual(readBibliography('', 'csl-json'), { entries: [] });
      assert.deepEqual(readBibliography(' \n', 'csl-json'), { entries: [] });
      assert.deepEqual(readBibliography('[]', 'csl-json'), { entries: [] });
    });

    it('reports a syntax error with its line', () => {
      const cases: [string, number, RegExp][] = [
        ['[\n  {"id": "a"},\n  {"id": "b",}\n]', 2, /trailing comma before "}"/],
        ['[\n  {"id": "a",\n   id: "b"}\n]', 2, /expected a property name/],
        ['[\n  {"id": "a"},\n]', 2, /trailing comma/],
        ['[\n  {"id": "a"}\n', 2, /unexpected end/],
        ['[\n  {"id": "a" "title": "x"}\n]', 1, /expected "," or "}"/],
        ['[\n\n  {"id": \'a\'}]', 2, /unexpected "'"/],
        ['[{"id": "a"}]\n\nextra', 2, /after the end/],
        ['[\n  {"id": "line\nbreak"}\n]', 1, /invalid string/],
      ];
      for (const [text, line, message] of cases) {
        const { entries, error } = readBibliography(text, 'csl-json');
        assert.deepEqual(entries, []);
        assert.equal(error?.line, line, text);
        assert.match(error!.message, message);
      }
    });

    it('reports a document that is not an array', () => {
      const { error } = readBibliography('\n{"id": "a"}', 'csl-json');
      assert.equal(error?.line, 1);
      assert.match(error!.message, /array/);
    });
  });

  describe('CSL-YAML', () => {
    it('reads a top-level list', () => {
      const text = '# refs\n- id: a\n  title: Alpha\n- id: 7\n  title: "Seven: \\\\_x\\\\_"\n- title: no id\n';
      assert.deepEqual(readBibliography(text, 'csl-yaml'), {
        entries: [
          { key: 'a', title: 'Alpha', line: 1 },
          { key: '7', title: 'Seven: _x_', line: 3 },
        ],
      });
    });

    it('reads Pandoc metadata style: a references list between --- and ...', () => {
      const text = '---\ntitle: My draft refs\nreferences:\n  - id: a\n    title: Alpha\n  - id: b\n...\n';
      assert.deepEqual(readBibliography(text, 'csl-yaml'), {
        entries: [
          { key: 'a', title: 'Alpha', line: 3 },
          { key: 'b', line: 5 },
        ],
      });
    });

    it('reads empty files, comments, and an empty or missing references key as no entries', () => {
      for (const text of ['', '# only a comment\n', '---\n...\n', 'references:\n', 'references: []\n', 'title: x\n']) {
        assert.deepEqual(readBibliography(text, 'csl-yaml'), { entries: [] }, JSON.stringify(text));
      }
    });

    it('reports YAML errors and wrong shapes with their lines', () => {
      const cases: [string, number, RegExp][] = [
        ['- id: a\n  title: x: y\n- id: b\n', 1, /Invalid YAML: Nested mappings/],
        ['- id: a\n  title: A\n  title: B\n', 2, /Invalid YAML: Map keys must be unique$/],
        ['references:\n  - id: a\n bad: indentation\n', 2, /Invalid YAML/],
        ['references:\n  id: a\n', 1, /must be a list/],
        ['just a sentence\n', 0, /list of items/],
        ['- id: a\n---\n- id: b\n', 1, /one YAML document/],
      ];
      for (const [text, line, message] of cases) {
        const { entries, error } = readBibliography(text, 'csl-yaml');
        assert.deepEqual(entries, [], text);
        assert.equal(error?.line, line, text);
        assert.match(error!.message, message);
      }
    });
  });
});

describe('readBibliography: keys and white space (issue 11)', () => {
  it('reads a key holding a no-break space whole, as BibTeX and biber do', () => {
    const text = '@article{smith\u00a02020,\n  title = {Kept Whole}\n}\n@misc{next, title={Next}}\n';
    assert.deepEqual(readBibliography(text, 'bibtex'), {
      entries: [
        { key: 'smith\u00a02020', title: 'Kept Whole', line: 0 },
        { key: 'next', title: 'Next', line: 3 },
      ],
    });
  });

  it('reads other Unicode spaces (em space, ideographic space) inside keys too, and splits on tabs and form feeds', () => {
    const text = '@misc{a\u2003b\u3000c,\ttitle\f=\v{T}}';
    assert.deepEqual(
      readBibliography(text, 'bibtex').entries.map(e => [e.key, e.title]),
      [['a\u2003b\u3000c', 'T']],
    );
  });
});
