/**
 * The "For you" sort order of a list (a day's papers in the tree, a digest's cards in the preview):
 * the starred items first ("to read": the writer already chose them), in the order they had; then
 * the ranked items, best score first; then the items the ranking did not score (older days, papers
 * liked otherwise or dismissed), in the order they had. Stable, so equal scores keep the digest's
 * order and the list does not shuffle between two rankings that agree.
 */
export function orderByScore<T>(
  items: readonly T[],
  scoreOf: (item: T) => number | undefined,
  isStarred: (item: T) => boolean = () => false,
): T[] {
  const scored = items.map((item, index) => ({ item, index, starred: isStarred(item), score: scoreOf(item) }));
  scored.sort((a, b) => {
    if (a.starred || b.starred) return a.starred === b.starred ? a.index - b.index : a.starred ? -1 : 1;
    if (a.score === undefined || b.score === undefined) {
      if (a.score !== undefined) return -1;
      if (b.score !== undefined) return 1;
      return a.index - b.index;
    }
    return b.score - a.score || a.index - b.index;
  });
  return scored.map(entry => entry.item);
}
