import { strict as assert } from 'node:assert';
import { looksLikeDigest } from '../../../src/core/digest/detect';
import { SEED_DAY_LINE, SEED_LINES, SEED_TEXT, seedBlocks } from '../helpers/seed';

describe('looksLikeDigest', () => {
  it('recognises the seed, also with its header lines removed', () => {
    assert.equal(looksLikeDigest(SEED_TEXT), true);
    assert.equal(looksLikeDigest(SEED_LINES.slice(SEED_DAY_LINE).join('\n')), true);
    assert.equal(looksLikeDigest(SEED_TEXT.replace(/\n/g, '\r\n')), true);
  });

  it('recognises a text with the boilerplate lines', () => {
    assert.equal(looksLikeDigest('Get trending papers in your email inbox!\n\nSome title\n'), true);
    assert.equal(looksLikeDigest('new\n\nSubscribe\n\nbyAK and the research community\n'), true);
  });

  it('recognises a day line followed by title/abstract pairs', () => {
    assert.equal(looksLikeDigest(`Mar 15\n\n${seedBlocks(5, 7)}`), true);
    assert.equal(looksLikeDigest(`2024-03-15\n\n${seedBlocks(5, 6)}`), true);
  });

  it('looks only at the head of the text', () => {
    const filler = Array.from({ length: 300 }, (_, i) => `item ${i}`).join('\n');
    assert.equal(looksLikeDigest(`${filler}\n\n${SEED_TEXT}`), false);
  });

  it('rejects texts that are not digests', () => {
    const samples = {
      empty: '',
      shopping: 'Shopping list\n\nMar 14\n\nMilk\n\nEggs\n\nBread\n\nCoffee beans, the good ones\n',
      readme:
        '# Digest Notes\n\nA VS Code extension for paper digests. It parses daily digests, builds a\nbibliography ' +
        'and writes notes.\n\n## Install\n\nRun `npm install` and then `npm run build`. See the docs for details.\n' +
        '\n## Usage\n\nOpen a digest file.\n',
      code: 'import { x } from "./y";\n\nexport function f(a: number): number {\n  return a + 1;\n}\n\n// Mar 14\nconst z = f(2);\n',
      prose:
        'Meeting notes\n\nOn Mar 14 we discussed the grant with Bob. He will send the draft next week, and we ' +
        'agreed to meet again. Nothing else came up.\n',
      dayOnly: 'Mar 14\n',
    };
    for (const [name, text] of Object.entries(samples)) assert.equal(looksLikeDigest(text), false, name);
  });
});
