/**
 * The feature store: every paper of a corpus as one sparse vector, computed once per corpus and
 * reused by every fit (arxiv-sanity-lite's compute.py step). Words and word pairs of the title,
 * abstract and author names as tf-idf (sublinear tf, smoothed idf, document-frequency bounds, the
 * most frequent `maxTerms` kept, l2-normalised), then the signals of `signals.ts` as extra columns.
 */
import type { RankDocument } from './document';
import { signalsOf, SIGNAL_VALUE, type SignalKinds } from './signals';
import { countTerms, pairSketch, type TermCounts } from './termCounts';
import { rankWords, STOP_WORDS } from './tokenize';
import { WordIds, WordSequence } from './wordIds';

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

export function buildFeatureStore(documents: readonly RankDocument[], options: FeatureOptions = {}): FeatureStore {
  const n = documents.length;
  const minDf = options.minDf ?? Math.max(1, Math.min(5, Math.floor(n / 50)));
  const maxDf = Math.max(minDf, Math.floor((options.maxDfShare ?? 0.1) * n));
  const maxTerms = options.maxTerms ?? 20_000;

  // Pass 1: words as ids (function words dropped), each field's ended by -1 so no pair spans two
  // fields, and each word's document frequency.
  const vocabulary = new WordIds(STOP_WORDS);
  const sequence = new WordSequence(vocabulary, vocabulary.size);
  const sequenceStart = new Int32Array(n + 1);
  let wordDf = new Int32Array(1 << 14);
  let wordSeenIn = new Int32Array(1 << 14).fill(-1);
  for (let doc = 0; doc < n; doc++) {
    const document = documents[doc];
    sequence.append(document.title);
    sequence.append(document.abstract);
    for (const author of document.authors) sequence.append(author);
    const ids = sequence.ids;
    if (vocabulary.size > wordDf.length) [wordDf, wordSeenIn] = [grown(wordDf, 0, vocabulary.size), grown(wordSeenIn, -1, vocabulary.size)];
    for (let k = sequenceStart[doc]; k < sequence.length; k++) {
      const id = ids[k];
      if (id < 0 || wordSeenIn[id] === doc) continue;
      wordSeenIn[id] = doc;
      wordDf[id] += 1;
    }
    sequenceStart[doc + 1] = sequence.length;
  }
  const words = vocabulary.words.slice(STOP_WORDS.size);

  // A pair is never more frequent than its rarer word: words under minDf cannot make a kept pair,
  // which keeps the pair codes small.
  const dense = new Int32Array(words.length).fill(-1);
  let denseCount = 0;
  for (let id = 0; id < words.length; id++) if (wordDf[id] >= minDf) dense[id] = denseCount++;
  const denseWord = new Int32Array(denseCount);
  for (let id = 0; id < words.length; id++) if (dense[id] >= 0) denseWord[dense[id]] = id;
  const pairBase = denseCount + 1;

  // Pass 2: each paper's terms (words, and pairs coded `pairBase * (first + 1) + second`) with
  // their counts, and document and corpus frequencies by term.
  const sequences = { ids: sequence.ids, starts: sequenceStart };
  const coding = { dense, pairBase };
  const sketched = minDf > 1 && minDf <= 255;
  const counts = countTerms(
    sequences,
    sketched ? { ...coding, rarePairs: { sketch: pairSketch(sequences, coding), minCount: minDf } } : coding,
  );
  const { codes } = counts;
  const kept = mostFrequent(counts, minDf, maxDf, maxTerms);
  const columnOfTerm = new Int32Array(codes.length).fill(-1);
  const columnNames: string[] = [];
  const idf = new Float32Array(kept.length);
  const nameOf = (code: number) =>
    code < pairBase ? words[denseWord[code]] : `${words[denseWord[Math.floor(code / pairBase) - 1]]} ${words[denseWord[code % pairBase]]}`;
  for (const id of kept) {
    columnOfTerm[id] = columnNames.length;
    idf[columnNames.length] = Math.log((1 + n) / (1 + counts.documentFrequency[id])) + 1;
    columnNames.push(nameOf(codes[id]));
  }
  const termColumns = columnNames.length;

  // Each paper's signals as columns, numbered in order of first sight.
  const signalColumn = new Map<string, number>();
  const signalLabels: string[] = [];
  const signalStart = new Int32Array(n + 1);
  const signalColumns: number[] = [];
  if (options.signals !== false) {
    for (let doc = 0; doc < n; doc++) {
      for (const signal of signalsOf(documents[doc], options.signalKinds)) {
        let column = signalColumn.get(signal.name);
        if (column === undefined) {
          column = columnNames.length;
          signalColumn.set(signal.name, column);
          columnNames.push(signal.name);
          signalLabels.push(signal.label);
        }
        signalColumns.push(column);
      }
      signalStart[doc + 1] = signalColumns.length;
    }
  }

  // Each row's columns ascending (a typed sort in place), its values through a scratch array by
  // column. The norm sums the terms in order of first occurrence, as it always has: the order of
  // a floating-point sum is part of the store's exact values. Rows are written into arrays sized
  // for every term, then cut to what was kept.
  const starts = new Int32Array(n + 1);
  const columns = new Int32Array(counts.starts[n] + signalColumns.length);
  const values = new Float32Array(columns.length);
  const scratch = new Float64Array(termColumns);
  const { terms, counts: termCounts } = counts;
  let at = 0;
  for (let row = 0; row < n; row++) {
    const rowStart = at;
    let norm = 0;
    for (let k = counts.starts[row]; k < counts.starts[row + 1]; k++) {
      const column = columnOfTerm[terms[k]];
      if (column === -1) continue;
      const value = (1 + Math.log(termCounts[k])) * idf[column];
      scratch[column] = value;
      columns[at++] = column;
      norm += value * value;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    columns.subarray(rowStart, at).sort();
    for (let k = rowStart; k < at; k++) values[k] = scratch[columns[k]] * scale;
    for (let k = signalStart[row]; k < signalStart[row + 1]; k++) {
      columns[at] = signalColumns[k];
      values[at++] = SIGNAL_VALUE;
    }
    starts[row + 1] = at;
  }

  const termColumn = new Map<string, number>();
  for (let c = 0; c < termColumns; c++) termColumn.set(columnNames[c], c);
  return {
    documents,
    rowOf: new Map(documents.map((document, row) => [document.key, row])),
    rows: { starts, columns: columns.slice(0, at), values: values.slice(0, at) },
    columnNames,
    termColumns,
    signalLabels,
    idf,
    termColumn,
  };
}

/**
 * The ids of the terms within the document-frequency bounds, the most frequent across the corpus
 * first, ties by code so the choice is stable; at most `maxTerms`. Sorted as one number per term
 * (a typed sort, no comparator) when the frequencies are small enough to pack with the code.
 */
function mostFrequent(counts: TermCounts, minDf: number, maxDf: number, maxTerms: number): number[] {
  const { codes } = counts;
  const kept: number[] = [];
  let maxTotal = 0;
  for (let id = 0; id < codes.length; id++) {
    const df = counts.documentFrequency[id];
    if (df < minDf || df > maxDf) continue;
    kept.push(id);
    maxTotal = Math.max(maxTotal, counts.corpusFrequency[id]);
  }
  // The packed keys below hold a code in 32 bits: past 2^31 (more than 46,340 words that pair)
  // the comparator sorts instead, by the same rule.
  const idOfCode = new Map<number, number>();
  let maxCode = 0;
  for (const id of kept) {
    idOfCode.set(codes[id], id);
    maxCode = Math.max(maxCode, codes[id]);
  }
  if (maxTotal >= 2 ** 20 || maxCode >= 2 ** 31) {
    kept.sort((a, b) => counts.corpusFrequency[b] - counts.corpusFrequency[a] || codes[a] - codes[b]);
    return kept.slice(0, maxTerms);
  }
  // (maxTotal - total) · 2^32 + (code + 2^31) < 2^53: exact in a double, and ascending as wanted.
  const keys = new Float64Array(kept.length);
  for (let k = 0; k < kept.length; k++) {
    const id = kept[k];
    keys[k] = (maxTotal - counts.corpusFrequency[id]) * 2 ** 32 + (codes[id] + 2 ** 31);
  }
  keys.sort();
  const top = Math.min(kept.length, maxTerms);
  const out: number[] = new Array(top);
  for (let k = 0; k < top; k++) out[k] = idOfCode.get((keys[k] % 2 ** 32) - 2 ** 31)!;
  return out;
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

function grown(array: Int32Array<ArrayBuffer>, fill: number, atLeast: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(Math.max(array.length * 2, atLeast)).fill(fill);
  out.set(array);
  return out;
}
