import assert from 'node:assert/strict';
import { citationLanguageOf, findMentions, mentionsByKey, type Mention } from '../../../src/core/drafts/mentions';

/** key -> lines, the shape the Cited In view shows. */
function linesByKey(mentions: Mention[]): Record<string, number[]> {
  return Object.fromEntries([...mentionsByKey(mentions)].map(([key, list]) => [key, list.map(m => m.line)]));
}

describe('citationLanguageOf', () => {
  it('knows language ids and file names', () => {
    assert.equal(citationLanguageOf('quarto'), 'markdown');
    assert.equal(citationLanguageOf('rmd'), 'markdown');
    assert.equal(citationLanguageOf('drafts/paper.Rmd'), 'markdown');
    assert.equal(citationLanguageOf('paper.qmd'), 'markdown');
    assert.equal(citationLanguageOf('latex'), 'latex');
    assert.equal(citationLanguageOf('main.tex'), 'latex');
    assert.equal(citationLanguageOf('paper.typ'), 'typst');
    assert.equal(citationLanguageOf('notes.txt'), undefined);
    assert.equal(citationLanguageOf('plaintext'), undefined);
  });
});

describe('findMentions: Markdown', () => {
  it('finds bracketed, clustered and in-text citations with line and column', () => {
    const text = [
      '# Draft',
      'As shown [@smith2024; see @doe2023, p. 3] and [-@lee2022].',
      '@kim2021 argues, and so do we.',
      'Trailing punctuation: @end2020.',
    ].join('\n');
    const mentions = findMentions(text, 'markdown');
    assert.deepEqual(
      mentions.filter(m => m.key === 'smith2024'),
      [{ key: 'smith2024', line: 1, column: 11, kind: 'citation' }],
    );
    assert.deepEqual(linesByKey(mentions), {
      smith2024: [1],
      doe2023: [1],
      lee2022: [1],
      kim2021: [2],
      end2020: [3],
    });
  });

  it('does not take an e-mail address or code for a citation', () => {
    const text = [
      'Write to me@example.org or a.b@c.de.',
      'Inline `@code2020` is code.',
      '```',
      '[@fenced2020]',
      '```',
      '~~~python',
      'x = "@tilde2020"',
      '~~~',
      'After the fence [@real2020].',
    ].join('\n');
    assert.deepEqual(linesByKey(findMentions(text, 'markdown')), { real2020: [8] });
  });

  it('handles CRLF line ends', () => {
    const text = '```\r\n@inside\r\n```\r\nline [@k1]\r\n\r\nand @k2\r\n';
    assert.deepEqual(linesByKey(findMentions(text, 'markdown')), { k1: [3], k2: [5] });
  });

  it('finds wikilinks and Markdown links to notes', () => {
    const text = [
      'See [[smith2024]] and [[notes/doe2023|Doe]] and [[lee2022#Summary]].',
      'Also [Kim](notes/kim2021.md) and [Aux](notes/aux_.md "title").',
      'Not a note: [readme](README.md), [web](https://x.org/notes/web.md), [other](other/x.md).',
    ].join('\n');
    const mentions = findMentions(text, 'markdown', { filePath: 'draft.md', notesFolder: 'notes' });
    assert.ok(mentions.every(m => m.kind === 'note'));
    assert.deepEqual(linesByKey(mentions), { smith2024: [0], doe2023: [0], lee2022: [0], kim2021: [1], aux: [1] });
  });

  it('resolves relative note links against the file and the notes folder setting', () => {
    const text = '[A](../lit/a2024.md) [B](../notes/b2024.md) [C](c2024.md) [D](/lit/d2024.md#x)';
    assert.deepEqual(linesByKey(findMentions(text, 'markdown', { filePath: 'drafts/ch1.md', notesFolder: 'lit' })), {
      a2024: [0],
      d2024: [0],
    });
    assert.deepEqual(linesByKey(findMentions(text, 'markdown', { filePath: 'lit/other.md', notesFolder: 'lit' })), {
      a2024: [0],
      c2024: [0],
      d2024: [0],
    });
  });
});

describe('findMentions: LaTeX', () => {
  it('finds the \\cite family with optional arguments and key lists', () => {
    const text = [
      '\\documentclass{article}',
      'Text \\cite{a2024,b2023} and \\citep[p.~3]{c2022}.',
      '\\parencite[see][12]{d2021} \\textcite{e2020} \\autocite*{f2019}',
      '\\nocite{g2018} \\cites{h2017} \\citeauthor{ j2015 , k2014 }',
      '\\cite{multi2024,',
      '  line2024}',
    ].join('\n');
    const mentions = findMentions(text, 'latex');
    assert.deepEqual(linesByKey(mentions), {
      a2024: [1],
      b2023: [1],
      c2022: [1],
      d2021: [2],
      e2020: [2],
      f2019: [2],
      g2018: [3],
      h2017: [3],
      j2015: [3],
      k2014: [3],
      multi2024: [4],
      line2024: [5],
    });
    const j = mentions.find(m => m.key === 'j2015');
    assert.equal(text.split('\n')[3].slice(j!.column, j!.column + 5), 'j2015');
  });

  it('skips comments but reads note comment links', () => {
    const text = [
      '% \\cite{commented2020}',
      'A 50\\% share \\cite{real2020} % \\cite{trailing2020}',
      '% note: notes/smith2024.md',
      '\\input{other} % not a note: notes/x.md',
    ].join('\n');
    const mentions = findMentions(text, 'latex', { filePath: 'main.tex' });
    assert.deepEqual(linesByKey(mentions), { real2020: [1], smith2024: [2] });
    assert.equal(mentions.find(m => m.key === 'smith2024')?.kind, 'note');
  });

  it('does not take \\documentclass or \\label for citations', () => {
    assert.deepEqual(findMentions('\\label{sec:a} \\ref{x} \\citation', 'latex'), []);
  });
});

describe('findMentions: Typst', () => {
  it('finds @key and #cite forms, not e-mails, comments or raw text', () => {
    const text = [
      'As @smith2024 shows, and #cite(<doe-2023>) and #cite(label("lee:2022")).',
      'Mail me@example.org. // @comment2020',
      '/* @block2020',
      '   still */ `@raw2020` @end2020.',
    ].join('\n');
    assert.deepEqual(linesByKey(findMentions(text, 'typst')), {
      smith2024: [0],
      'doe-2023': [0],
      'lee:2022': [0],
      end2020: [3],
    });
  });
});

describe('findMentions: robustness', () => {
  it('never throws on odd input', () => {
    for (const text of ['', '@', '[@', '\\cite{', '[[', ']](', '%', '```', '@{', '#cite(<']) {
      for (const language of ['markdown', 'latex', 'typst'] as const) {
        assert.ok(Array.isArray(findMentions(text, language)));
      }
    }
  });

  // Speed is for `npm run bench`; this only checks nothing is dropped on a large file (a
  // catastrophic regex would also trip mocha's timeout).
  it('finds every mention in a large file', () => {
    const paragraph = 'Lorem ipsum [@key1; @key2] dolor sit amet \\cite{x} [[note]] [l](notes/n.md).\n\n';
    const text = paragraph.repeat(20000);
    const mentions = findMentions(text, 'markdown', { filePath: 'a.md' });
    assert.equal(mentions.length, 80000);
  });
});
