import * as assert from 'node:assert/strict';
import { isInside, topmost } from '../../../src/core/util/uriTree';

describe('isInside', () => {
  it('holds for the folder itself and anything under it', () => {
    assert.equal(isInside('file:///w/a', 'file:///w/a'), true);
    assert.equal(isInside('file:///w/a/b.digest', 'file:///w/a'), true);
    assert.equal(isInside('file:///w/a/x/y/b.digest', 'file:///w/a/'), true);
  });

  it('does not hold for a sibling whose name starts the same', () => {
    assert.equal(isInside('file:///w/a-b/c.digest', 'file:///w/a'), false);
    assert.equal(isInside('file:///w/ab', 'file:///w/a'), false);
    assert.equal(isInside('file:///w', 'file:///w/a'), false);
  });
});

describe('topmost', () => {
  it('keeps a created folder and drops what was created inside it', () => {
    const created = ['file:///w/new/2026/nov/a.digest', 'file:///w/new', 'file:///w/new/2026', 'file:///w/other.txt'];
    assert.deepEqual(topmost(created), ['file:///w/new', 'file:///w/other.txt']);
  });

  it('keeps siblings that share a prefix and reports each URI once', () => {
    assert.deepEqual(topmost(['file:///w/a', 'file:///w/a-b/c', 'file:///w/a', 'file:///w/a/c']), ['file:///w/a', 'file:///w/a-b/c']);
  });

  it('drops a file whose folder is in the list even when that folder comes after it', () => {
    assert.deepEqual(topmost(['file:///w/x/y/z.digest', 'file:///w/x']), ['file:///w/x']);
  });
});
