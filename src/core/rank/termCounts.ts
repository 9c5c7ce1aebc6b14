/**
 * Terms (words and word pairs, as non-negative integer codes) counted per document and across the
 * corpus: the hot loop of the feature store, millions of codes. One function with its state in
 * local typed arrays (no closure over reassigned variables), open addressing for the pairs, an
 * array index for the words, a term's statistics side by side, and each document's terms
 * appended to flat arrays: a `Map` of that size, or an array per document, spends most of its
 * time growing and collecting garbage. Most of the time left is memory latency (random reads of
 * the table, the statistics and the pair sketch).
 */

export interface TermCounts {
  /** Each term's code, by id (ids in order of first occurrence); doubles, exact below 2^53. */
  readonly codes: Float64Array;
  /** Per id: the papers it occurs in, and its occurrences in the corpus. */
  readonly documentFrequency: Int32Array;
  readonly corpusFrequency: Int32Array;
  /** Document d's terms (ids, in order of first occurrence) are `terms[starts[d]..starts[d+1])`. */
  readonly starts: Int32Array;
  readonly terms: Int32Array;
  /** How often each of `terms` occurs in its document. */
  readonly counts: Int32Array;
}

export interface WordSequences {
  /** Word ids, -1 between fields (no pair spans it); document d's are `ids[starts[d]..starts[d+1])`. */
  readonly ids: Int32Array;
  readonly starts: Int32Array;
}

export interface TermCoding {
  /** Each word id's code as a term, -1 for a word left out. */
  readonly dense: Int32Array;
  /** Word codes are below this; a pair (a, b) is `pairBase * (a + 1) + b`. */
  readonly pairBase: number;
  /**
   * Pairs whose sketched count (`pairSketch`) is under `minCount` are left out: too rare to keep.
   * Leaving terms out changes no kept term (ids are not part of the store, and a document's kept
   * terms stay in their order).
   */
  readonly rarePairs?: { readonly sketch: Uint8Array; readonly minCount: number };
}

/**
 * Counts the words and pairs of each document: words through an array by code, pairs through an
 * open-addressing table of doubles (a pair's code passes 2^31 once more than 46,340 words are
 * frequent enough to pair, about 50k papers: in 32 bits it wrapped and could meet another term).
 */
export function countTerms(sequences: WordSequences, coding: TermCoding): TermCounts {
  const { ids, starts: sequenceStarts } = sequences;
  const { dense, pairBase } = coding;
  const sketch = coding.rarePairs?.sketch;
  const minCount = coding.rarePairs?.minCount ?? 0;
  const documents = sequenceStarts.length - 1;
  const idOfWord = new Int32Array(pairBase).fill(-1);
  let table = new Float64Array(2 << 18).fill(-1); // pairs of (code, id), code -1 when empty
  let mask = (1 << 18) - 1;
  let stats = new Int32Array(4 << 16); // per id: df, total, last document seen in, index in terms
  let size = 0;
  let terms = new Int32Array(1 << 20);
  let counts = new Int32Array(1 << 20);
  let used = 0;
  const starts = new Int32Array(documents + 1);
  for (let doc = 0; doc < documents; doc++) {
    let previous = -1;
    for (let k = sequenceStarts[doc]; k < sequenceStarts[doc + 1]; k++) {
      const wordId = ids[k];
      const word = wordId >= 0 ? dense[wordId] : -1;
      const pair = word >= 0 && previous >= 0 ? pairBase + previous * pairBase + word : -1;
      previous = word;
      if (word < 0) continue;
      // The word, then the pair it ends (if any).
      for (let kind = 0; kind < 2; kind++) {
        let id = -1;
        let code = word;
        if (kind === 0) {
          id = idOfWord[word];
        } else {
          if (pair < 0 || (sketch !== undefined && sketch[sketchCell(pair)] < minCount)) break;
          code = pair;
        }
        if (id < 0) {
          let slot = hash(code) & mask;
          for (;;) {
            const found = table[slot * 2];
            if (found === code) {
              id = table[slot * 2 + 1];
              break;
            }
            if (found === -1) {
              id = size++;
              table[slot * 2] = code;
              table[slot * 2 + 1] = id;
              if (size * 4 > stats.length) stats = grown(stats);
              stats[id * 4 + 2] = -1;
              if (size * 2 > mask + 1) {
                table = rehashed(table);
                mask = table.length / 2 - 1;
              }
              break;
            }
            slot = (slot + 1) & mask;
          }
          if (kind === 0) idOfWord[word] = id;
        }
        const at = id * 4;
        stats[at + 1] += 1;
        if (stats[at + 2] !== doc) {
          stats[at + 2] = doc;
          stats[at] += 1;
          if (used === terms.length) {
            terms = grown(terms);
            counts = grown(counts);
          }
          stats[at + 3] = used;
          terms[used] = id;
          counts[used] = 1;
          used += 1;
        } else {
          counts[stats[at + 3]] += 1;
        }
      }
    }
    starts[doc + 1] = used;
  }

  const codes = new Float64Array(size);
  for (let slot = 0; slot < table.length; slot += 2) if (table[slot] !== -1) codes[table[slot + 1]] = table[slot];
  const documentFrequency = new Int32Array(size);
  const corpusFrequency = new Int32Array(size);
  for (let id = 0; id < size; id++) {
    documentFrequency[id] = stats[id * 4];
    corpusFrequency[id] = stats[id * 4 + 1];
  }
  return { codes, documentFrequency, corpusFrequency, starts, terms, counts };
}

/**
 * How often each word pair occurs at most, by a one-row count-min sketch: a count per cell of a
 * hash of the pair, so never under the pair's own count (saturating at 255). Nine pairs in ten
 * occur fewer than `minDf` times; counting them exactly would fill the table with a million terms
 * only to drop them.
 */
export function pairSketch(sequences: WordSequences, coding: TermCoding): Uint8Array {
  const { ids, starts } = sequences;
  const { dense, pairBase } = coding;
  const sketch = new Uint8Array(1 << SKETCH_BITS);
  let previous = -1;
  for (let k = 0; k < starts[starts.length - 1]; k++) {
    const id = ids[k];
    const word = id >= 0 ? dense[id] : -1;
    if (word >= 0 && previous >= 0) {
      const cell = sketchCell(pairBase + previous * pairBase + word);
      if (sketch[cell] < 255) sketch[cell] += 1;
    }
    previous = word;
  }
  return sketch;
}

const SKETCH_BITS = 22;

function sketchCell(code: number): number {
  return Math.imul(code, 0x85ebca6b) >>> (32 - SKETCH_BITS);
}

/**
 * A multiplicative hash: term codes are sequential-ish and would cluster under the identity. A
 * code past 2^32 mixes its high part in (below it, the hash is what it always was).
 */
function hash(code: number): number {
  const high = code >= 4294967296 ? Math.imul(Math.floor(code / 4294967296), 0x85ebca6b) : 0;
  const h = Math.imul((code % 4294967296) | 0, 0x9e3779b1) ^ high;
  return (h ^ (h >>> 15)) >>> 0;
}

function rehashed(table: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const out = new Float64Array(table.length * 2).fill(-1);
  const mask = out.length / 2 - 1;
  for (let k = 0; k < table.length; k += 2) {
    if (table[k] === -1) continue;
    let slot = hash(table[k]) & mask;
    while (out[slot * 2] !== -1) slot = (slot + 1) & mask;
    out[slot * 2] = table[k];
    out[slot * 2 + 1] = table[k + 1];
  }
  return out;
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const out = new Int32Array(array.length * 2);
  out.set(array);
  return out;
}
