/**
 * "For you": a model of the writer's taste fitted on the feature store (arxiv-sanity-lite's
 * serve.py step), and the ranking of new papers by it, each with why. Liked papers (starred,
 * cited, noted) are the positives; dismissed ones are negatives that count as much as a liked one;
 * every other paper of the corpus is an implicit negative, except the papers being ranked (they
 * are unread, not rejected). With fewer than `MIN_LIKED_FOR_MODEL` liked papers there is nothing to
 * learn from: papers are ranked by their similarity to the liked ones (`rankingBasis` says which,
 * once for the list; each paper's why gives only its own reasons).
 */
import { explainByWeights, likeTitle, sharedTerms } from './explain';
import { textVector, type FeatureStore } from './features';
import { decision, trainLinearSvm, type Example, type LinearModel } from './svm';
import { cosineToRows, termDot } from './vectors';

/** The writer's taste. Sets of paper keys; a key not in the store is ignored. */
export interface Taste {
  /** Starred, cited in a draft or bibliography, or with a literature note. */
  readonly liked: ReadonlySet<string>;
  /** Dismissed: explicit negatives. */
  readonly dismissed?: ReadonlySet<string>;
}

export interface FitOptions {
  /** Keys neither positive nor negative: the papers about to be ranked. */
  readonly unlabeled?: ReadonlySet<string>;
  /** The SVM's C (default `DEFAULT_C`; arxiv-sanity-lite uses 0.01 on words alone). */
  readonly c?: number;
}

/** Below this many liked papers, rank by similarity instead of fitting a model. */
export const MIN_LIKED_FOR_MODEL = 5;
/** Chosen on earlier periods of the real crawl (bench/rank.ts), with the signals' value. */
export const DEFAULT_C = 0.1;

export type TasteModel =
  | { readonly kind: 'model'; readonly model: LinearModel; readonly likedRows: readonly number[] }
  | { readonly kind: 'similarity'; readonly likedRows: readonly number[] }
  | { readonly kind: 'empty' };

export interface RankedPaper {
  readonly key: string;
  readonly score: number;
  /** Reasons, strongest first: `because of: …`, signals, `like: <title>`. */
  readonly why: readonly string[];
}

export interface RankOptions {
  /** Explain only the best this many (explaining costs a pass over the liked papers each); default all. */
  readonly explain?: number;
}

export function fitTaste(store: FeatureStore, taste: Taste, options: FitOptions = {}): TasteModel {
  const rowsOf = (keys: ReadonlySet<string> | undefined) =>
    [...(keys ?? [])].map(key => store.rowOf.get(key)).filter((row): row is number => row !== undefined);
  const likedRows = [...new Set(rowsOf(taste.liked))].sort((a, b) => a - b);
  if (likedRows.length === 0) return { kind: 'empty' };
  if (likedRows.length < MIN_LIKED_FOR_MODEL) return { kind: 'similarity', likedRows };
  const liked = new Set(likedRows);
  const dismissed = new Set(rowsOf(taste.dismissed));
  const unlabeled = new Set(rowsOf(options.unlabeled));
  const examples: Example[] = [];
  for (let row = 0; row < store.documents.length; row++) {
    if (liked.has(row)) examples.push({ row, label: 1 });
    else if (dismissed.has(row)) examples.push({ row, label: -1, weight: 0 });
    else if (!unlabeled.has(row)) examples.push({ row, label: -1 });
  }
  // A dismissed paper's C is a liked paper's: the weight is the ratio of the balanced classes' C.
  const negatives = examples.length - likedRows.length;
  const dismissedWeight = negatives / likedRows.length;
  const weighted = examples.map(example => (example.weight === 0 ? { ...example, weight: dismissedWeight } : example));
  const model = trainLinearSvm(store.rows, store.columnNames.length, weighted, { c: options.c ?? DEFAULT_C });
  return { kind: 'model', model, likedRows };
}

/** The candidates (keys; unknown ones skipped), best first, each with why. */
export function rankByTaste(
  store: FeatureStore,
  taste: TasteModel,
  candidates: readonly string[],
  options: RankOptions = {},
): RankedPaper[] {
  if (taste.kind === 'empty') return [];
  const rows = uniqueRows(store, candidates);
  const scored =
    taste.kind === 'model'
      ? rows.map(row => ({ row, score: decision(taste.model, store.rows, row) }))
      : rows.map(row => ({ row, score: Math.max(...cosineToRows(store, row, taste.likedRows)) }));
  scored.sort((a, b) => b.score - a.score || a.row - b.row);
  const explainCount = options.explain ?? scored.length;
  return scored.map(({ row, score }, i) => {
    const key = store.documents[row].key;
    if (i >= explainCount) return { key, score, why: [] };
    const why =
      taste.kind === 'model'
        ? [...explainByWeights(store, taste.model.weights, row), ...likeTitle(store, row, taste.likedRows)]
        : [...sharedTermsWith(store, row, taste.likedRows), ...likeTitle(store, row, taste.likedRows)];
    // A paper with nothing in common with the liked ones says that too: every ranked paper says why.
    return { key, score, why: why.length > 0 ? why : [NOTHING_IN_COMMON] };
  });
}

/**
 * How a list ranked from `likedCount` liked papers was ranked, said once above it (not on every
 * paper): `ranked by similarity to your 3 liked papers (a model needs 5)` or `ranked by a model
 * learned from your 12 liked papers`.
 */
export function rankingBasis(likedCount: number): string {
  const liked = likedCount === 1 ? '1 liked paper' : `${likedCount} liked papers`;
  return likedCount < MIN_LIKED_FOR_MODEL
    ? `ranked by similarity to your ${liked} (a model needs ${MIN_LIKED_FOR_MODEL})`
    : `ranked by a model learned from your ${liked}`;
}

/** The why of a paper that shares no word or signal with what the writer likes. */
export const NOTHING_IN_COMMON = 'nothing in common with the papers you like';

/** "Relevant to this draft": the candidates by similarity to a text, with the terms they share. */
export function rankByText(store: FeatureStore, text: string, candidates: readonly string[]): RankedPaper[] {
  const vector = textVector(store, text);
  if (vector.columns.length === 0) return [];
  const scored = uniqueRows(store, candidates).map(row => ({ row, score: termDot(store, row, vector) }));
  scored.sort((a, b) => b.score - a.score || a.row - b.row);
  return scored
    .filter(({ score }) => score > 0)
    .map(({ row, score }) => {
      const terms = sharedTerms(store, row, vector);
      return { key: store.documents[row].key, score, why: terms.length > 0 ? [`in this draft: ${terms.join(', ')}`] : [] };
    });
}

function sharedTermsWith(store: FeatureStore, row: number, likedRows: readonly number[]): string[] {
  const similarities = cosineToRows(store, row, likedRows);
  const best = likedRows[similarities.indexOf(Math.max(...similarities))];
  const { starts, columns, values } = store.rows;
  const vector = { columns: columns.subarray(starts[best], starts[best + 1]), values: values.subarray(starts[best], starts[best + 1]) };
  const terms = sharedTerms(store, row, vector);
  return terms.length > 0 ? [`because of: ${terms.join(', ')}`] : [];
}

function uniqueRows(store: FeatureStore, keys: readonly string[]): number[] {
  const rows = new Set<number>();
  for (const key of keys) {
    const row = store.rowOf.get(key);
    if (row !== undefined) rows.add(row);
  }
  return [...rows];
}
