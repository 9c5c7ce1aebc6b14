/**
 * Why a paper ranks where it does, from the same weights that rank it: the features that add most
 * to its score (a term as written, a signal by its label), and the liked paper it is most like.
 */
import type { FeatureStore } from './features';
import { cosineToRows, termPart, type SparseVector } from './vectors';

/** How many reasons a why names. */
const REASONS = 4;

/** `because of: sparse autoencoders, circuits, code released, by Neel Nanda`, or nothing. */
export function explainByWeights(store: FeatureStore, weights: Float64Array, row: number): string[] {
  const { starts, columns, values } = store.rows;
  const contributions: { column: number; amount: number }[] = [];
  for (let k = starts[row]; k < starts[row + 1]; k++) {
    const amount = weights[columns[k]] * values[k];
    if (amount > 0) contributions.push({ column: columns[k], amount });
  }
  contributions.sort((a, b) => b.amount - a.amount || a.column - b.column);
  const reasons = pickReasons(
    store,
    contributions.map(c => c.column),
  );
  return reasons.length > 0 ? [`because of: ${reasons.join(', ')}`] : [];
}

/** `like: <title>` of the liked paper whose words are closest, when any shares a word. */
export function likeTitle(store: FeatureStore, row: number, likedRows: readonly number[]): string[] {
  const others = likedRows.filter(other => other !== row);
  if (others.length === 0) return [];
  const similarities = cosineToRows(store, row, others);
  let best = -1;
  for (let i = 0; i < others.length; i++) if (similarities[i] > 0 && (best === -1 || similarities[i] > similarities[best])) best = i;
  return best === -1 ? [] : [`like: ${store.documents[others[best]].title}`];
}

/** The terms a row shares with a vector, heaviest first. */
export function sharedTerms(store: FeatureStore, row: number, vector: SparseVector): string[] {
  const own = termPart(store, row);
  const products: { column: number; amount: number }[] = [];
  let j = 0;
  for (let i = 0; i < own.columns.length; i++) {
    while (j < vector.columns.length && vector.columns[j] < own.columns[i]) j++;
    if (j < vector.columns.length && vector.columns[j] === own.columns[i]) {
      products.push({ column: own.columns[i], amount: own.values[i] * vector.values[j] });
    }
  }
  products.sort((a, b) => b.amount - a.amount || a.column - b.column);
  return pickReasons(
    store,
    products.map(p => p.column),
  );
}

/** How far down the list a pair may come from to take the place of its words. */
const HORIZON = 3 * REASONS;

/**
 * The first `REASONS` columns as they are said, a signal by its label. A pair stands for its words
 * ("sparse autoencoders", not "sparse, autoencoders"): a pair among the first `HORIZON` takes the
 * place of its words named before it, and a word inside a named pair is not named again.
 */
function pickReasons(store: FeatureStore, columnsBestFirst: readonly number[]): string[] {
  const said: string[] = [];
  for (const column of columnsBestFirst.slice(0, HORIZON)) {
    if (column >= store.termColumns) {
      said.push(store.signalLabels[column - store.termColumns]);
      continue;
    }
    const term = store.columnNames[column];
    const parts = term.split(' ');
    if (parts.length === 1) {
      if (!said.some(reason => reason.split(' ').includes(term))) said.push(term);
      continue;
    }
    const at = said.findIndex(reason => parts.includes(reason));
    const kept = said.filter(reason => !parts.includes(reason));
    if (at === -1 && said.length >= REASONS) continue;
    kept.splice(at === -1 ? kept.length : Math.min(at, kept.length), 0, term);
    said.splice(0, said.length, ...kept);
  }
  return said.slice(0, REASONS);
}
