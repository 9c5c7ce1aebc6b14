/**
 * The feature store: every paper of a corpus as one sparse vector, computed once per corpus and
 * reused by every fit (arxiv-sanity-lite's compute.py step). Words and word pairs of the title,
 * abstract and author names as tf-idf (sublinear tf, smoothed idf, document-frequency bounds, the
 * most frequent `maxTerms` kept, l2-normalised), then the signals of `signals.ts` as extra columns.
 */
import type { RankDocument } from './document';
import { signalsOf, SIGNAL_VALUE, type SignalKinds } from './signals';
import { IntIds } from './intIds';
import { allWords, rankWords, STOP_WORDS } from './tokenize';

export interface FeatureOptions {
  /** A term must occur in at least this many papers (default 5, or fewer in a small corpus). */
  readonly minDf?: number;
  /** A term in more than this share of papers says nothing (default 0.1). */
  readonly maxDfShare?: number;
  /** The most frequent terms kept (default 20,000). */
  readonly maxTerms?: number;
  /** Adds the signals beyond words as columns (default true; false gives arxiv-sanity-lite's features). */
  readonly signals?: boolean;
  readonly signalKinds?: SignalKinds;
}

/** Rows of sparse vectors: row r's entries are `columns[starts[r]..starts[r+1])`. */
export interface SparseRows {
  readonly starts: Int32Array;
  readonly columns: Int32Array;
  readonly values: Float32Array;
}

export interface FeatureStore {
  readonly documents: readonly RankDocument[];
  readonly rowOf: ReadonlyMap<string, number>;
  readonly rows: SparseRows;
  /** Column names: terms (`circuits`, `sparse autoencoders`), then signals (`signal:code`). */
  readonly columnNames: readonly string[];
  /** Columns below this are terms; the rest are signals. */
  readonly termColumns: number;
  /** How each signal column is said in an explanation. */
  readonly signalLabels: readonly string[];
  readonly idf: Float32Array;
  readonly termColumn: ReadonlyMap<string, number>;
}

/** Word ids of each field of a paper; -1 separates fields so no pair spans two. */
function fieldsOf(document: RankDocument): string[] {
  return [document.title, document.abstract, ...document.authors];
}

export function buildFeatureStore(documents: readonly RankDocument[], options: FeatureOptions = {}): FeatureStore {
  const n = documents.length;
  const minDf = options.minDf ?? Math.max(1, Math.min(5, Math.floor(n / 50)));
  const maxDf = Math.max(minDf, Math.floor((options.maxDfShare ?? 0.1) * n));
  const maxTerms = options.maxTerms ?? 20_000;

  // Pass 1: words as ids, and each word's document frequency. Function words get the id -2, so
  // one lookup both drops them and finds a word's id.
  const wordId = new Map<string, number>([...STOP_WORDS].map(word => [word, -2]));
  const words: string[] = [];
  const wordDf: number[] = [];
  const wordSeenIn: number[] = [];
  const sequences: Int32Array[] = [];
  for (const document of documents) {
    const ids: number[] = [];
    for (const field of fieldsOf(document)) {
      for (const word of allWords(field)) {
        let id = wordId.get(word);
        if (id === -2) continue;
        if (id === undefined) {
          id = words.length;
          wordId.set(word, id);
          words.push(word);
          wordDf.push(0);
          wordSeenIn.push(-1);
        }
        ids.push(id);
      }
      ids.push(-1);
    }
    const sequence = Int32Array.from(ids);
    const doc = sequences.length;
    for (const id of sequence) {
      if (id < 0 || wordSeenIn[id] === doc) continue;
      wordSeenIn[id] = doc;
      wordDf[id] += 1;
    }
    sequences.push(sequence);
  }

  // A pair is never more frequent than its rarer word: words under minDf cannot make a kept pair,
  // which keeps the pair ids small (a small integer key is fast in a Map).
  const dense = new Int32Array(words.length).fill(-1);
  let denseCount = 0;
  for (let id = 0; id < words.length; id++) if (wordDf[id] >= minDf) dense[id] = denseCount++;
  const denseWord: number[] = new Array(denseCount);
  for (let id = 0; id < words.length; id++) if (dense[id] >= 0) denseWord[dense[id]] = id;
  const pairBase = denseCount + 1;

  // Pass 2: each paper's terms (words and pairs) with their counts, by dense term id; document and
  // corpus frequencies by term id. Typed arrays throughout: this is the hot loop of the store.
  const termIds = new IntIds(1 << 18);
  let df = new Int32Array(1 << 18);
  let total = new Int32Array(1 << 18);
  let seenIn = new Int32Array(1 << 18).fill(-1);
  let slotIn = new Int32Array(1 << 18);
  const docTerms: Int32Array[] = [];
  const docCounts: Int32Array[] = [];
  const terms: number[] = [];
  const tf: number[] = [];
  sequences.forEach((sequence, doc) => {
    terms.length = 0;
    tf.length = 0;
    const count = (code: number) => {
      const id = termIds.idOf(code);
      if (id >= df.length) [df, total, seenIn, slotIn] = [grown(df, 0), grown(total, 0), grown(seenIn, -1), grown(slotIn, 0)];
      total[id] += 1;
      if (seenIn[id] !== doc) {
        seenIn[id] = doc;
        df[id] += 1;
        slotIn[id] = terms.length;
        terms.push(id);
        tf.push(1);
      } else {
        tf[slotIn[id]] += 1;
      }
    };
    let previous = -1;
    for (const id of sequence) {
      const word = id >= 0 ? dense[id] : -1;
      if (word >= 0) {
        count(word);
        if (previous >= 0) count(pairBase + previous * pairBase + word);
      }
      previous = word;
    }
    docTerms.push(Int32Array.from(terms));
    docCounts.push(Int32Array.from(tf));
  });

  const codes = termIds.keysById();
  const kept: number[] = [];
  for (let id = 0; id < codes.length; id++) if (df[id] >= minDf && df[id] <= maxDf) kept.push(id);
  // The most frequent terms across the corpus; ties by code so the choice is stable.
  kept.sort((a, b) => total[b] - total[a] || codes[a] - codes[b]);
  kept.length = Math.min(kept.length, maxTerms);
  const columnOfTerm = new Int32Array(codes.length).fill(-1);
  const columnNames: string[] = [];
  const idfValues: number[] = [];
  const nameOf = (code: number) =>
    code < pairBase ? words[denseWord[code]] : `${words[denseWord[Math.floor(code / pairBase) - 1]]} ${words[denseWord[code % pairBase]]}`;
  for (const id of kept) {
    columnOfTerm[id] = columnNames.length;
    columnNames.push(nameOf(codes[id]));
    idfValues.push(Math.log((1 + n) / (1 + df[id])) + 1);
  }
  const termColumns = columnNames.length;
  const idf = Float32Array.from(idfValues);

  const signalColumn = new Map<string, number>();
  const signalLabels: string[] = [];
  const documentSignals = options.signals === false ? documents.map(() => []) : documents.map(d => signalsOf(d, options.signalKinds));
  for (const signals of documentSignals) {
    for (const signal of signals) {
      if (signalColumn.has(signal.name)) continue;
      signalColumn.set(signal.name, columnNames.length);
      columnNames.push(signal.name);
      signalLabels.push(signal.label);
    }
  }

  const starts = new Int32Array(n + 1);
  const columns: number[] = [];
  const values: number[] = [];
  // Each row's columns ascending (a typed sort), its values through a scratch array by column.
  const scratch = new Float64Array(termColumns);
  docTerms.forEach((termsOfDoc, row) => {
    const rowColumns: number[] = [];
    let norm = 0;
    for (let k = 0; k < termsOfDoc.length; k++) {
      const column = columnOfTerm[termsOfDoc[k]];
      if (column === -1) continue;
      const value = (1 + Math.log(docCounts[row][k])) * idf[column];
      scratch[column] = value;
      rowColumns.push(column);
      norm += value * value;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const sorted = Int32Array.from(rowColumns).sort();
    for (const column of sorted) {
      columns.push(column);
      values.push(scratch[column] * scale);
    }
    for (const signal of documentSignals[row]) {
      columns.push(signalColumn.get(signal.name)!);
      values.push(SIGNAL_VALUE);
    }
    starts[row + 1] = columns.length;
  });

  const termColumn = new Map<string, number>();
  for (let c = 0; c < termColumns; c++) termColumn.set(columnNames[c], c);
  return {
    documents,
    rowOf: new Map(documents.map((document, row) => [document.key, row])),
    rows: { starts, columns: Int32Array.from(columns), values: Float32Array.from(values) },
    columnNames,
    termColumns,
    signalLabels,
    idf,
    termColumn,
  };
}

/**
 * Any text (a draft) as a vector of the store's terms, l2-normalised, signals left out: what the
 * draft is about, in the corpus's own terms. Returns sorted columns and their values.
 */
export function textVector(store: FeatureStore, text: string): { columns: Int32Array; values: Float32Array } {
  const count = new Map<number, number>();
  const add = (term: string) => {
    const column = store.termColumn.get(term);
    if (column !== undefined) count.set(column, (count.get(column) ?? 0) + 1);
  };
  for (const paragraph of text.split(/\n\s*\n/)) {
    const words = rankWords(paragraph);
    words.forEach((word, i) => {
      add(word);
      if (i > 0) add(`${words[i - 1]} ${word}`);
    });
  }
  const entries = [...count].map(([column, c]) => [column, (1 + Math.log(c)) * store.idf[column]] as const);
  entries.sort((a, b) => a[0] - b[0]);
  const norm = Math.sqrt(entries.reduce((sum, [, v]) => sum + v * v, 0)) || 1;
  return { columns: Int32Array.from(entries.map(e => e[0])), values: Float32Array.from(entries.map(e => e[1] / norm)) };
}

function grown(array: Int32Array<ArrayBuffer>, fill: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(array.length * 2).fill(fill);
  out.set(array);
  return out;
}
