/**
 * One paper's metadata from all the places it stands: a manual record first, then the source
 * that gives the most fields, then the sources' ranking; each field from the first that has it.
 */
import type { DigestEntry, MetadataSource, PaperMetadata } from '../model';

/** A hand edit first, then the arXiv API, DOI content negotiation, the mail, RSS, Hugging Face. */
const SOURCE_RANK: Readonly<Record<MetadataSource, number>> = {
  manual: 7,
  'arxiv-api': 6,
  doi: 5,
  'arxiv-email': 4,
  'arxiv-rss': 3,
  huggingface: 2,
  digest: 1,
};

const METADATA_FIELDS = [
  'authors',
  'published',
  'arxiv',
  'primaryClass',
  'categories',
  'venue',
  'journalDoi',
  'url',
  'announce',
  'source',
] as const;

/**
 * The occurrences' metadata merged: field by field, from the richest occurrence that has it. The
 * richest: a manual edit, then the one with the most fields known, then by source (as
 * `SOURCE_RANK`), then the oldest. `source` names the richest. Undefined when none has any.
 */
export function mergeMetadata(sightings: readonly { readonly entry: DigestEntry }[]): PaperMetadata | undefined {
  const known = sightings.map(s => s.entry.metadata).filter((m): m is PaperMetadata => m !== undefined);
  if (known.length === 0) return undefined;
  if (known.length === 1) return known[0];
  const ranked = known.map((metadata, order) => ({
    metadata,
    order,
    fields: fieldCount(metadata),
    rank: SOURCE_RANK[metadata.source ?? 'digest'] ?? 0,
  }));
  ranked.sort(
    (a, b) =>
      Number(b.metadata.source === 'manual') - Number(a.metadata.source === 'manual') ||
      b.fields - a.fields ||
      b.rank - a.rank ||
      a.order - b.order,
  );
  const merged: Record<string, unknown> = {};
  for (const field of METADATA_FIELDS) {
    const from = ranked.find(r => hasValue(r.metadata[field]));
    if (from !== undefined) merged[field] = from.metadata[field];
  }
  return merged as PaperMetadata;
}

function fieldCount(metadata: PaperMetadata): number {
  let count = 0;
  for (const field of METADATA_FIELDS) if (field !== 'source' && hasValue(metadata[field])) count++;
  return count;
}

function hasValue(value: unknown): boolean {
  return value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);
}
