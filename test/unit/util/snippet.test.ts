import assert from 'node:assert/strict';
import { snippetAround } from '../../../src/core/util/snippet';

/** The snippet's text with the highlight in brackets. */
function shown(line: string, match: string, from = 0, width?: number): string {
  const column = line.indexOf(match, from);
  const { text, highlight } = snippetAround(line, column, match.length, width);
  return `${text.slice(0, highlight[0])}[${text.slice(highlight[0], highlight[1])}]${text.slice(highlight[1])}`;
}

describe('snippet around a match', () => {
  const line =
    'Transcoders go one step further: they replace an MLP sublayer with a wider one, so circuits can be read ' +
    '[@transcodersfindinterpretable] <!-- note: [[transcodersfindinterpretable]] notes/transcodersfindinterpretable.md -->';

  it('shows a short line whole, the match highlighted', () => {
    assert.equal(shown('  See [@key] here.  ', 'key'), 'See [@[key]] here.');
  });

  it('centres a match at the end of a long line, cut at spaces with ellipses', () => {
    assert.equal(shown(line, 'transcodersfindinterpretable'), '…can be read [@[transcodersfindinterpretable]] <!-- note:…');
  });

  it('tells a citation and a note link on the same line apart', () => {
    const key = 'transcodersfindinterpretable';
    const citation = shown(line, key);
    const note = shown(line, key, line.indexOf('[['));
    assert.notEqual(citation, note);
    assert.ok(note.includes(`[[[${key}]]]`), note);
    assert.ok(citation.includes(`[@[${key}]]`), citation);
  });

  it('keeps a match longer than the width whole, and whitespace runs as one space', () => {
    assert.equal(shown('a\t\tb  verylongkeyname  c', 'verylongkeyname', 0, 5), '…[verylongkeyname]…');
    assert.equal(shown('a\t\tb key c', 'key'), 'a b [key] c');
  });
});
