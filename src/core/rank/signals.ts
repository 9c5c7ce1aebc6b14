/**
 * Signals beyond the words that carry a reader's taste, each read from what a digest holds and
 * each named in the explanation when it lifts a paper: the size of the author list (large teams
 * write the papers people feature), released code, a project page or a released model/dataset on
 * Hugging Face, a named method in the title ("Name: what it does"), the arXiv categories, and each
 * author as a whole name (the words of names are in the tf-idf too, but split and cut by its
 * document-frequency bounds; a person whose papers the writer liked is a reason of its own).
 *
 * Each signal is one feature column of the same vectors as the words, with a fixed value so the
 * model weighs it against the words under the same regularisation.
 */
import type { RankDocument } from './document';

export interface Signal {
  /** The column's name, unique (`signal:code`, `category:cs.CL`). */
  readonly name: string;
  /** How the explanation says it. */
  readonly label: string;
}

/** A signal's value in a vector: l2-normalised word vectors have entries around 0.05-0.2. */
export const SIGNAL_VALUE = 0.5;

const AUTHOR_BUCKETS: readonly { readonly min: number; readonly max: number; readonly label: string }[] = [
  { min: 1, max: 2, label: '1-2 authors' },
  { min: 3, max: 5, label: '3-5 authors' },
  { min: 6, max: 9, label: '6-9 authors' },
  { min: 10, max: 19, label: '10-19 authors' },
  { min: 20, max: Infinity, label: '20+ authors' },
];

/** `Name: ...`, `NAME-2: ...`, `Name 2: ...` at the start of a title: a method with a name. */
const NAMED_TITLE = /^\s*[\p{L}\p{N}][\p{L}\p{N}\-+.]*(?:\s[\p{L}\p{N}\-+.]+)?\s?:\s/u;
const HUGGING_FACE = /huggingface\.co\//i;

export interface SignalKinds {
  /** The arXiv categories, primary and cross-listed (default true). */
  readonly categories?: boolean;
  /** Each author's name as a whole: people follow people (default true). */
  readonly authorNames?: boolean;
}

/** The signals of a paper, by column name, each with its label. */
export function signalsOf(document: RankDocument, kinds: SignalKinds = {}): Signal[] {
  const signals: Signal[] = [];
  const authorCount = document.authors.length;
  const bucket = AUTHOR_BUCKETS.find(b => authorCount >= b.min && authorCount <= b.max);
  if (kinds.authorNames !== false) for (const name of document.authors) signals.push({ name: `author:${name}`, label: `by ${name}` });
  if (bucket) signals.push({ name: `signal:authors:${bucket.min}`, label: bucket.label });
  if (document.links.some(link => link.kind === 'code')) signals.push({ name: 'signal:code', label: 'code released' });
  if (document.links.some(link => link.kind === 'project' && !HUGGING_FACE.test(link.url))) {
    signals.push({ name: 'signal:project', label: 'project page' });
  }
  if (document.links.some(link => HUGGING_FACE.test(link.url))) signals.push({ name: 'signal:huggingface', label: 'on Hugging Face' });
  if (NAMED_TITLE.test(document.title)) signals.push({ name: 'signal:named', label: 'named method in title' });
  if (kinds.categories !== false)
    document.categories.forEach((category, i) => {
      if (i === 0) signals.push({ name: `primary:${category}`, label: `in ${category}` });
      else signals.push({ name: `category:${category}`, label: `also ${category}` });
    });
  return signals;
}
