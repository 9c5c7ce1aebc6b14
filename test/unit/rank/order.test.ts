import { strict as assert } from 'node:assert';
import { orderByScore } from '../../../src/core/rank/order';

describe('For you sort order', () => {
  const scores: Record<string, number> = { b: 0.2, d: 0.9, e: 0.2 };
  const scoreOf = (key: string) => scores[key];

  it('puts the scored items first, best first, then the others in their order', () => {
    assert.deepEqual(orderByScore(['a', 'b', 'c', 'd', 'e', 'f'], scoreOf), ['d', 'b', 'e', 'a', 'c', 'f']);
  });

  it('keeps the order of equal scores and of a list with no score', () => {
    assert.deepEqual(orderByScore(['e', 'b'], scoreOf), ['e', 'b']);
    assert.deepEqual(orderByScore(['c', 'a', 'f'], scoreOf), ['c', 'a', 'f']);
  });

  it('orders negative scores too, and leaves the given list alone', () => {
    const items = ['x', 'y', 'z'];
    const negative: Record<string, number> = { x: -0.5, y: -0.1 };
    assert.deepEqual(
      orderByScore(items, key => negative[key]),
      ['y', 'x', 'z'],
    );
    assert.deepEqual(items, ['x', 'y', 'z']);
  });

  it("puts the day's starred items first, in their order, even a scored one, then the ranked, then the rest", () => {
    const starred = new Set(['f', 'b', 'a']);
    assert.deepEqual(
      orderByScore(['a', 'b', 'c', 'd', 'e', 'f'], scoreOf, key => starred.has(key)),
      ['a', 'b', 'f', 'd', 'e', 'c'],
    );
  });
});
