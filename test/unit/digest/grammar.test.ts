import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractLinks } from '../../../src/core/digest/links';
import { parseDigest } from '../../../src/core/digest/parser';
import { SEED_PATH, SEED_TEXT, hardWrap, seedPairs } from '../helpers/seed';

/**
 * The TextMate grammar (syntaxes/paper-digest.tmLanguage.json). Its patterns are written in the
 * common subset of Oniguruma and JavaScript, apart from `\G` (Oniguruma's "where the last match
 * ended"), so they compile here as JavaScript regexes and their behaviour can be checked: the
 * line classes they recognise, and — by replaying the grammar's begin/end nesting over lines — that
 * they find the same titles as the parser.
 */

interface RawRule {
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  patterns?: Array<{ include?: string }>;
}

interface RawGrammar {
  scopeName: string;
  patterns: Array<{ include: string }>;
  repository: Record<string, RawRule>;
}

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const grammar = JSON.parse(readFileSync(root('syntaxes/paper-digest.tmLanguage.json'), 'utf8')) as RawGrammar;
const manifest = JSON.parse(readFileSync(root('package.json'), 'utf8')) as {
  contributes: {
    grammars: Array<{ language: string; scopeName: string; path: string }>;
    languages: Array<{ id: string; configuration: string }>;
  };
};

/** A grammar pattern as a JavaScript regex: `\G` dropped (JavaScript has no such anchor). */
function compile(source: string, flags = 'u'): RegExp {
  return new RegExp(source.replace(/\\G/g, ''), flags);
}

function rule(name: string): RawRule {
  const found = grammar.repository[name];
  assert.ok(found, `repository has no rule "${name}"`);
  return found;
}

describe('paper-digest grammar', () => {
  it('is the grammar package.json contributes, for the paper-digest language', () => {
    const contributed = manifest.contributes.grammars.find(g => g.language === 'paper-digest');
    assert.ok(contributed);
    assert.equal(contributed.scopeName, grammar.scopeName);
    assert.equal(root(contributed.path), root('syntaxes/paper-digest.tmLanguage.json'));
  });

  it('has a language configuration that parses, with brackets', () => {
    const language = manifest.contributes.languages.find(l => l.id === 'paper-digest');
    assert.ok(language);
    const configuration = JSON.parse(readFileSync(root(language.configuration), 'utf8')) as { brackets: unknown[] };
    assert.ok(configuration.brackets.length > 0);
  });

  it('compiles every pattern, and every include names a rule of the repository', () => {
    let compiled = 0;
    for (const [name, raw] of Object.entries(grammar.repository)) {
      for (const source of [raw.match, raw.begin, raw.end]) {
        if (source !== undefined) {
          assert.doesNotThrow(() => compile(source), `${name}: ${source}`);
          compiled++;
        }
      }
      for (const include of raw.patterns ?? []) {
        assert.ok(include.include && grammar.repository[include.include.slice(1)], `${name} includes ${include.include}`);
      }
    }
    for (const include of grammar.patterns) {
      assert.ok(grammar.repository[include.include.slice(1)], `top level includes ${include.include}`);
    }
    assert.ok(compiled >= 6, `only ${compiled} patterns`);
  });

  it('dims the page boilerplate, and only whole boilerplate lines', () => {
    const boilerplate = compile(rule('boilerplate').match!);
    for (const line of ['new', 'Get trending papers in your email inbox!', 'Subscribe', 'byAK and the research community']) {
      assert.ok(boilerplate.test(line), line);
    }
    for (const line of ['A new method for subscribing', 'Subscribe to our list.', 'newer']) {
      assert.ok(!boilerplate.test(line), line);
    }
  });

  it('marks day lines in the forms the parser reads, and not titles starting with a month', () => {
    const day = compile(rule('day').match!);
    for (const line of ['Mar 14', 'March 14', 'Mar 14, 2024', '2024-03-14', 'Thu, Mar 14', '14 Mar 2024', '  Mar 14  ']) {
      assert.ok(day.test(line), line);
    }
    for (const line of ['March of the Penguins: A Study', 'May I Ask? Questions in Dialogue', 'Mar 14 papers were great', '2024']) {
      assert.ok(!day.test(line), line);
    }
  });

  it('captures a leading `Name:` of a title, and not a colon after several words', () => {
    const title = compile(rule('entry').begin!);
    assert.equal(title.exec('TimesNet: Temporal 2D-Variation Modeling')?.[2], 'TimesNet');
    assert.equal(title.exec('iTransformer: Inverted Transformers Are Effective')?.[2], 'iTransformer');
    assert.equal(title.exec('Knowing What, How and Why: A Near Complete Solution')?.[2], undefined);
    assert.equal(
      title.exec('Knowing What, How and Why: A Near Complete Solution')?.[1],
      'Knowing What, How and Why: A Near Complete Solution',
    );
    assert.equal(title.exec('   '), null, 'a blank line starts no entry');
  });

  it('underlines the same URLs the parser extracts, without trailing punctuation', () => {
    const link = compile(rule('link').match!, 'gu');
    const sepClr = 'https://github.com/neurospin-projects/2024_rlouiset_sep_clr';
    let seen = 0;
    for (const { abstract } of seedPairs()) {
      const underlined = [...abstract.matchAll(link)].map(m => m[0]);
      assert.deepEqual(
        underlined,
        extractLinks(abstract).links.map(l => l.url),
      );
      seen += underlined.length;
    }
    assert.equal(seen, 18);
    assert.ok(SEED_TEXT.includes(`${sepClr}.`));
    assert.deepEqual(
      [...`Code: ${sepClr}. Next.`.matchAll(link)].map(m => m[0]),
      [sepClr],
    );
  });

  describe("replayed over lines, the begin/end nesting finds the parser's titles", () => {
    it('in the seed digest (61 titles)', () => {
      const titles = grammarTitleLines(SEED_TEXT);
      assert.equal(titles.length, 61);
      assert.deepEqual(
        titles,
        parseDigest(SEED_TEXT, SEED_PATH).entries.map(e => e.titleLine),
      );
    });

    it('with hard-wrapped abstracts, several blank lines, and a title right under a day line', () => {
      const pairs = seedPairs().slice(0, 4);
      const text = [
        'Mar 14',
        '',
        '',
        pairs[0].title,
        '',
        '',
        ...hardWrap(pairs[0].abstract, 72),
        '',
        '',
        '',
        pairs[1].title,
        '',
        ...hardWrap(pairs[1].abstract, 60),
        '',
        'Mar 15, 2024',
        pairs[2].title,
        '',
        pairs[2].abstract,
        '',
        pairs[3].title,
        '',
        ...hardWrap(pairs[3].abstract, 80),
      ].join('\n');
      assert.deepEqual(
        grammarTitleLines(text),
        parseDigest(text, 'x.digest').entries.map(e => e.titleLine),
      );
    });
  });
});

/**
 * The lines the grammar scopes as titles, replaying how a TextMate engine applies it line by line:
 * at top level, boilerplate and day lines match first and any other non-blank line begins an
 * entry; inside an entry, `gap` (begun at the title's end) swallows blank lines until the abstract
 * starts, then the entry's `end` (blank or day line) closes it.
 */
function grammarTitleLines(text: string): number[] {
  const boilerplate = compile(rule('boilerplate').match!);
  const day = compile(rule('day').match!);
  const entryBegin = compile(rule('entry').begin!);
  const entryEnd = compile(rule('entry').end!);
  const gapEnd = compile(rule('gap').end!);
  const titles: number[] = [];
  let state: 'top' | 'gap' | 'abstract' = 'top';
  text.split(/\r?\n/).forEach((line, i) => {
    if (state === 'gap' && gapEnd.test(line)) {
      state = 'abstract';
    }
    if (state === 'abstract' && entryEnd.test(line)) {
      state = 'top';
    }
    if (state === 'top' && !boilerplate.test(line) && !day.test(line) && entryBegin.test(line)) {
      titles.push(i);
      state = 'gap';
    }
  });
  return titles;
}
