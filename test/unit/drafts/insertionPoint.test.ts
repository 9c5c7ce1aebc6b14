import assert from 'node:assert/strict';
import { citationSyntaxFor } from '../../../src/core/drafts/citations';
import {
  insertionPoint,
  planCitationAt,
  planCitationAtAlternative,
  planNoteLinkAt,
  type InsertionKind,
} from '../../../src/core/drafts/insertionPoint';
import { draftLanguageOf, type DraftLanguage } from '../../../src/core/drafts/languages';

const LANGUAGE_ID: Record<DraftLanguage, string> = {
  markdown: 'markdown',
  quarto: 'quarto',
  rmarkdown: 'rmd',
  latex: 'latex',
  typst: 'typst',
};

function context(language: DraftLanguage, kind: InsertionKind) {
  return { language: draftLanguageOf(LANGUAGE_ID[language]), syntax: citationSyntaxFor(LANGUAGE_ID[language]), kind };
}

/** Cites `k` at the `|` of the text and returns the result; a refusal gives `refused: ` and the text with `^` at the alternative. */
function cite(withCursor: string, language: DraftLanguage = 'markdown', kind: InsertionKind = 'citation', keys = ['k']): string {
  const offset = withCursor.indexOf('|');
  const text = withCursor.replace('|', '');
  const { insert, point } = planCitationAt(text, offset, keys, context(language, kind));
  if (!point.allowed) {
    return `refused: ${text.slice(0, point.alternative)}^${text.slice(point.alternative)}`;
  }
  return insert ? text.slice(0, insert.offset) + insert.text + text.slice(insert.offset) : text;
}

/** Links `<L>` at the `|`; a refusal as in `cite`. */
function link(withCursor: string, language: DraftLanguage = 'markdown'): string {
  const offset = withCursor.indexOf('|');
  const text = withCursor.replace('|', '');
  const c = context(language, 'noteLink');
  const { insert, point } = planNoteLinkAt(text, offset, '<L>', { language: c.language, syntax: c.syntax });
  if (!point.allowed) {
    return `refused: ${text.slice(0, point.alternative)}^${text.slice(point.alternative)}`;
  }
  return insert ? text.slice(0, insert.offset) + insert.text + text.slice(insert.offset) : text;
}

const FRONT = '---\ntitle: "Reading circuits"\nauthor: A. Student\nbibliography: references.bib\n---\n';

describe('insertionPoint: front matter and preambles', () => {
  for (const language of ['markdown', 'quarto', 'rmarkdown'] as const) {
    it(`refuses the YAML front matter of ${language}, offering the end of the body's first paragraph`, () => {
      const draft = `${FRONT}\n# Introduction\n\nSparse dictionaries help.\nThey scale [@a].\n\nMore.\n`;
      const onAuthor = draft.replace('A. Student', 'A. Stu|dent');
      assert.equal(
        cite(onAuthor, language),
        `refused: ${FRONT}\n# Introduction\n\nSparse dictionaries help.\nThey scale [@a].^\n\nMore.\n`,
      );
      assert.equal(cite(`|${draft}`, language).startsWith('refused: '), true, 'line 1, column 1 (before ---) is front matter too');
      assert.equal(cite(draft.replace('---\n\n#', '---|\n\n#'), language).startsWith('refused: '), true, 'the closing --- line');
    });
  }

  it('offers the next body line when the body has no paragraph', () => {
    assert.equal(cite('---\ntitle: |x\n---\n# Only a heading\n'), 'refused: ---\ntitle: x\n---\n^# Only a heading\n');
    assert.equal(cite('---\ntitle: |x\n---\n'), 'refused: ---\ntitle: x\n---\n^');
  });

  it('allows the first body line right after the front matter', () => {
    assert.equal(cite('---\ntitle: x\n---\n|Text.\n'), '---\ntitle: x\n---\n[@k] Text.\n');
  });

  it('at the alternative, joins the cluster ending the first paragraph, else cites before its full stop', () => {
    const text = `${FRONT}\nOne [@a].\n`;
    const point = insertionPoint(text, 12, context('markdown', 'citation'));
    assert.equal(point.allowed, false);
    const joined = planCitationAtAlternative(text, point.allowed ? 0 : point.alternative, ['k'], citationSyntaxFor('markdown'));
    assert.deepEqual(joined && { offset: joined.offset, text: joined.text, joined: joined.joined }, {
      offset: text.indexOf('@a') + 2,
      text: '; @k',
      joined: true,
    });
    const plain = `${FRONT}\nOne two.\n`;
    const alt = insertionPoint(plain, 12, context('markdown', 'citation'));
    const placed = planCitationAtAlternative(plain, alt.allowed ? 0 : alt.alternative, ['k'], citationSyntaxFor('markdown'))!;
    assert.equal(plain.slice(0, placed.offset) + placed.text + plain.slice(placed.offset), `${FRONT}\nOne two [@k].\n`);
  });

  it('does not treat a --- rule in the middle of a Markdown file as front matter', () => {
    assert.equal(cite('Text.\n\n---\n\nMore |here.\n'), 'Text.\n\n---\n\nMore [@k] here.\n');
  });

  it('refuses a LaTeX preamble, offering the first paragraph after \\begin{document}', () => {
    const tex =
      '\\documentclass{article}\n\\usepackage{biblatex}\n\\begin{document}\n\\section{Intro}\nSparse codes help.\n\\end{document}\n';
    assert.equal(cite(tex.replace('{biblatex}', '{bib|latex}'), 'latex'), `refused: ${tex.replace('help.', 'help.^')}`);
    assert.equal(cite(tex.replace('\\begin{document}', '\\begin{doc|ument}'), 'latex').startsWith('refused: '), true);
    assert.equal(cite(tex.replace('codes help', 'codes| help'), 'latex'), tex.replace('codes help', 'codes~\\cite{k} help'));
  });

  it('reads a LaTeX file without \\begin{document} (an \\input chapter) as all body', () => {
    assert.equal(cite('Sparse codes| help.\n', 'latex'), 'Sparse codes~\\cite{k} help.\n');
  });

  it('ignores a commented-out \\begin{document}', () => {
    assert.equal(cite('% \\begin{document}\n\\usepackage{x|}\n\\begin{document}\nA.\n', 'latex').startsWith('refused: '), true);
  });

  it('has no front matter rule in Typst', () => {
    assert.equal(cite('---\nTyped |here\n', 'typst'), '---\nTyped @k here\n');
  });

  it('refuses a fenced code block, offering the line after it', () => {
    assert.equal(cite('Text.\n\n```python\nx = 1|\n```\nAfter.\n'), 'refused: Text.\n\n```python\nx = 1\n```\n^After.\n');
  });
});

describe('insertionPoint: never inside a word, key, link or span', () => {
  it('moves a citation after the word the cursor is in', () => {
    assert.equal(cite('Interpret|ability research matters'), 'Interpretability [@k] research matters');
    assert.equal(cite('Mechanistic interpret|ability.'), 'Mechanistic interpretability [@k].');
    assert.equal(cite('A state-of-the|-art model'), 'A state-of-the-art [@k] model');
    assert.equal(cite('Über|größe gilt'), 'Übergröße [@k] gilt');
  });

  it('keeps the cursor where it is at a word end or between words', () => {
    assert.equal(cite('Sparse| codes'), 'Sparse [@k] codes');
    assert.equal(cite('Sparse |codes'), 'Sparse [@k] codes');
    assert.equal(cite('Polysemantic.|'), 'Polysemantic [@k].');
  });

  it('moves out of a bare in-text key', () => {
    assert.equal(cite('As @smi|th2020 shows'), 'As @smith2020 [@k] shows');
  });

  it('joins the cluster the cursor is in (a citation), goes after it (a note link)', () => {
    assert.equal(cite('See [@trans|coders] now'), 'See [@transcoders; @k] now');
    assert.equal(link('See [@trans|codersfind] now'), 'See [@transcodersfind] <L> now');
    assert.equal(link('See [@trans|codersfind].'), 'See [@transcodersfind] <L>.');
    assert.equal(link('See \\cite{trans|coders}.', 'latex'), 'See \\cite{transcoders} <L>.');
  });

  it('moves out of a URL, an e-mail address, inline code and math', () => {
    assert.equal(cite('Code at https://github.com/a/tran|scoders now.'), 'Code at https://github.com/a/transcoders [@k] now.');
    assert.equal(cite('Code at https://github.com/a/tran|scoders.'), 'Code at https://github.com/a/transcoders [@k].');
    assert.equal(cite('Write to jane@exam|ple.org today'), 'Write to jane@example.org [@k] today');
    assert.equal(cite('Run `ma|ke all` first'), 'Run `make all` [@k] first');
    assert.equal(cite('where $x| + y$ holds'), 'where $x + y$ [@k] holds');
    assert.equal(cite('where $$\na|\n$$ holds'), 'where $$\na\n$$ [@k] holds');
  });

  it('moves out of a link, its target, a wikilink and an HTML comment', () => {
    assert.equal(cite('See [the re|po](https://x.org/y) here'), 'See [the repo](https://x.org/y) [@k] here');
    assert.equal(cite('See [repo](https://x.org/|y) here'), 'See [repo](https://x.org/y) [@k] here');
    assert.equal(cite('See [[note|s/k]] here'), 'See [[notes/k]] [@k] here');
    assert.equal(cite('Text <!-- note: [[a]] no|tes/a.md --> more'), 'Text <!-- note: [[a]] notes/a.md --> [@k] more');
  });

  it('in LaTeX, moves out of a command name, math and \\ref/\\url arguments', () => {
    assert.equal(cite('As in \\sec|tion{Intro} we', 'latex'), 'As in \\section{Intro}~\\cite{k} we');
    assert.equal(cite('See Fig.~\\ref{fig:a|b} now', 'latex'), 'See Fig.~\\ref{fig:ab}~\\cite{k} now');
    assert.equal(cite('where \\(x| + y\\) holds', 'latex'), 'where \\(x + y\\)~\\cite{k} holds');
    assert.equal(cite('Inside \\emph{interpret|able} words', 'latex'), 'Inside \\emph{interpretable~\\cite{k}} words');
  });

  it('in Typst, moves out of a label, raw text and math', () => {
    assert.equal(cite('See <fig|:a> now', 'typst'), 'See <fig:a> @k now');
    assert.equal(cite('Run `ma|ke` first', 'typst'), 'Run `make` @k first');
    assert.equal(cite('where $x| + y$ holds', 'typst'), 'where $x + y$ @k holds');
    assert.equal(cite('Interpret|ability matters', 'typst'), 'Interpretability @k matters');
  });
});

describe('insertionPoint: long drafts', () => {
  it('finds spans and sentence ends far into a draft (only the paragraphs around the cursor are read)', () => {
    const filler = 'A paragraph with `code.x` and https://x.org/a.b in it. Another sentence.\n\n'.repeat(300);
    assert.equal(cite(`${filler}Run \`ma|ke\` first.\n`), `${filler}Run \`make\` [@k] first.\n`);
    assert.equal(cite(`${filler}We |use \`x.y\` data. Next.\n`, 'markdown', 'paragraph'), `${filler}We use \`x.y\` data [@k]. Next.\n`);
  });
});

describe('insertionPoint: paragraph commands (Suggest Citations)', () => {
  it('writes at the end of the sentence when the cursor is inside a word', () => {
    assert.equal(
      cite('Interpret|ability research grows. Next one.', 'markdown', 'paragraph'),
      'Interpretability research grows [@k]. Next one.',
    );
  });

  it('writes at the end of the sentence from a word start or a blank', () => {
    assert.equal(cite('We |study circuits, e.g. in GPT-2. Next.', 'markdown', 'paragraph'), 'We study circuits, e.g. in GPT-2 [@k]. Next.');
    assert.equal(
      cite('A sentence\nwrapped |over lines\n\nNext paragraph.', 'markdown', 'paragraph'),
      'A sentence\nwrapped over lines [@k]\n\nNext paragraph.',
    );
  });

  it('writes at the cursor when it is at a word end', () => {
    assert.equal(cite('Transcoders| help. Next.', 'markdown', 'paragraph'), 'Transcoders [@k] help. Next.');
    assert.equal(cite('They help.| Next.', 'markdown', 'paragraph'), 'They help [@k]. Next.');
  });

  it('joins the cluster that ends the sentence', () => {
    assert.equal(cite('Sparse dic|tionaries work [@a]. Next.', 'markdown', 'paragraph'), 'Sparse dictionaries work [@a; @k]. Next.');
    assert.equal(cite('Sparse dic|tionaries work \\cite{a}. Next.', 'latex', 'paragraph'), 'Sparse dictionaries work \\cite{a,k}. Next.');
  });

  it('is not fooled by dots in code, math or URLs', () => {
    assert.equal(
      cite('See| https://x.org/a.b for `x.y` data and more. Next.', 'markdown', 'paragraph'),
      'See [@k] https://x.org/a.b for `x.y` data and more. Next.',
    );
    assert.equal(
      cite('We |use https://x.org/a.b for `x.y` data. Next.', 'markdown', 'paragraph'),
      'We use https://x.org/a.b for `x.y` data [@k]. Next.',
    );
  });

  it('still refuses front matter', () => {
    assert.equal(cite('---\ntitle: Rea|ding\n---\nText.\n', 'quarto', 'paragraph'), 'refused: ---\ntitle: Reading\n---\nText.^\n');
  });
});

describe('planNoteLinkAt', () => {
  it('goes after the word, with a space before and after', () => {
    assert.equal(link('Transcoders are wi|der here'), 'Transcoders are wider <L> here');
    assert.equal(link('End of text|'), 'End of text <L>');
  });

  it('does not double a link already at the cursor', () => {
    assert.equal(link('Text <L>| more'), 'Text <L> more');
  });

  it('refuses front matter with the end of the first paragraph offered', () => {
    assert.equal(link('---\ntitle: |x\n---\nText.\n'), 'refused: ---\ntitle: x\n---\nText.^\n');
  });
});
