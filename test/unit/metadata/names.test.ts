import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAuthorList, parseAuthorName } from '../../../src/core/metadata/names';

describe('author names', () => {
  it('splits given and family names through the name parser', () => {
    assert.deepEqual(parseAuthorName('Jacob Dunefsky'), { literal: 'Jacob Dunefsky', family: 'Dunefsky', given: 'Jacob' });
    assert.deepEqual(parseAuthorName('R. Michael Alvarez'), { literal: 'R. Michael Alvarez', family: 'Alvarez', given: 'R. Michael' });
    assert.deepEqual(parseAuthorName('Nanda, Neel'), { literal: 'Nanda, Neel', family: 'Nanda', given: 'Neel' });
  });

  it('keeps particles with the family name, capitalised or not', () => {
    assert.equal(parseAuthorName('Ludwig van der Berg').family, 'van der Berg');
    assert.equal(parseAuthorName('H. de Vries').family, 'de Vries');
    assert.equal(parseAuthorName('Hugo De Vries').family, 'De Vries');
    assert.equal(parseAuthorName('Anna Di Stefano').family, 'Di Stefano');
  });

  it('keeps a suffix apart, with or without a comma and a dot', () => {
    for (const written of ['Martin Luther King Jr.', 'Martin Luther King, Jr.', 'Martin Luther King Jr']) {
      const author = parseAuthorName(written);
      assert.equal(author.family, 'King', written);
      assert.equal(author.given, 'Martin Luther', written);
      assert.match(author.suffix ?? '', /^Jr\.?$/, written);
    }
    assert.equal(parseAuthorName('Gyorgy Kovacs III').suffix, 'III');
  });

  it('reads a given name that is also a particle (Da, Pietro, Vere)', () => {
    assert.deepEqual(parseAuthorName('Da Li'), { literal: 'Da Li', family: 'Li', given: 'Da' });
    assert.deepEqual(parseAuthorName('Pietro Gori'), { literal: 'Pietro Gori', family: 'Gori', given: 'Pietro' });
    assert.equal(parseAuthorName('Vere Gordon Childe').family, 'Childe');
  });

  it('keeps a family name the parser would take for a degree (Ma, Do)', () => {
    assert.deepEqual(parseAuthorName('Lintao Ma'), { literal: 'Lintao Ma', family: 'Ma', given: 'Lintao' });
    assert.deepEqual(parseAuthorName('Minh Do'), { literal: 'Minh Do', family: 'Do', given: 'Minh' });
    assert.deepEqual(parseAuthorName('Jun Ma Jr'), { literal: 'Jun Ma Jr', family: 'Ma', given: 'Jun', suffix: 'Jr' });
  });

  it('folds TeX accents to Unicode before parsing', () => {
    assert.deepEqual(parseAuthorName('Joan Sol\\`a'), { literal: 'Joan Solà', family: 'Solà', given: 'Joan' });
    assert.deepEqual(parseAuthorName('Gy{\\"o}rgy Szasz\\\'ak'), { literal: 'György Szaszák', family: 'Szaszák', given: 'György' });
    assert.equal(parseAuthorName('Bla\\v{z} \\v{S}krlj').family, 'Škrlj');
  });

  it('gives a one-word name as a family name and an empty one as nothing', () => {
    assert.deepEqual(parseAuthorName('Plato'), { literal: 'Plato', family: 'Plato' });
    assert.deepEqual(parseAuthorName('   '), { literal: '' });
  });

  it('splits "A, B and C" lists, affiliations and et al. dropped, a lone suffix joined', () => {
    const authors = parseAuthorList("Bal\\'azs Tarj\\'an (BME, Budapest), Gy\\\"orgy Szasz\\'ak, and Tibor Fegy\\'o");
    assert.deepEqual(
      authors.map(a => a.family),
      ['Tarján', 'Szaszák', 'Fegyó'],
    );
    assert.deepEqual(
      parseAuthorList('A. One and B. Two and C. Three, Jr.').map(a => [a.family, a.suffix]),
      [
        ['One', undefined],
        ['Two', undefined],
        ['Three', 'Jr.'],
      ],
    );
    assert.deepEqual(
      parseAuthorList('Jacob Dunefsky, Philippe Chlenski, Neel Nanda, et al.').map(a => a.family),
      ['Dunefsky', 'Chlenski', 'Nanda'],
    );
  });
});

describe('author names, any input', () => {
  it('never throw and keep the name as written (TeX folded) in literal', () => {
    for (const name of ['Jr', 'DC', 'v', 'III', 'PhD', 'A Jr', 'Smith, ', 'x, y, z', ',', '{', '\\']) {
      assert.doesNotThrow(() => parseAuthorName(name), name);
    }
    assert.deepEqual(parseAuthorName('Jr'), { literal: 'Jr' });
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), name => {
        const author = parseAuthorName(name);
        assert.equal(typeof author.literal, 'string');
        if (!/[\\{}]/.test(name)) assert.equal(author.literal, name.normalize('NFC').replace(/\s+/g, ' ').trim());
        if (author.family !== undefined) assert.notEqual(author.family, '');
      }),
      { numRuns: 2000 },
    );
  });
});
