/** A missing pandoc fails a check, saying why, unless DIGEST_NOTES_ALLOW_MISSING_PANDOC=1 asks to skip it. */
import { strict as assert } from 'node:assert';
import { ALLOW_MISSING_PANDOC, requirePandoc } from './requireTool';

class Skipped extends Error {}
const test = {
  skip: () => {
    throw new Skipped();
  },
} as unknown as Mocha.Context;

describe('requirePandoc', () => {
  let path: string | undefined;
  beforeEach(() => {
    path = process.env.PATH;
  });
  afterEach(() => {
    process.env.PATH = path;
  });

  it('gives the version line when pandoc runs', () => {
    assert.match(requirePandoc(test), /^pandoc /);
  });

  it('fails, saying why and what to do, when pandoc is missing', () => {
    process.env.PATH = '/nonexistent';
    assert.throws(
      () => requirePandoc(test, {}),
      /pandoc was not found on PATH: `npm run setup` installs it.*DIGEST_NOTES_ALLOW_MISSING_PANDOC=1/,
    );
  });

  it('skips only when DIGEST_NOTES_ALLOW_MISSING_PANDOC=1 is set', () => {
    process.env.PATH = '/nonexistent';
    assert.throws(() => requirePandoc(test, { [ALLOW_MISSING_PANDOC]: '1' }), Skipped);
    assert.throws(() => requirePandoc(test, { [ALLOW_MISSING_PANDOC]: '0' }), /was not found/);
  });
});
