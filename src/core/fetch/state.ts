/**
 * What fetching remembers between runs, in `.digest-notes/fetch.json` beside the metadata file, so
 * the command line and the extension (and a co-author, if committed) skip the same settled days:
 * per subscription, the last fetch, the days asked and when, and for a feed its `ETag` and
 * `Last-Modified` for a conditional request. The digest files themselves are the rest of the state.
 */

export const FETCH_STATE_FILE = '.digest-notes/fetch.json';
const FORMAT = 'digest-notes/fetch';

export interface DayRecord {
  /** The UTC day the day was last asked for. */
  readonly checked: string;
  /** Papers it had then (0: an empty day, nothing written). */
  readonly papers: number;
}

export interface SourceState {
  /** ISO time of the last fetch that reached the service. */
  readonly lastFetch?: string;
  /** Hugging Face: the days asked. */
  readonly days?: Readonly<Record<string, DayRecord>>;
  /** arXiv's feed: the last listing day written, and the validators of that answer. */
  readonly listingDay?: string;
  readonly etag?: string;
  readonly lastModified?: string;
}

export interface FetchState {
  readonly sources: Readonly<Record<string, SourceState>>;
}

export const EMPTY_FETCH_STATE: FetchState = { sources: {} };

/** Days older than this are dropped from the file (they are settled on disk anyway). */
const KEEP_DAYS = 60;

/** The state a file's text holds; an unreadable file is an error, never written over silently. */
export function parseFetchState(text: string): { state: FetchState; error?: string } {
  if (text.trim() === '') return { state: EMPTY_FETCH_STATE };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { state: EMPTY_FETCH_STATE, error: `not JSON (${(error as Error).message})` };
  }
  const object = data as { format?: unknown; sources?: unknown };
  if (object === null || typeof object !== 'object' || object.format !== FORMAT || typeof object.sources !== 'object' || !object.sources) {
    return { state: EMPTY_FETCH_STATE, error: `not a fetch state file (no "format": "${FORMAT}")` };
  }
  const sources: Record<string, SourceState> = {};
  for (const [id, value] of Object.entries(object.sources as Record<string, unknown>)) {
    if (value !== null && typeof value === 'object') sources[id] = readSource(value as Record<string, unknown>);
  }
  return { state: { sources } };
}

function readSource(value: Record<string, unknown>): SourceState {
  const text = (name: string) => (typeof value[name] === 'string' ? { [name]: value[name] as string } : {});
  const days: Record<string, DayRecord> = {};
  if (value.days !== null && typeof value.days === 'object') {
    for (const [day, record] of Object.entries(value.days as Record<string, unknown>)) {
      const r = record as { checked?: unknown; papers?: unknown };
      if (r && typeof r.checked === 'string' && typeof r.papers === 'number') days[day] = { checked: r.checked, papers: r.papers };
    }
  }
  return {
    ...text('lastFetch'),
    ...text('listingDay'),
    ...text('etag'),
    ...text('lastModified'),
    ...(Object.keys(days).length ? { days } : {}),
  };
}

/** The file's text: sorted, two-space JSON, days older than two months dropped. */
export function formatFetchState(state: FetchState, today: string): string {
  const cutoff = new Date(`${today}T00:00:00Z`);
  cutoff.setUTCDate(cutoff.getUTCDate() - KEEP_DAYS);
  const oldest = cutoff.toISOString().slice(0, 10);
  const sources: Record<string, SourceState> = {};
  for (const id of Object.keys(state.sources).sort()) {
    const source = state.sources[id];
    const days =
      source.days &&
      Object.fromEntries(
        Object.entries(source.days)
          .filter(([day]) => day >= oldest)
          .sort(([a], [b]) => (a < b ? 1 : -1)),
      );
    sources[id] = { ...source, ...(days ? { days } : {}) };
  }
  return JSON.stringify({ format: FORMAT, version: 1, sources }, null, 2) + '\n';
}
