/**
 * Terms (non-negative integer codes of words and word pairs) counted per document and across the
 * corpus, the hot loop of the feature store: millions of codes go through `add`. Open addressing
 * in typed arrays, a term's statistics side by side (one cache line per term, not four arrays),
 * and each document's terms appended to flat arrays: a `Map` of that size, or an array per
 * document, spends most of its time growing and collecting garbage.
 */
export class TermCounts {
  /** Pairs of (code, id); code -1 when the slot is empty. */
  private table: Int32Array;
  private mask: number;
  /** Per id: document frequency, corpus frequency, last document seen in, index in `terms`. */
  private stats = new Int32Array(4 << 16);
  private count = 0;
  private document = -1;
  /** Each document's terms (ids) in order of first occurrence, documents one after another. */
  terms = new Int32Array(1 << 20);
  /** How often each of `terms` occurs in its document. */
  counts = new Int32Array(1 << 20);
  /** Used length of `terms` and `counts`. */
  used = 0;

  /** The id of each word term (codes below `words`), -1 before it is seen. */
  private readonly idOfWord: Int32Array;

  /** `words`: codes below this are words, counted through `addWord`. */
  constructor(words: number, capacity = 1 << 16) {
    this.idOfWord = new Int32Array(words).fill(-1);
    const slots = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.table = new Int32Array(slots * 2).fill(-1);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Terms added from now on belong to this document (documents in increasing order). */
  startDocument(document: number): void {
    this.document = document;
  }

  /**
   * Counts one occurrence of a word term, `code` in [0, `words`): an array lookup instead of a
   * hash. Gives the same ids as `add` would (one counter for both).
   */
  addWord(code: number): void {
    let id = this.idOfWord[code];
    if (id === -1) {
      id = this.idOf(code);
      this.idOfWord[code] = id;
    }
    this.occurs(id);
  }

  /** Counts one occurrence of a term (`code` in [0, 2^31)) in the current document. */
  add(code: number): void {
    this.occurs(this.idOf(code));
  }

  private idOf(code: number): number {
    const table = this.table;
    let slot = hash(code) & this.mask;
    for (;;) {
      const found = table[slot * 2];
      if (found === code) return table[slot * 2 + 1];
      if (found === -1) return this.insert(slot, code);
      slot = (slot + 1) & this.mask;
    }
  }

  private occurs(id: number): void {
    const stats = this.stats;
    const at = id * 4;
    stats[at + 1] += 1;
    if (stats[at + 2] !== this.document) {
      stats[at + 2] = this.document;
      stats[at] += 1;
      if (this.used === this.terms.length) {
        this.terms = grown(this.terms, 0);
        this.counts = grown(this.counts, 0);
      }
      stats[at + 3] = this.used;
      this.terms[this.used] = id;
      this.counts[this.used] = 1;
      this.used += 1;
    } else {
      this.counts[stats[at + 3]] += 1;
    }
  }

  documentFrequency(id: number): number {
    return this.stats[id * 4];
  }

  corpusFrequency(id: number): number {
    return this.stats[id * 4 + 1];
  }

  /** Every code, indexed by its id. */
  codesById(): Int32Array {
    const out = new Int32Array(this.count);
    for (let slot = 0; slot <= this.mask; slot++) if (this.table[slot * 2] !== -1) out[this.table[slot * 2 + 1]] = this.table[slot * 2];
    return out;
  }

  private insert(slot: number, code: number): number {
    const id = this.count++;
    this.table[slot * 2] = code;
    this.table[slot * 2 + 1] = id;
    if (this.count * 4 > this.stats.length) this.stats = grown(this.stats, 0);
    this.stats[id * 4 + 2] = -1;
    if (this.count * 2 > this.mask + 1) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    this.table = new Int32Array(slots * 2).fill(-1);
    this.mask = slots - 1;
    for (let k = 0; k < old.length; k += 2) {
      if (old[k] === -1) continue;
      let slot = hash(old[k]) & this.mask;
      while (this.table[slot * 2] !== -1) slot = (slot + 1) & this.mask;
      this.table[slot * 2] = old[k];
      this.table[slot * 2 + 1] = old[k + 1];
    }
  }
}

/** A multiplicative hash: term codes are sequential-ish and would cluster under the identity. */
function hash(code: number): number {
  const h = Math.imul(code, 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}

function grown(array: Int32Array<ArrayBuffer>, fill: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(array.length * 2);
  if (fill !== 0) out.fill(fill);
  out.set(array);
  return out;
}
