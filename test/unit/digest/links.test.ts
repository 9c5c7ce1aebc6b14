import { strict as assert } from 'node:assert';
import { extractLinks } from '../../../src/core/digest/links';
import { parseDigest } from '../../../src/core/digest/parser';
import { SEED_PATH, SEED_TEXT } from '../helpers/seed';

function urls(text: string): string[] {
  return extractLinks(text).links.map(link => link.url);
}

describe('extractLinks: trailing punctuation', () => {
  const base = 'https://github.com/neurospin-projects/2024_rlouiset_sep_clr';

  it('drops the sentence end after a URL', () => {
    for (const end of ['.', ',', ';', ':', '!', '?', '...', '.)', '".', "'", '\u201d.', ').']) {
      assert.deepEqual(urls(`Code available at ${base}${end} Next sentence.`), [base], `ending ${JSON.stringify(end)}`);
    }
  });

  it('drops a closing bracket the URL did not open', () => {
    assert.deepEqual(urls(`(code: ${base})`), [base]);
    assert.deepEqual(urls(`[see ${base}]`), [base]);
  });

  it('keeps brackets that belong to the URL', () => {
    const wiki = 'https://en.wikipedia.org/wiki/Mixture_(probability)';
    assert.deepEqual(urls(`as in ${wiki}.`), [wiki]);
    assert.deepEqual(urls(`(as in ${wiki})`), [wiki]);
  });

  it('keeps query strings, fragments and inner dots', () => {
    const url = 'https://example.org/a.b/c?d=1&e=f.g#sec-2.1';
    assert.deepEqual(urls(`See ${url}.`), [url]);
  });

  it('stops at quotes and angle brackets around a URL', () => {
    assert.deepEqual(urls('"https://a.example/x" and <https://b.example/y>'), ['https://a.example/x', 'https://b.example/y']);
  });

  it('finds nothing in text without URLs, and no scheme-less mentions', () => {
    assert.deepEqual(extractLinks('No links here, just 10 words.'), { links: [], doi: null });
    assert.deepEqual(urls('Code at github.com/jacobdunefsky/ObservablePropagation.'), []);
    assert.deepEqual(urls('https:// nothing'), []);
  });
});

describe('extractLinks: classification', () => {
  const cases: Array<[string, string]> = [
    ['https://github.com/thuml/TimesNet', 'code'],
    ['https://gitlab.com/group/project', 'code'],
    ['https://bitbucket.org/team/repo', 'code'],
    ['https://codeberg.org/u/r', 'code'],
    ['https://sourceforge.net/projects/x', 'code'],
    ['https://www.github.com/a/b', 'code'],
    ['https://huggingface.co/facebook/opt-1.3b', 'code'],
    ['https://huggingface.co/spaces/org/demo', 'project'],
    ['https://PanoSent.github.io/', 'project'],
    ['https://sinc.is.tue.mpg.de/', 'project'],
    ['https://vcc.tech/EmoSet', 'project'],
    ['https://dx.doi.org/10.21227/40s8-xf63', 'doi'],
    ['https://doi.org/10.1145/3292500.3330701', 'doi'],
    ['https://arxiv.org/abs/2401.00001', 'other'],
    ['https://www.youtube.com/watch?v=x', 'other'],
    ['https://m.youtube.com/watch?v=x', 'other'],
    ['https://openreview.net/forum?id=x', 'other'],
    ['https://doi.org/', 'other'],
  ];
  for (const [url, kind] of cases) {
    it(`classifies ${url} as ${kind}`, () => {
      assert.deepEqual(extractLinks(`At ${url}.`).links, [{ url, kind }]);
    });
  }
});

describe('extractLinks: DOIs and duplicates', () => {
  it('takes the bare DOI from a doi.org URL', () => {
    assert.equal(extractLinks('Data: https://doi.org/10.5281/zenodo.123456.').doi, '10.5281/zenodo.123456');
  });

  it('takes a bare DOI written in the text', () => {
    const result = extractLinks('Published as DOI: 10.1145/3292500.3330701. More text.');
    assert.equal(result.doi, '10.1145/3292500.3330701');
    assert.deepEqual(result.links, []);
    assert.equal(extractLinks('(doi:10.1000/xyz123)').doi, '10.1000/xyz123');
  });

  it('keeps the first DOI when there are several', () => {
    assert.equal(extractLinks('https://doi.org/10.1000/first and 10.1000/second').doi, '10.1000/first');
  });

  it('does not take numbers or URL paths for DOIs', () => {
    assert.equal(extractLinks('Accuracy rose by 10.5/100 points in 10.12 runs.').doi, null);
    assert.equal(extractLinks('https://example.org/10.1000/abc').doi, null);
  });

  it('lists a link once, whatever its host case or final slash', () => {
    const text = 'https://github.com/a/b and https://GitHub.com/a/b/ and https://github.com/a/b.';
    assert.deepEqual(urls(text), ['https://github.com/a/b']);
  });
});

describe('extractLinks on the seed', () => {
  const entries = parseDigest(SEED_TEXT, SEED_PATH).entries;
  const links = entries.flatMap(entry => entry.links);

  it('finds every http(s) URL of the file, 18 in all', () => {
    const raw = SEED_TEXT.match(/https?:\/\/\S+/g) ?? [];
    assert.equal(raw.length, 18);
    assert.deepEqual(
      links.map(link => link.url),
      raw.map(url => url.replace(/[.,;]+$/, '')),
    );
  });

  it('classifies them as 14 code, 3 project and 1 doi', () => {
    const count = (kind: string) => links.filter(link => link.kind === kind).length;
    assert.deepEqual([count('code'), count('project'), count('doi'), count('other')], [14, 3, 1, 0]);
  });
});
