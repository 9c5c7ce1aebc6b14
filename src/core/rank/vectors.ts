/** Similarities between the store's rows over their words only (signals are not a topic). */
import type { FeatureStore } from './features';

export interface SparseVector {
  /** Ascending columns. */
  readonly columns: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** The row's term part as a sparse vector (term columns come first in a row, ascending). */
export function termPart(store: FeatureStore, row: number): SparseVector {
  const { starts, columns, values } = store.rows;
  let end = starts[row];
  while (end < starts[row + 1] && columns[end] < store.termColumns) end++;
  return { columns: columns.subarray(starts[row], end), values: values.subarray(starts[row], end) };
}

/** The cosine of a row's words with each of `others` (the term parts are l2-normalised). */
export function cosineToRows(store: FeatureStore, row: number, others: readonly number[]): number[] {
  const vector = termPart(store, row);
  return others.map(other => dot(vector, termPart(store, other)));
}

/** The dot product of a row's words with a vector of term columns. */
export function termDot(store: FeatureStore, row: number, vector: SparseVector): number {
  return dot(termPart(store, row), vector);
}

/** Merge-join of two ascending sparse vectors. */
export function dot(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  let i = 0;
  let j = 0;
  while (i < a.columns.length && j < b.columns.length) {
    const ca = a.columns[i];
    const cb = b.columns[j];
    if (ca === cb) sum += a.values[i++] * b.values[j++];
    else if (ca < cb) i++;
    else j++;
  }
  return sum;
}
