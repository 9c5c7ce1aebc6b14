/**
 * Every kind of digest through one door: the text page (`../parser`), Hugging Face daily-papers
 * JSON, arXiv listing e-mails (text and `.eml`) and arXiv RSS. Each gives the same `ParsedDigest`,
 * the sources with `metadata` (authors, arXiv id, dates, categories) on every entry.
 */
import { detectDigestKind, type DigestKind } from '../detect';
import { parseDigestBytesInBackground, parseDigestInBackground, parseDigest, type ParseOptions } from '../parser';
import type { ParsedDigest } from '../../model';
import { completeInSlices, completeNow, type SliceOptions } from '../../util/slices';
import { decodeText, decodeTextHead } from '../../util/text';
import { arxivListingSteps } from './arxivListing';
import { arxivRssSteps } from './arxivRss';
import { buildParsedDigest, countLines, Diagnostics } from './common';
import { hfDailyPapersSteps } from './hfDailyPapers';

export type { DigestKind } from '../detect';
export { parseArxivAtom, readArxivAtom, atomRecordMetadata, type ArxivAtomRecord, type ArxivAtomAnswer } from './arxivAtom';
export { parseArxivListing } from './arxivListing';

/** Bytes decoded to detect a file's kind: detection reads at most 256 K characters. */
const DETECT_BYTES = 256 * 1024;

export interface AnyDigestOptions extends ParseOptions {
  /** The kind when the caller knows it already (from `detectSourceKind`); detected otherwise. */
  readonly kind?: DigestKind;
}

/**
 * The kind of digest a text is, from its head (the whole text may be passed: only the head is
 * read); undefined when it is none (a `package.json`, another site's feed, a shopping list).
 */
export function detectSourceKind(text: string, path: string): DigestKind | undefined {
  return detectDigestKind(text, path);
}

/** Parses any kind of digest (an unrecognised text: see `fallbackKind`). Never throws. */
export function parseAnyDigest(text: string, path: string, options: AnyDigestOptions = {}): ParsedDigest {
  const kind = options.kind ?? detectSourceKind(text, path) ?? fallbackKind(text);
  if (kind === 'not-a-digest') return notADigest(text, path);
  if (kind === 'text-digest') return parseDigest(text, path, options);
  return completeNow(sourceSteps(kind, text, path));
}

/**
 * What an unrecognised text is read as: the text page (its parser reports what it cannot read),
 * except JSON and XML, which give no papers rather than their markup read as titles.
 */
function fallbackKind(text: string): 'text-digest' | 'not-a-digest' {
  const first = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .charAt(0);
  return first === '{' || first === '[' || first === '<' ? 'not-a-digest' : 'text-digest';
}

function notADigest(text: string, path: string): ParsedDigest {
  const lineCount = countLines(text);
  const diagnostics = new Diagnostics(lineCount);
  diagnostics.report(
    0,
    'warning',
    'JSON or XML that is none of the digest sources (Hugging Face daily papers, arXiv RSS); no papers read.',
  );
  return buildParsedDigest(path, [], diagnostics, lineCount);
}

/** As `parseAnyDigest`, in time-boxed slices (a JSON or XML file is parsed in one slice first). */
export async function parseAnyDigestInBackground(
  text: string,
  path: string,
  options: AnyDigestOptions = {},
  slices: SliceOptions = {},
): Promise<ParsedDigest> {
  const kind = options.kind ?? detectSourceKind(text, path) ?? fallbackKind(text);
  if (kind === 'not-a-digest') return notADigest(text, path);
  if (kind === 'text-digest') return parseDigestInBackground(text, path, options, slices);
  return completeInSlices(sourceSteps(kind, text, path), slices);
}

/**
 * A file's bytes decoded (as `decodeText`) and parsed as whatever digest they are, in slices;
 * null when the bytes are binary. The text page keeps its piecewise decoding
 * (`parseDigestBytesInBackground`); the sources are decoded whole (JSON.parse and the XML parser
 * need one string).
 */
export async function parseAnyDigestBytesInBackground(
  bytes: Uint8Array,
  path: string,
  options: AnyDigestOptions = {},
  slices: SliceOptions = {},
): Promise<ParsedDigest | null> {
  const head = decodeTextHead(bytes, DETECT_BYTES);
  if (head === null) return null;
  const kind = options.kind ?? detectSourceKind(head, path) ?? fallbackKind(head);
  if (kind === 'text-digest') return parseDigestBytesInBackground(bytes, path, options, slices);
  const text = decodeText(bytes);
  if (text === null) return null;
  return kind === 'not-a-digest' ? notADigest(text, path) : completeInSlices(sourceSteps(kind, text, path), slices);
}

function sourceSteps(kind: Exclude<DigestKind, 'text-digest'>, text: string, path: string): Generator<void, ParsedDigest> {
  switch (kind) {
    case 'hf-json':
      return hfDailyPapersSteps(text, path);
    case 'arxiv-email':
      return arxivListingSteps(text, path);
    case 'arxiv-rss':
      return arxivRssSteps(text, path);
  }
}
