import assert from 'node:assert/strict';
import type { CitationLanguage } from '../../../src/core/drafts/mentions';
import {
  keyQuery,
  checkableKeyRefs,
  citedKeyRefs,
  closeKeyMatches,
  completionContextAt,
  editDistance,
  isCrossReference,
  keyBase,
  keyRefAt,
} from '../../../src/core/drafts/draftKeys';
import { buildLibrary } from '../../../src/core/library/library';
import { parseDigest } from '../../../src/core/digest/parser';
import { PaperIndex } from '../../../src/core/search';
import { SEED_PATH, SEED_TEXT } from '../helpers/seed';

/** The completion context at the `|` of `marked` (the bar removed): the prefix, and the key's span as text. */
function contextAt(marked: string, language: CitationLanguage): { prefix: string; key: string } | undefined {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const at = completionContextAt(text, offset, language);
  return at && { prefix: at.prefix, key: text.slice(at.start, at.end) };
}

describe('completionContextAt: Pandoc (Markdown, Quarto, R Markdown)', () => {
  it('completes after [@, after @ in prose and after ; @ in a cluster', () => {
    assert.deepEqual(contextAt('See [@transc|', 'markdown'), { prefix: 'transc', key: 'transc' });
    assert.deepEqual(contextAt('See [@|', 'markdown'), { prefix: '', key: '' });
    assert.deepEqual(contextAt('@smi| says', 'markdown'), { prefix: 'smi', key: 'smi' });
    assert.deepEqual(contextAt('As [@a; @b|]', 'markdown'), { prefix: 'b', key: 'b' });
    assert.deepEqual(contextAt('As [@a;@b|]', 'markdown'), { prefix: 'b', key: 'b' });
    assert.deepEqual(contextAt('Smith says [-@smi|]', 'markdown'), { prefix: 'smi', key: 'smi' });
    assert.deepEqual(contextAt('(@smi|)', 'markdown'), { prefix: 'smi', key: 'smi' });
  });

  it('covers the rest of a key when the cursor stands inside it', () => {
    assert.deepEqual(contextAt('See [@trans|coders2024].', 'markdown'), { prefix: 'trans', key: 'transcoders2024' });
  });

  it('does not complete inside e-mail addresses, words, code or front matter', () => {
    assert.equal(contextAt('Write to me@transc|', 'markdown'), undefined);
    assert.equal(contextAt('name.@transc|', 'markdown'), undefined);
    assert.equal(contextAt('Run `git log @transc|`', 'markdown'), undefined);
    assert.equal(contextAt('```python\n@transc|\n```\n', 'markdown'), undefined);
    assert.equal(contextAt('---\nauthor: @transc|\n---\n', 'markdown'), undefined);
    assert.equal(contextAt('no at sign transc|', 'markdown'), undefined);
  });

  it('completes after a code block has closed', () => {
    assert.deepEqual(contextAt('```\ncode\n```\n\nSee [@tra|', 'markdown'), { prefix: 'tra', key: 'tra' });
  });
});

describe('completionContextAt: LaTeX', () => {
  it('completes after \\cite{ and the family, also before the brace is closed', () => {
    assert.deepEqual(contextAt('\\cite{transc|', 'latex'), { prefix: 'transc', key: 'transc' });
    assert.deepEqual(contextAt('\\citep{|}', 'latex'), { prefix: '', key: '' });
    assert.deepEqual(contextAt('\\parencite[p.~3]{tr|}', 'latex'), { prefix: 'tr', key: 'tr' });
    assert.deepEqual(contextAt('\\textcite*{tr|}', 'latex'), { prefix: 'tr', key: 'tr' });
  });

  it('completes after a comma inside the braces', () => {
    assert.deepEqual(contextAt('\\cite{a,tr|}', 'latex'), { prefix: 'tr', key: 'tr' });
    assert.deepEqual(contextAt('\\cite{a, |}', 'latex'), { prefix: '', key: '' });
  });

  it('does not complete outside a citation command or in a comment', () => {
    assert.equal(contextAt('\\section{tr|}', 'latex'), undefined);
    assert.equal(contextAt('\\cite{a} tr|', 'latex'), undefined);
    assert.equal(contextAt('% \\cite{tr|', 'latex'), undefined);
    assert.deepEqual(contextAt('50\\% \\cite{tr|', 'latex'), { prefix: 'tr', key: 'tr' });
  });
});

describe('completionContextAt: Typst', () => {
  it('completes after @ but not in words, raw text or comments', () => {
    assert.deepEqual(contextAt('As shown by @tra|', 'typst'), { prefix: 'tra', key: 'tra' });
    assert.equal(contextAt('mail me@tra|', 'typst'), undefined);
    assert.equal(contextAt('`raw @tra|', 'typst'), undefined);
    assert.equal(contextAt('// @tra|', 'typst'), undefined);
    assert.equal(contextAt('/* block\n @tra|', 'typst'), undefined);
    assert.deepEqual(contextAt('/* done */ @tra|', 'typst'), { prefix: 'tra', key: 'tra' });
  });
});

describe('citedKeyRefs and keyRefAt', () => {
  it('gives each cited key with offsets covering the key alone', () => {
    const text = '# T\n\nSee [@a2020; @bee] and @cee says.\n';
    const refs = citedKeyRefs(text, 'markdown');
    assert.deepEqual(
      refs.map(r => r.key),
      ['a2020', 'bee', 'cee'],
    );
    for (const ref of refs) {
      assert.equal(text.slice(ref.start, ref.end), ref.key);
    }
  });

  it('leaves out cross-references, \\nocite{*} and macro arguments', () => {
    assert.deepEqual(
      citedKeyRefs('See @fig-plot and @sec:intro and [@real]', 'markdown').map(r => r.key),
      ['real'],
    );
    assert.deepEqual(
      citedKeyRefs('\\nocite{*}\\newcommand{\\c}[1]{\\cite{#1}}\\cite{k1, k2}', 'latex').map(r => r.key),
      ['k1', 'k2'],
    );
    assert.ok(isCrossReference('tbl-results'));
    assert.ok(!isCrossReference('figueroa2020'));
  });

  it('finds the key under the cursor, including right after its last character', () => {
    const text = 'x \\cite{alpha,beta} y';
    assert.equal(keyRefAt(text, text.indexOf('beta') + 2, 'latex')?.key, 'beta');
    assert.equal(keyRefAt(text, text.indexOf('beta') + 4, 'latex')?.key, 'beta');
    assert.equal(keyRefAt(text, text.indexOf('x'), 'latex'), undefined);
  });
});

describe('checkableKeyRefs', () => {
  it('checks bare @words in Markdown only when the draft cites or declares a bibliography', () => {
    assert.deepEqual(checkableKeyRefs('Ping @octocat about it.', 'markdown'), []);
    assert.deepEqual(
      checkableKeyRefs('Ping @octocat, see [@smith].', 'markdown').map(r => r.key),
      ['octocat', 'smith'],
    );
    assert.deepEqual(
      checkableKeyRefs('---\nbibliography: refs.bib\n---\n@smith says.', 'markdown').map(r => r.key),
      ['smith'],
    );
  });

  it("checks Typst references only with a bibliography, and never the draft's own labels", () => {
    const withoutBibliography = '= Intro <intro>\nSee @intro and @smith.';
    assert.deepEqual(checkableKeyRefs(withoutBibliography, 'typst'), []);
    const withBibliography = `${withoutBibliography}\n#bibliography("refs.bib")`;
    assert.deepEqual(
      checkableKeyRefs(withBibliography, 'typst').map(r => r.key),
      ['smith'],
    );
  });

  it('always checks LaTeX citations', () => {
    assert.deepEqual(
      checkableKeyRefs('\\cite{a}', 'latex').map(r => r.key),
      ['a'],
    );
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps, cut off above max', () => {
    assert.equal(editDistance('kitten', 'sitting', 5), 3);
    assert.equal(editDistance('abcd', 'abdc', 3), 1);
    assert.equal(editDistance('same', 'same', 0), 0);
    assert.equal(editDistance('short', 'a much longer word', 2), 3);
    assert.equal(editDistance('abcdefgh', 'hgfedcba', 2), 3);
  });
});

describe('closeKeyMatches', () => {
  const library = buildLibrary([parseDigest(SEED_TEXT, SEED_PATH)]);
  const keys = library.papers.map(p => p.key);
  const transcoders = library.byTitle('Transcoders Find Interpretable LLM Feature Circuits')!.key;
  const index = PaperIndex.build(library.papers);
  const hits = (typed: string) => index.search(typed.replace(/[^a-z]/gi, ''), { limit: 1 }).map(h => h.key);

  it('offers the real key for a typo of it, first', () => {
    for (const typo of [transcoders.slice(0, -1), `${transcoders}x`, transcoders.replace('find', 'fnid')]) {
      assert.equal(closeKeyMatches(typo, keys, hits(typo))[0]?.key, transcoders, typo);
    }
  });

  it('matches a key whose year or clash suffix differs, and a truncated key', () => {
    assert.deepEqual(closeKeyMatches('smith2023', ['smith2024b', 'jones2023'])[0], { key: 'smith2024b', reason: 'same-base', distance: 2 });
    assert.equal(closeKeyMatches('transcoders', keys, hits('transcoders'))[0]?.key, transcoders);
    assert.equal(keyBase('Smith2024ab'), 'smith');
  });

  it("offers nothing for a key like no paper's", () => {
    assert.deepEqual(closeKeyMatches('nosuchpaper2099', keys, hits('nosuchpaper2099')), []);
    assert.deepEqual(closeKeyMatches('abc', ['abd', 'xbc']), []);
  });

  it('never offers the typed key itself and keeps at most the limit, best first', () => {
    const matches = closeKeyMatches('smith2020', ['smith2020', 'smith2021', 'smith2022', 'smith2019', 'smyth2020'], [], 2);
    assert.equal(matches.length, 2);
    assert.ok(matches.every(m => m.key !== 'smith2020' && m.reason === 'same-base'));
  });
});

describe('completionContextAt: fenced code in long drafts', () => {
  it('tells prose from fenced code whatever the fence and however long the draft', () => {
    const prose = 'Some prose [@a] with `code @b` in it.\n\n'.repeat(2000);
    assert.deepEqual(contextAt(`${prose}End [@tra|`, 'markdown'), { prefix: 'tra', key: 'tra' });
    assert.equal(contextAt(`${prose}~~~~\n@tra|\n~~~~\n`, 'markdown'), undefined, 'tilde fence');
    assert.equal(contextAt(`${prose}\`\`\`\nnever closed\n\n@tra|`, 'markdown'), undefined, 'unclosed fence');
    assert.equal(contextAt('````\n```\n@tra|\n````\n', 'markdown'), undefined, 'a shorter fence does not close');
    assert.deepEqual(contextAt('Text\n```\ncode\n```\nSee [@tra|', 'markdown'), { prefix: 'tra', key: 'tra' }, 'fence inside a paragraph');
    assert.deepEqual(contextAt('See [@a;\n@tra|]', 'markdown'), { prefix: 'tra', key: 'tra' }, 'a cluster across lines');
  });
});

describe('keyQuery', () => {
  it('splits a key into the words the search is asked for', () => {
    assert.equal(keyQuery('smith2023sparse'), 'smith 2023 sparse');
    assert.equal(keyQuery('Smith_SparseCoding'), 'smith sparse coding');
    assert.equal(keyQuery('doe:2020a'), 'doe 2020 a');
    assert.equal(keyQuery('transcodersfindinterpretable'), 'transcodersfindinterpretable');
  });
});
