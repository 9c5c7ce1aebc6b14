import MiniSearch from 'minisearch';

/**
 * Postings gathered for one field, waiting to go into the index: for each term, the short ids of
 * the documents holding it, once per occurrence, in the order added.
 */
export class PostingsBatch {
  readonly byTerm = new Map<string, number[]>();
  constructor(readonly field: string) {}
}

/**
 * MiniSearch with a faster way in: documents are added in two steps, `collect` (tokens to
 * postings lists) then `flush` (postings lists into the inverted index).
 *
 * Why: `MiniSearch.add` walks the radix tree and updates a posting map once per term occurrence.
 * For 10k abstracts that is about a million tree walks, most of the ~3.5 s a full index takes. Collecting
 * first means each distinct term is looked up in the tree once per flush, and each posting is a
 * single insertion. The result is the same index (postings, field lengths and averages; see the
 * equivalence test), and a field can be added to a document later, which is how titles become
 * searchable before abstracts. Only the members MiniSearch declares `protected` for subclasses are
 * used; searching, removal (`discard`) and vacuuming stay MiniSearch's own. (Saving is ours too,
 * see cache.ts: MiniSearch's `toJSON` is far slower than a build.)
 */
export class TermIndex<T> extends MiniSearch<T> {
  /** Registers a document with no terms yet; returns its internal short id. */
  registerDocument(id: string): number {
    if (this._idToShortId.has(id)) throw new Error(`duplicate document id ${id}`);
    const shortId = this._nextId;
    this._idToShortId.set(id, shortId);
    this._documentIds.set(shortId, id);
    this._documentCount += 1;
    this._nextId += 1;
    return shortId;
  }

  /**
   * Records one field of a document: its length now (distinct terms, as MiniSearch counts it), its
   * terms into `batch` (repeats count as term frequency). Searchable after `flush`.
   */
  collect(shortId: number, batch: PostingsBatch, terms: readonly string[]): void {
    const { byTerm } = batch;
    let distinct = 0;
    for (const term of terms) {
      const ids = byTerm.get(term);
      if (ids === undefined) {
        byTerm.set(term, [shortId]);
        distinct += 1;
      } else {
        if (ids[ids.length - 1] !== shortId) distinct += 1;
        ids.push(shortId);
      }
    }
    this.setFieldLength(shortId, batch.field, distinct);
  }

  /** Moves one term's collected postings into the index. */
  flushTerm(field: string, term: string, ids: readonly number[]): void {
    const fieldId = this.fieldId(field);
    const data = this._index.fetch(term, () => new Map());
    let postings = data.get(fieldId);
    if (postings === undefined) {
      postings = new Map();
      data.set(fieldId, postings);
    }
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      // Ids come grouped by document, so a repeated term is a run of the same id.
      if (i > 0 && ids[i - 1] === id) postings.set(id, (postings.get(id) ?? 0) + 1);
      else postings.set(id, 1);
    }
  }

  /** Moves everything collected into the index. */
  flush(batch: PostingsBatch): void {
    for (const [term, ids] of batch.byTerm) this.flushTerm(batch.field, term, ids);
    batch.byTerm.clear();
  }

  /** Recomputes each field's average length (BM25 needs it) from the documents that have it. */
  refreshAverages(): void {
    const totals: number[] = [];
    const counts: number[] = [];
    for (const lengths of this._fieldLength.values()) {
      lengths.forEach((length, fieldId) => {
        totals[fieldId] = (totals[fieldId] ?? 0) + length;
        counts[fieldId] = (counts[fieldId] ?? 0) + 1;
      });
    }
    for (const fieldId of Object.values(this._fieldIds)) {
      this._avgFieldLength[fieldId] = counts[fieldId] ? totals[fieldId] / counts[fieldId] : 0;
    }
  }

  /**
   * How many postings a query term reaches in a field: its own, or with `prefix` those of every
   * term it begins. This is what a query on it costs to score.
   */
  postingCount(term: string, field: string, prefix: boolean): number {
    const fieldId = this.fieldId(field);
    if (!prefix) return this._index.get(term)?.get(fieldId)?.size ?? 0;
    let count = 0;
    for (const data of this._index.atPrefix(term).values()) count += data.get(fieldId)?.size ?? 0;
    return count;
  }

  /** The short id of a document, or undefined when it is not in the index. */
  shortIdOf(id: string): number | undefined {
    return this._idToShortId.get(id);
  }

  /** Every posting list, for saving: term, field, and the short ids (repeated per occurrence). */
  *postingLists(): Generator<[term: string, field: string, ids: number[]]> {
    const fieldNames = new Map(Object.entries(this._fieldIds).map(([name, id]) => [id, name]));
    for (const [term, data] of this._index) {
      for (const [fieldId, postings] of data) {
        const ids: number[] = [];
        for (const [id, frequency] of postings) for (let i = 0; i < frequency; i++) ids.push(id);
        yield [term, fieldNames.get(fieldId) ?? '', ids];
      }
    }
  }

  /** Field lengths of a document, by field name (undefined for a field not yet added). */
  fieldLengths(shortId: number): Record<string, number | undefined> {
    const lengths = this._fieldLength.get(shortId) ?? [];
    return Object.fromEntries(Object.entries(this._fieldIds).map(([name, id]) => [name, lengths[id]]));
  }

  /** Sets a field length directly (restoring a saved index). */
  setFieldLength(shortId: number, field: string, length: number): void {
    let lengths = this._fieldLength.get(shortId);
    if (lengths === undefined) {
      lengths = [];
      this._fieldLength.set(shortId, lengths);
    }
    lengths[this.fieldId(field)] = length;
  }

  private fieldId(field: string): number {
    const id = this._fieldIds[field];
    if (id === undefined) throw new Error(`unknown field ${field}`);
    return id;
  }
}
