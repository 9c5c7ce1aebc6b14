import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import {
  bibFormatForPath,
  formatBibliography,
  formatBibtexEntry,
  readBibliography,
  toCslItem,
  type BibFormat,
} from '../../../src/core/bib';
import { escapeLatex, latexTitle, latexToText } from '../../../src/core/bib/latex';
import { buildLibrary } from '../../../src/core/library/library';
import { parseDigest } from '../../../src/core/digest/parser';
import { handPaper } from '../helpers/handDigest';
import { SEED_TEXT } from '../helpers/seed';

const FORMATS: BibFormat[] = ['bibtex', 'csl-json', 'csl-yaml'];

const hostile = handPaper({
  key: 'hostile2024',
  title: 'A & B: 100% of $5 #1 _x_ {y} ~z^ back\\slash Ünïcödé ChatGPT LLMs <script>alert(1)</script> @key',
  abstract: 'Specials & % $ # _ { } ~ ^ \\ end; "quotes" and \'apostrophes\' --- and a } lone brace.',
  links: [
    { url: 'https://doi.org/10.1000/x_y', kind: 'doi' },
    { url: 'https://github.com/o/r_x', kind: 'code' },
    { url: 'https://o.github.io/p', kind: 'project' },
  ],
  doi: '10.1000/x_y',
});

describe('bibliography formats', () => {
  it('picks the format from the file extension', () => {
    assert.equal(bibFormatForPath('refs/references.bib'), 'bibtex');
    assert.equal(bibFormatForPath('C:\\refs\\My.BIB'), 'bibtex');
    assert.equal(bibFormatForPath('refs.json'), 'csl-json');
    assert.equal(bibFormatForPath('refs.yaml'), 'csl-yaml');
    assert.equal(bibFormatForPath('refs.YML'), 'csl-yaml');
    assert.equal(bibFormatForPath('refs.txt'), undefined);
    assert.equal(bibFormatForPath('bib'), undefined);
  });

  describe('CSL items', () => {
    it('carry id, title, date, abstract and an unprinted annote (digest, day, code, project); no URL or DOI without an identifier', () => {
      assert.deepEqual(toCslItem(hostile), {
        id: 'hostile2024',
        type: 'article',
        title: hostile.title,
        abstract: hostile.abstract,
        issued: { 'date-parts': [[2024, 3, 14]] },
        annote: 'Digest 2024-03-14.digest.txt, Mar 14; code https://github.com/o/r_x; project https://o.github.io/p',
      });
      assert.equal('note' in toCslItem(hostile), false, 'pandoc prints note');
    });

    it('never make a code link the URL, give the year alone when only it is known, and omit what is missing', () => {
      const item = toCslItem(
        handPaper({ key: 'k', title: 'T', date: null, year: 2023, links: [{ url: 'https://github.com/a/b', kind: 'code' }] }),
      );
      assert.equal('URL' in item, false, 'a code repository is not the paper');
      assert.equal(item.annote, 'Digest 2024-03-14.digest.txt, Mar 14; code https://github.com/a/b');
      assert.deepEqual(item.issued, { 'date-parts': [[2023]] });
      assert.equal('abstract' in item, false);
      assert.equal('DOI' in item, false);
      const bare = toCslItem(handPaper({ key: 'k', title: 'T', date: null, year: null, occurrences: [] }));
      assert.deepEqual(Object.keys(bare), ['id', 'type', 'title']);
    });

    it('name the digest by the last segment of a URI or Windows path', () => {
      const uri = handPaper({
        key: 'k',
        title: 'T',
        occurrences: [{ path: 'vscode-vfs://github/x/My%20Digest.digest', day: '', date: null, titleLine: 0, range: { start: 0, end: 0 } }],
      });
      assert.equal(toCslItem(uri).annote, 'Digest My Digest.digest');
      const win = handPaper({
        key: 'k',
        title: 'T',
        occurrences: [{ path: 'C:\\ws\\d.digest.txt', day: 'Mar 1', date: null, titleLine: 0, range: { start: 0, end: 0 } }],
      });
      assert.equal(toCslItem(win).annote, 'Digest d.digest.txt, Mar 1');
    });
  });

  describe('BibTeX', () => {
    it('escapes every LaTeX special', () => {
      assert.equal(
        escapeLatex('& % $ # _ { } ~ ^ \\'),
        '\\& \\% \\$ \\# \\_ \\{ \\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}',
      );
      assert.equal(escapeLatex('Ünïcödé — 日本'), 'Ünïcödé — 日本');
    });

    it('protects acronyms and inner capitals in titles, nothing else', () => {
      assert.equal(
        latexTitle('Transcoders Find Interpretable LLM Feature Circuits'),
        'Transcoders Find Interpretable {LLM} Feature Circuits',
      );
      assert.equal(latexTitle('SepCLR and iTransformer on 3D BCI-EEG data'), '{SepCLR} and {iTransformer} on {3D} {BCI-EEG} data');
      assert.equal(latexTitle('A Part B of Brain’s Study'), 'A Part {B} of Brain’s Study');
      assert.equal(latexTitle('LLMs & 100% $_{x}$'), '{LLMs} \\& 100\\% \\$\\_\\{x\\}\\$');
    });

    it('writes a @misc entry with fields in a stable order', () => {
      const entry = formatBibtexEntry(hostile);
      assert.equal(
        entry,
        [
          '@misc{hostile2024,',
          '  title = {A \\& {B}: 100\\% of \\$5 \\#1 \\_x\\_ \\{y\\} \\textasciitilde{}z\\textasciicircum{} back\\textbackslash{}slash ' +
            'Ünïcödé {ChatGPT} {LLMs} <script>alert(1)</script> @key},',
          '  abstract = {Specials \\& \\% \\$ \\# \\_ \\{ \\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{} ' +
            'end; "quotes" and \'apostrophes\' --- and a \\} lone brace.},',
          '  year = {2024},',
          '  month = mar,',
          '  annotation = {Digest 2024-03-14.digest.txt, Mar 14; code https://github.com/o/r\\_x; project https://o.github.io/p}',
          '}',
        ].join('\n'),
      );
    });

    it('keeps url and doi verbatim but brace-safe', () => {
      const paper = handPaper({ key: 'k', title: 'T', metadata: { arxiv: '2401.00001', url: 'https://x.org/a%20b/{c}' } });
      const entry = formatBibtexEntry(paper);
      assert.match(entry, /url = \{https:\/\/x\.org\/a%20b\/%7Bc%7D\}/);
      assert.match(entry, /doi = \{10\.48550\/arXiv\.2401\.00001\}/);
    });

    it('reads back the text it writes', () => {
      for (const text of [hostile.title, hostile.abstract, 'Ünïcödé ~ ^ \\ {x}']) assert.equal(latexToText(escapeLatex(text)), text);
      assert.equal(latexToText(latexTitle(hostile.title)), hostile.title);
    });

    it('reads the accents other tools write', () => {
      assert.equal(
        latexToText('Schr{\\"o}dinger, G{\\"{o}}del, \\\'{E}cole, na\\"\\i ve, \\c{C}a, Erd\\H{o}s, {\\ss}, \\v Sk'),
        'Schrödinger, Gödel, École, naïve, Ça, Erdős, ß, Šk',
      );
      assert.equal(latexToText('{{Deep}} \\emph{Learning}~Now'), 'Deep Learning Now');
    });
  });

  describe('whole bibliographies', () => {
    const seed = buildLibrary([parseDigest(SEED_TEXT, '/ws/hf-daily-papers-mar14.digest.txt', { defaultYear: 2024 })]).papers;
    const papers = [...seed, hostile];

    for (const format of FORMATS) {
      it(`round-trip keys, titles and lines through readBibliography (${format})`, () => {
        const text = formatBibliography(papers, format);
        assert.ok(text.endsWith('\n'));
        const read = readBibliography(text, format);
        assert.equal(read.error, undefined);
        assert.deepEqual(
          read.entries.map(e => e.key),
          papers.map(p => p.key),
        );
        assert.deepEqual(
          read.entries.map(e => e.title),
          papers.map(p => p.title),
        );
        const lines = text.split('\n');
        // An entry starts at `@misc{key,`, at `{` (CSL-JSON, id on the next line) or at `- id: key`.
        const idLine = format === 'csl-json' ? 1 : 0;
        for (const entry of read.entries) {
          if (format === 'csl-json') assert.equal(lines[entry.line!], '  {');
          assert.ok(lines[entry.line! + idLine].includes(entry.key), `${format}: line ${entry.line} of ${entry.key}`);
        }
      });
    }

    it('writes CSL-JSON with JSON.stringify and CSL-YAML with a references list', () => {
      const items = papers.map(toCslItem);
      assert.deepEqual(JSON.parse(formatBibliography(papers, 'csl-json')), items);
      const yaml = parseYaml(formatBibliography(papers, 'csl-yaml')) as { references: Record<string, unknown>[] };
      assert.deepEqual(
        yaml.references.map(r => r.id),
        items.map(i => i.id),
      );
      assert.deepEqual(yaml.references[0].issued, { 'date-parts': [[2024, 3, 14]] });
      assert.match(formatBibliography(papers, 'csl-yaml'), /date-parts:\n\s+- \[2024, 3, 14\]/);
    });

    it('escapes Markdown in CSL-YAML text, which Pandoc reads as Markdown', () => {
      const yaml = parseYaml(formatBibliography([hostile], 'csl-yaml')) as { references: Record<string, string>[] };
      const ref = yaml.references[0];
      assert.equal(
        ref.title,
        'A \\& B: 100% of \\$5 \\#1 \\_x\\_ \\{y\\} \\~z\\^ back\\\\slash Ünïcödé ChatGPT LLMs \\<script\\>alert(1)\\</script\\> \\@key',
      );
      assert.equal(ref.URL, undefined, 'a project link is not the paper');
      assert.equal(ref.DOI, undefined, 'a DOI quoted in the abstract is not the paper');
      assert.equal(ref.annote, 'Digest 2024-03-14.digest.txt, Mar 14; code https://github.com/o/r\\_x; project https://o.github.io/p');
    });

    it('writes an empty bibliography that reads back as empty', () => {
      for (const format of FORMATS) {
        const read = readBibliography(formatBibliography([], format), format);
        assert.deepEqual(read, { entries: [] }, format);
      }
    });
  });
});
