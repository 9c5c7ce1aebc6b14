/**
 * The words of a corpus as ids, read straight from the text's char codes: the feature store reads
 * millions of words, and making each one a string (`match`) to look it up in a `Map` was most of
 * its first pass. A word becomes a string once, when it is first seen.
 *
 * The words are those of `allWords` (tokenize.ts), exactly: lowercased, accents folded, runs of
 * `[a-z_][a-z0-9_]+`. ASCII text (nearly all of a digest) is scanned here; any other text goes
 * through `allWords` itself, so folding stays in one place.
 */
import { allWords } from './tokenize';

const NON_ASCII = /[^\x00-\x7f]/;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Words (ASCII strings) as dense ids, in order of first sight; `reserved` words come first. */
export class WordIds {
  /** Open addressing: id + 1 per slot, 0 when empty. */
  private slots = new Int32Array(1 << 16);
  private mask = (1 << 16) - 1;
  private hashes = new Int32Array(1 << 12);
  private starts = new Int32Array(1 << 12);
  private lengths = new Int32Array(1 << 12);
  /** Every word's char codes, one after another. */
  private chars = new Uint8Array(1 << 16);
  private charsUsed = 0;
  readonly words: string[] = [];

  constructor(reserved: Iterable<string> = []) {
    for (const word of reserved) this.idOfWord(word);
  }

  get size(): number {
    return this.words.length;
  }

  /** The id of a word given as a string (ASCII). */
  idOfWord(word: string): number {
    let hash = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), FNV_PRIME);
    return this.idOf(word, 0, word.length, hash);
  }

  /**
   * The id of `text[start..end)`, whose char codes hash to `hash` (FNV-1a as `idOfWord`); `text`
   * must be lower case ASCII there. A new word is added.
   */
  idOf(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    let slot = mix(hash) & this.mask;
    for (;;) {
      const found = this.slots[slot] - 1;
      if (found < 0) break;
      if (this.hashes[found] === hash && this.lengths[found] === length && this.sameChars(found, text, start, length)) return found;
      slot = (slot + 1) & this.mask;
    }
    return this.add(slot, text, start, end, hash);
  }

  private sameChars(id: number, text: string, start: number, length: number): boolean {
    const at = this.starts[id];
    for (let k = 0; k < length; k++) if (this.chars[at + k] !== text.charCodeAt(start + k)) return false;
    return true;
  }

  private add(slot: number, text: string, start: number, end: number, hash: number): number {
    const id = this.words.length;
    const length = end - start;
    if (id === this.hashes.length) {
      this.hashes = grown(this.hashes);
      this.starts = grown(this.starts);
      this.lengths = grown(this.lengths);
    }
    while (this.charsUsed + length > this.chars.length) {
      const chars = new Uint8Array(this.chars.length * 2);
      chars.set(this.chars);
      this.chars = chars;
    }
    for (let k = 0; k < length; k++) this.chars[this.charsUsed + k] = text.charCodeAt(start + k);
    this.hashes[id] = hash;
    this.starts[id] = this.charsUsed;
    this.lengths[id] = length;
    this.charsUsed += length;
    this.words.push(text.slice(start, end));
    this.slots[slot] = id + 1;
    if (this.words.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let id = 0; id < this.words.length; id++) {
      let slot = mix(this.hashes[id]) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id + 1;
    }
  }
}

/**
 * Word ids of texts, one after another, each text's ended by -1; ids below `skipBelow` (function
 * words) are left out, and the others are given less `skipBelow`, so the first word kept is 0.
 */
export class WordSequence {
  ids = new Int32Array(1 << 16);
  length = 0;

  constructor(
    private readonly vocabulary: WordIds,
    private readonly skipBelow: number,
  ) {}

  append(text: string): void {
    const lower = text.toLowerCase();
    if (NON_ASCII.test(lower)) {
      for (const word of allWords(text)) this.push(this.vocabulary.idOfWord(word));
    } else {
      this.appendAscii(lower);
    }
    this.pushId(-1);
  }

  /** Runs of `[a-z0-9_]`, each from its first letter or `_` on, when two characters or more. */
  private appendAscii(text: string): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      let code = text.charCodeAt(i);
      if (!((code >= 97 && code <= 122) || code === 95)) {
        i++;
        continue;
      }
      const start = i;
      let hash = FNV_OFFSET;
      do {
        hash = Math.imul(hash ^ code, FNV_PRIME);
        i++;
        code = i < n ? text.charCodeAt(i) : 0;
      } while ((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95);
      if (i - start >= 2) this.push(this.vocabulary.idOf(text, start, i, hash));
    }
  }

  private push(word: number): void {
    if (word >= this.skipBelow) this.pushId(word - this.skipBelow);
  }

  private pushId(id: number): void {
    if (this.length === this.ids.length) this.ids = grown(this.ids);
    this.ids[this.length++] = id;
  }
}

function mix(hash: number): number {
  return (hash ^ (hash >>> 15)) >>> 0;
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const out = new Int32Array(array.length * 2);
  out.set(array);
  return out;
}
