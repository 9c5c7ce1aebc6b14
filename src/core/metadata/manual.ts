/**
 * Metadata entered by hand (Edit Paper Metadata, issue 21): the writer's answers as text, read
 * into a record of source `manual` in the metadata file. A record holding metadata is never
 * replaced by a lookup (`mergeAnswers` in store.ts), so what is written here stays; the paper's
 * key follows the key rule: one already recorded is kept.
 */
import type { Author, PaperMetadata } from '../model';
import { parseIdentifier } from '../identifiers/identifiers';
import { titleMatchText } from './match';
import { parseAuthorName } from './names';
import type { MetadataFile, MetadataRecord } from './store';

/** The answers as typed: every field optional; an empty one clears the field. */
export interface ManualFields {
  /** `Family, Given; Family, Given` (a name without a comma is read as `Given Family`). */
  readonly authors?: string;
  readonly year?: string;
  readonly arxiv?: string;
  readonly doi?: string;
  readonly venue?: string;
}

/** The fields read, or the first field that cannot be read and why. */
export type ManualReading = { readonly metadata: PaperMetadata } | { readonly field: keyof ManualFields; readonly error: string };

/** `Family, Given; Family, Given` → authors; `;` separates people, so `Family, Given` keeps its comma. */
export function parseManualAuthors(text: string): Author[] {
  return text
    .split(';')
    .map(name => name.trim())
    .filter(name => name !== '')
    .map(parseAuthorName)
    .filter(author => author.literal !== '');
}

/** Authors as the input box shows them: `Family, Given; Family, Given`. */
export function formatManualAuthors(authors: readonly Author[] | undefined): string {
  return (authors ?? [])
    .map(author =>
      author.family !== undefined && author.given !== undefined
        ? `${author.family}, ${author.given}${author.suffix !== undefined ? `, ${author.suffix}` : ''}`
        : author.literal,
    )
    .join('; ');
}

/** Why a year cannot be taken, undefined when it can (empty clears it). */
export function yearError(text: string): string | undefined {
  const year = text.trim();
  if (year === '') return undefined;
  if (!/^\d{4}$/.test(year)) return 'a year is four digits, such as 2024';
  const n = Number(year);
  // Older works are cited too (unlike a digest's year, which is an arXiv-era date).
  return n < 1000 || n > 2100 ? 'a year between 1000 and 2100' : undefined;
}

/** Why an arXiv id cannot be taken (`2406.11944`, `arXiv:2406.11944v2`, an arxiv.org link), undefined when it can. */
export function arxivError(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  return parseIdentifier(text.trim())?.kind === 'arxiv' ? undefined : 'not an arXiv id (such as 2406.11944)';
}

/** Why a DOI cannot be taken (`10.1145/3442188.3445922`, `doi:...`, a doi.org link), undefined when it can. */
export function doiError(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  return parseIdentifier(text.trim())?.kind === 'doi' ? undefined : 'not a DOI (such as 10.1145/3442188.3445922)';
}

/**
 * The answers read as metadata, starting from `known` (what the paper has now): a field given
 * replaces the known one, an empty one removes it, one left out keeps it.
 */
export function readManualFields(fields: ManualFields, known: PaperMetadata = {}): ManualReading {
  const checks: [keyof ManualFields, (text: string) => string | undefined][] = [
    ['year', yearError],
    ['arxiv', arxivError],
    ['doi', doiError],
  ];
  for (const [field, check] of checks) {
    const text = fields[field];
    const error = text === undefined ? undefined : check(text);
    if (error !== undefined) return { field, error };
  }
  const { source: _source, ...metadata }: Record<string, unknown> = { ...known };
  const set = (field: string, value: unknown): void => {
    if (value === undefined) delete metadata[field];
    else metadata[field] = value;
  };
  if (fields.authors !== undefined) {
    const authors = parseManualAuthors(fields.authors);
    set('authors', authors.length > 0 ? authors : undefined);
  }
  if (fields.year !== undefined) {
    const year = fields.year.trim();
    // A known full date of that year is kept; another year replaces it.
    const published = typeof known.published === 'string' && known.published.startsWith(year) ? known.published : year;
    set('published', year === '' ? undefined : published);
  }
  if (fields.arxiv !== undefined) {
    const id = parseIdentifier(fields.arxiv.trim());
    set('arxiv', id?.kind === 'arxiv' ? id.id : undefined);
  }
  if (fields.doi !== undefined) {
    const id = parseIdentifier(fields.doi.trim());
    set('journalDoi', id?.kind === 'doi' ? id.doi : undefined);
  }
  if (fields.venue !== undefined) set('venue', fields.venue.trim() === '' ? undefined : fields.venue.trim().replace(/\s+/g, ' '));
  return { metadata: metadata as PaperMetadata };
}

/** What the input boxes start with, from what is known of the paper. */
export function manualFieldsOf(metadata: PaperMetadata | undefined, year: number | null): Required<ManualFields> {
  const published = metadata?.published?.slice(0, 4);
  return {
    authors: formatManualAuthors(metadata?.authors),
    year: published ?? (year !== null ? String(year) : ''),
    arxiv: metadata?.arxiv ?? '',
    doi: metadata?.journalDoi ?? '',
    venue: metadata?.venue ?? '',
  };
}

/**
 * The file with the paper's record set to `metadata` by hand, as `now` (ISO date-time): source
 * `manual`, found. The record's key is kept when one is recorded (a key once written never
 * changes), else the paper's current key is recorded; `added` is kept.
 */
export function withManualRecord(
  file: MetadataFile,
  paper: { readonly title: string; readonly key: string },
  metadata: PaperMetadata,
  now: string,
): MetadataFile {
  const title = titleMatchText(paper.title);
  const at = file.records.findIndex(record => titleMatchText(record.title) === title);
  const old = at < 0 ? undefined : file.records[at];
  const { source: _source, ...fields } = metadata;
  const record: MetadataRecord = {
    title: old?.title ?? paper.title,
    key: old?.key ?? paper.key,
    source: 'manual',
    retrieved: now,
    found: true,
    metadata: fields,
    ...(old?.added !== undefined ? { added: old.added } : {}),
  };
  const records = [...file.records];
  if (at < 0) records.push(record);
  else records[at] = record;
  return { ...file, records };
}
