import type { RankDocument } from '../../../src/core/rank/document';

/** A paper for the ranking tests: a title, and whatever else a test gives. */
export function doc(key: string, title: string, extra: Partial<RankDocument> = {}): RankDocument {
  return { key, title, abstract: '', authors: [], categories: [], links: [], date: null, ...extra };
}
