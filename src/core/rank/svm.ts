/**
 * A linear SVM with the squared hinge loss (LinearSVC's default), fitted by dual coordinate
 * descent (Hsieh et al., "A Dual Coordinate Descent Method for Large-scale Linear SVM", ICML 2008)
 * on sparse rows. Classes are balanced (each example's C scaled by n / (2 · its class's size)), and
 * the bias is a constant feature of value 1, regularised like the others, as in liblinear.
 */
import type { SparseRows } from './features';
import { seeded } from '../util/random';

export interface Example {
  readonly row: number;
  readonly label: 1 | -1;
  /** Multiplies the example's C (a dismissed paper counts as much as a liked one); default 1. */
  readonly weight?: number;
}

export interface SvmOptions {
  /** The inverse of the regularisation's strength (default 0.01, as arxiv-sanity-lite). */
  readonly c?: number;
  /** Passes over the examples at most (default 200). */
  readonly maxEpochs?: number;
  /** Stops when the projected gradient's spread falls under this (default 1e-3). */
  readonly tolerance?: number;
  /** Seed of the order of visits, so a fit is reproducible. */
  readonly seed?: number;
}

export interface LinearModel {
  readonly weights: Float64Array;
  readonly bias: number;
  readonly epochs: number;
}

export function trainLinearSvm(rows: SparseRows, columnCount: number, examples: readonly Example[], options: SvmOptions = {}): LinearModel {
  const c = options.c ?? 0.01;
  const maxEpochs = options.maxEpochs ?? 200;
  const tolerance = options.tolerance ?? 1e-3;
  const { starts, columns, values } = rows;
  const n = examples.length;
  const positives = examples.filter(e => e.label === 1).length;
  const classC = { 1: (c * n) / (2 * Math.max(1, positives)), [-1]: (c * n) / (2 * Math.max(1, n - positives)) };

  // The examples as typed arrays: the loop below visits each one per epoch.
  const exampleRow = new Int32Array(n);
  const exampleLabel = new Float64Array(n);
  const weights = new Float64Array(columnCount);
  let bias = 0;
  const alpha = new Float64Array(n);
  const diagonal = new Float64Array(n); // D_ii = 1 / (2 C_i) for the squared hinge
  const qii = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const { row, label, weight } = examples[i];
    exampleRow[i] = row;
    exampleLabel[i] = label;
    diagonal[i] = 1 / (2 * classC[label] * (weight ?? 1));
    let squared = 1; // the bias feature
    for (let k = starts[row]; k < starts[row + 1]; k++) squared += values[k] * values[k];
    qii[i] = squared + diagonal[i];
  }
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const random = seeded(options.seed ?? 1);
  let epoch = 0;
  for (; epoch < maxEpochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const swapped = order[i];
      order[i] = order[j];
      order[j] = swapped;
    }
    let maxGradient = -Infinity;
    let minGradient = Infinity;
    for (let visit = 0; visit < n; visit++) {
      const i = order[visit];
      const row = exampleRow[i];
      const label = exampleLabel[i];
      const end = starts[row + 1];
      const margin = rowDot(weights, columns, values, starts[row], end, bias);
      const gradient = label * margin - 1 + diagonal[i] * alpha[i];
      const projected = alpha[i] === 0 ? Math.min(gradient, 0) : gradient;
      if (projected > maxGradient) maxGradient = projected;
      if (projected < minGradient) minGradient = projected;
      if (projected === 0) continue;
      const before = alpha[i];
      alpha[i] = Math.max(before - gradient / qii[i], 0);
      const step = (alpha[i] - before) * label;
      if (step === 0) continue;
      addRow(weights, columns, values, starts[row], end, step);
      bias += step;
    }
    if (maxGradient - minGradient < tolerance) {
      epoch += 1;
      break;
    }
  }
  return { weights, bias, epochs: epoch };
}

/** `start` plus the dot product of the weights with the entries `[from, to)` (in that order). */
function rowDot(weights: Float64Array, columns: Int32Array, values: Float32Array, from: number, to: number, start: number): number {
  let sum = start;
  for (let k = from; k < to; k++) sum += weights[columns[k]] * values[k];
  return sum;
}

/** Adds `step` times the entries `[from, to)` to the weights. */
function addRow(weights: Float64Array, columns: Int32Array, values: Float32Array, from: number, to: number, step: number): void {
  for (let k = from; k < to; k++) weights[columns[k]] += step * values[k];
}

/** The decision function of a model for one row. */
export function decision(model: LinearModel, rows: SparseRows, row: number): number {
  let score = model.bias;
  for (let k = rows.starts[row]; k < rows.starts[row + 1]; k++) score += model.weights[rows.columns[k]] * rows.values[k];
  return score;
}
