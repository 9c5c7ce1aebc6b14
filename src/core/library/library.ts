/**
 * The library: every entry of every digest parsed together, merged into papers and given citation
 * keys. Entries are one paper when they have the same arXiv id (`metadata.arxiv`); an entry
 * without one joins the paper with its title (compared with `normalizeTitle`): the one with an
 * arXiv id when there is one (the smallest id when several share the title), else the other
 * entries without id of that title. Two entries with different arXiv ids are never one paper. The
 * paper's metadata is merged field by field, the richest source's first (`mergeMetadata`).
 *
 * Order and keys do not depend on the order the digests are passed in. Occurrences, and papers by
 * their first occurrence, are sorted oldest first: by ISO date (unknown dates last), then by path
 * (code-unit order), then by title line. Keys are then handed out in that order:
 * 1. a paper whose title matches an entry of the user's bibliography takes that entry's key;
 * 2. the oldest paper with a given base key (`baseKey`) takes it bare, unless the bibliography
 *    already uses it (compared case-insensitively, as BibTeX does);
 * 3. every other paper takes the first free suffixed key: `a`, `b`, ... `z`, `aa`, ...
 */
import { mergeMetadata } from './mergeMetadata';

export { mergeMetadata } from './mergeMetadata';
import { baseKey, suffixedKey } from './keys';
import type { DigestEntry, ExistingEntry, Occurrence, ParsedDigest, Paper, PaperLink, PaperMetadata } from '../model';
import { completeInSlices, completeNow } from '../util/slices';
import { titleMatchKey } from '../bib/entryIndex';
import { normalizeTitle } from '../util/text';

export interface Library {
  /** Oldest first (see the module comment for the order). */
  readonly papers: readonly Paper[];
  /** The paper with this key: exact match first, else a case-insensitive one. */
  byKey(key: string): Paper | undefined;
  /** The paper with this title, compared with `normalizeTitle`. */
  byTitle(title: string): Paper | undefined;
  /** The paper with this arXiv id (a version or `arXiv:` prefix is ignored). */
  byArxiv(id: string): Paper | undefined;
}

export interface LibraryOptions {
  /** Entries already in the user's bibliography: their keys win and are never reused. */
  readonly existing?: readonly ExistingEntry[];
}

interface Sighting {
  readonly entry: DigestEntry;
  readonly path: string;
  /** Numeric sort keys, so comparing is cheap: yyyymmdd (unknown: +Infinity), rank of the path. */
  readonly dateOrder: number;
  readonly pathOrder: number;
}

interface Group {
  /** The first title key seen; `titleKeys` holds every one (a paper may be titled two ways). */
  readonly titleKey: string;
  readonly titleKeys: Set<string>;
  readonly arxiv?: string;
  readonly sightings: Sighting[];
  /** Merged once the sightings are sorted (`mergeMetadata`); the key and the paper use it. */
  metadata?: PaperMetadata;
  paper?: Paper;
}

/** The groups, and the maps the library answers `byTitle` and `byArxiv` from. */
interface Groups {
  readonly all: Group[];
  readonly byTitle: Map<string, Group>;
  readonly byArxiv: Map<string, Group>;
}

/**
 * Merges parsed digests into papers with keys (see the module comment). A path given twice counts
 * once (the first digest with that path is used). Linear apart from two sorts: 100k papers build in
 * a fraction of a second. Blocks; the extension host uses `buildLibraryInBackground`.
 */
export function buildLibrary(digests: readonly ParsedDigest[], options: LibraryOptions = {}): Library {
  return completeNow(libraryBuilder(digests, options));
}

export interface BackgroundLibraryOptions extends LibraryOptions {
  /** How long a slice may hold the event loop; default 10 ms. */
  readonly sliceMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * As `buildLibrary` (the same steps, so the same library), in time-boxed slices that yield to the
 * event loop between them. Rejects with the signal's reason when aborted.
 */
export function buildLibraryInBackground(digests: readonly ParsedDigest[], options: BackgroundLibraryOptions = {}): Promise<Library> {
  return completeInSlices(libraryBuilder(digests, options), { sliceMs: options.sliceMs, signal: options.signal });
}

/** The library build, yielding after each small piece of work (an entry, a group, a paper). */
function* libraryBuilder(digests: readonly ParsedDigest[], options: LibraryOptions): Generator<void, Library> {
  const grouped = yield* groupPapers(digests);
  const groups = grouped.all;
  for (const group of groups) {
    if (group.sightings.length > 1) group.sightings.sort(compareSightings);
    group.metadata = mergeMetadata(group.sightings);
    yield;
  }
  // One sort of all groups: about 10 ms at 100k papers, well inside a slice's budget at 10k.
  groups.sort((a, b) => compareSightings(a.sightings[0], b.sightings[0]));
  yield;
  const keys = yield* assignKeys(groups, options.existing ?? []);
  const papers: Paper[] = [];
  for (let i = 0; i < groups.length; i++) {
    papers.push((groups[i].paper = toPaper(groups[i], keys[i])));
    yield;
  }
  const library = new IndexedLibrary(papers, grouped.byTitle, grouped.byArxiv);
  for (const paper of papers) {
    library.addKey(paper);
    yield;
  }
  return library;
}

/**
 * Entries into groups (see the module comment): those with an arXiv id by id first, then those
 * without by title. Two passes, so the result does not depend on the order of the digests.
 */
function* groupPapers(digests: readonly ParsedDigest[]): Generator<void, Groups> {
  const pathOrders = rankPaths(digests);
  const seenPaths = new Set<string>();
  const withoutId: Sighting[] = [];
  const byArxiv = new Map<string, Group>();
  for (const digest of digests) {
    const { path } = digest;
    if (seenPaths.has(path)) continue;
    seenPaths.add(path);
    const pathOrder = pathOrders.get(path)!;
    for (const entry of digest.entries) {
      const sighting: Sighting = { entry, path, dateOrder: dateOrder(entry.date), pathOrder };
      const arxiv = entry.metadata?.arxiv;
      if (arxiv === undefined || arxiv === '') withoutId.push(sighting);
      else addTo(byArxiv, arxiv, sighting, arxiv);
      yield;
    }
  }
  // A title shared by papers with different ids goes to the smallest id, whatever the order.
  const idGroupByTitle = new Map<string, Group>();
  for (const group of byArxiv.values()) {
    for (const titleKey of group.titleKeys) {
      const other = idGroupByTitle.get(titleKey);
      if (other === undefined || group.arxiv! < other.arxiv!) idGroupByTitle.set(titleKey, group);
    }
    yield;
  }
  const titleOnly = new Map<string, Group>();
  for (const sighting of withoutId) {
    const titleKey = normalizeTitle(sighting.entry.title);
    const group = idGroupByTitle.get(titleKey);
    if (group !== undefined) group.sightings.push(sighting);
    else addTo(titleOnly, titleKey, sighting);
    yield;
  }
  const all = [...byArxiv.values(), ...titleOnly.values()];
  for (const [titleKey, group] of idGroupByTitle) titleOnly.set(titleKey, group);
  return { all, byTitle: titleOnly, byArxiv };
}

function addTo(groups: Map<string, Group>, key: string, sighting: Sighting, arxiv?: string): void {
  const titleKey = normalizeTitle(sighting.entry.title);
  const group = groups.get(key);
  if (group === undefined) {
    groups.set(key, { titleKey, titleKeys: new Set([titleKey]), ...(arxiv ? { arxiv } : {}), sightings: [sighting] });
  } else {
    group.sightings.push(sighting);
    group.titleKeys.add(titleKey);
  }
}

/** Each distinct path's rank in code-unit order. */
function rankPaths(digests: readonly ParsedDigest[]): Map<string, number> {
  const paths = [...new Set(digests.map(d => d.path))].sort(compareStrings);
  return new Map(paths.map((path, i) => [path, i]));
}

function dateOrder(date: string | null): number {
  const order = date === null ? NaN : Number(date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10));
  return Number.isNaN(order) ? Number.POSITIVE_INFINITY : order;
}

function compareSightings(a: Sighting, b: Sighting): number {
  if (a.dateOrder !== b.dateOrder) return a.dateOrder < b.dateOrder ? -1 : 1;
  return a.pathOrder - b.pathOrder || a.entry.titleLine - b.entry.titleLine;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function* assignKeys(groups: readonly Group[], existing: readonly ExistingEntry[]): Generator<void, string[]> {
  const existingByTitle = new Map<string, string>();
  const taken = new Set<string>();
  // An entry with a paper's derived key and no title is taken to be that paper (the rule
  // planCitationKeys follows when citing): the paper gets the key, never a near-duplicate `…a`.
  const untitled = new Map<string, string>();
  for (const entry of existing) {
    taken.add(entry.key.toLowerCase());
    if (entry.title === undefined && !untitled.has(entry.key.toLowerCase())) untitled.set(entry.key.toLowerCase(), entry.key);
    if (entry.title !== undefined) {
      const titleKey = titleMatchKey(entry.title);
      if (!existingByTitle.has(titleKey)) existingByTitle.set(titleKey, entry.key);
    }
    yield;
  }
  const keys: (string | undefined)[] = [];
  const bases: string[] = [];
  for (const group of groups) {
    const key = existingByTitle.get(group.titleKey) ?? otherTitleMatch(group, existingByTitle);
    keys.push(key);
    bases.push(key === undefined ? groupBaseKey(group) : '');
    yield;
  }
  // First pass: bare base keys, oldest first, so a suffix never takes another paper's bare key.
  for (let i = 0; i < groups.length; i++) {
    if (keys[i] !== undefined) continue;
    const claimed = untitled.get(bases[i]);
    if (claimed !== undefined) {
      keys[i] = claimed;
      untitled.delete(bases[i]);
      continue;
    }
    if (taken.has(bases[i])) continue;
    keys[i] = bases[i];
    taken.add(bases[i]);
  }
  yield;
  // Where each base's suffix search resumes, so many clashes on one base stay linear.
  const nextSuffix = new Map<string, number>();
  for (let i = 0; i < groups.length; i++) {
    if (keys[i] !== undefined) continue;
    let n = nextSuffix.get(bases[i]) ?? 1;
    while (taken.has(suffixedKey(bases[i], n))) n++;
    nextSuffix.set(bases[i], n + 1);
    keys[i] = suffixedKey(bases[i], n);
    taken.add(keys[i]!);
    yield;
  }
  return keys as string[];
}

/** A bibliography entry matching another of the group's titles (an arXiv paper titled two ways). */
function otherTitleMatch(group: Group, existingByTitle: ReadonlyMap<string, string>): string | undefined {
  if (group.titleKeys.size === 1) return undefined;
  for (const titleKey of group.titleKeys) {
    const key = existingByTitle.get(titleKey);
    if (key !== undefined) return key;
  }
  return undefined;
}

function yearOf(sightings: readonly Sighting[]): number | null {
  for (const s of sightings) if (s.entry.year !== null) return s.entry.year;
  return null;
}

/**
 * The base key: with the first author's family name and a year known, the author rule
 * (`<family><year><firstword>`, the year of first publication when a source gives it, else the
 * digest's); else the title rule. See `baseKey`.
 */
function groupBaseKey(group: Group): string {
  const published = group.metadata?.published;
  const year = published !== undefined && /^\d{4}/.test(published) ? Number(published.slice(0, 4)) : yearOf(group.sightings);
  return baseKey(group.sightings[0].entry.title, year, group.metadata?.authors?.[0]?.family);
}

function toPaper(group: Group, key: string): Paper {
  const { sightings, metadata } = group;
  const first = sightings[0].entry;
  const withAbstract = sightings.find(s => s.entry.abstract !== '');
  const withDoi = sightings.find(s => s.entry.doi !== null);
  return {
    key,
    title: first.title,
    abstract: withAbstract?.entry.abstract ?? '',
    day: first.day,
    date: first.date,
    year: yearOf(sightings),
    links: unionLinks(sightings),
    doi: withDoi?.entry.doi ?? null,
    ...(metadata ? { metadata } : {}),
    occurrences: sightings.map(toOccurrence),
  };
}

function unionLinks(sightings: readonly Sighting[]): PaperLink[] {
  if (sightings.length === 1) return [...sightings[0].entry.links];
  const byUrl = new Map<string, PaperLink>();
  for (const s of sightings) for (const link of s.entry.links) if (!byUrl.has(link.url)) byUrl.set(link.url, link);
  return [...byUrl.values()];
}

function toOccurrence(s: Sighting): Occurrence {
  return { path: s.path, day: s.entry.day, date: s.entry.date, titleLine: s.entry.titleLine, range: s.entry.range };
}

class IndexedLibrary implements Library {
  private readonly keyIndex = new Map<string, Paper>();
  /** Only keys that are not lower case already (ours always are). */
  private readonly foldedKeyIndex = new Map<string, Paper>();

  constructor(
    readonly papers: readonly Paper[],
    private readonly groupsByTitle: ReadonlyMap<string, Group>,
    private readonly groupsByArxiv: ReadonlyMap<string, Group>,
  ) {}

  /** Indexes one paper by key; the builder calls it for every paper, in order. */
  addKey(paper: Paper): void {
    this.keyIndex.set(paper.key, paper);
    const folded = paper.key.toLowerCase();
    if (folded !== paper.key && !this.foldedKeyIndex.has(folded)) this.foldedKeyIndex.set(folded, paper);
  }

  byKey(key: string): Paper | undefined {
    const folded = key.toLowerCase();
    return this.keyIndex.get(key) ?? this.foldedKeyIndex.get(folded) ?? this.keyIndex.get(folded);
  }

  byTitle(title: string): Paper | undefined {
    return this.groupsByTitle.get(normalizeTitle(title))?.paper;
  }

  byArxiv(id: string): Paper | undefined {
    const bare = id
      .trim()
      .replace(/^arxiv:/i, '')
      .replace(/v\d+$/, '');
    return this.groupsByArxiv.get(bare)?.paper;
  }
}
