/**
 * Dense ids for non-negative integer keys (term codes), by open addressing in typed arrays: the
 * feature store looks up millions of word-pair codes, and a `Map` of that size spends most of its
 * time growing and collecting garbage.
 */
export class IntIds {
  private keys: Int32Array;
  private ids: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1 << 16) {
    const size = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.keys = new Int32Array(size).fill(-1);
    this.ids = new Int32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The key's id, given the next free id when it is new. `key` must be in [0, 2^31). */
  idOf(key: number): number {
    let slot = hash(key) & this.mask;
    for (;;) {
      const found = this.keys[slot];
      if (found === key) return this.ids[slot];
      if (found === -1) break;
      slot = (slot + 1) & this.mask;
    }
    const id = this.count++;
    this.keys[slot] = key;
    this.ids[slot] = id;
    if (this.count * 2 > this.keys.length) this.grow();
    return id;
  }

  /** Every key, indexed by its id. */
  keysById(): Int32Array {
    const out = new Int32Array(this.count);
    for (let slot = 0; slot < this.keys.length; slot++) if (this.keys[slot] !== -1) out[this.ids[slot]] = this.keys[slot];
    return out;
  }

  private grow(): void {
    const { keys, ids } = this;
    this.keys = new Int32Array(keys.length * 2).fill(-1);
    this.ids = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    for (let slot = 0; slot < keys.length; slot++) {
      if (keys[slot] === -1) continue;
      let at = hash(keys[slot]) & this.mask;
      while (this.keys[at] !== -1) at = (at + 1) & this.mask;
      this.keys[at] = keys[slot];
      this.ids[at] = ids[slot];
    }
  }
}

/** A multiplicative hash: term codes are sequential-ish and would cluster under the identity. */
function hash(key: number): number {
  const h = Math.imul(key, 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}
