/**
 * "Remove Unused Entries Added by Digest Notes": which entries of a bibliography Digest Notes wrote
 * and nothing cites, and the deletions that take them out, for the editor to show in the refactor
 * preview (nothing here writes).
 *
 * An entry is Digest Notes' by its provenance field, which every entry it writes carries and
 * styles do not print: BibTeX `annotation`, CSL `annote` (earlier versions: `note`) holding
 * `Digest <file>[, <day>][; code <url>]...` (`digestNote` and `provenance` in csl.ts), or a
 * value starting `Digest Notes` for an entry written without a digest. An entry without it is the
 * writer's and is never proposed, whatever cites it.
 *
 * Deletions leave a file of the same format that reads back: each BibTeX entry goes with the
 * blank space before it; CSL-JSON items go by runs of neighbours, with their commas; CSL-YAML
 * items go by their lines. Edits never overlap, so the writer may uncheck any of them.
 */
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { readBibtex } from './bibtexReader';
import { unescapeMarkdown } from './csl';
import type { BibFormat } from './format';
import { latexToText } from './latex';
import { readCslJson, readCslYaml, type BibError } from './read';

export interface EntryRemoval {
  /** The keys removed by this edit (several for a run of CSL-JSON items). */
  readonly keys: readonly string[];
  /** `[start, end)` offsets of the text to delete. */
  readonly start: number;
  readonly end: number;
}

export interface UnusedPlan {
  readonly removals: readonly EntryRemoval[];
  /** Entries Digest Notes added that something cites (kept). */
  readonly cited: readonly string[];
  /** How many entries the writer wrote (no provenance field): never proposed. */
  readonly writers: number;
  readonly error?: BibError;
}

/** True when a provenance value is one Digest Notes writes (see the module comment). */
export function isDigestNotesProvenance(value: string): boolean {
  const text = value.trim();
  if (/^Digest Notes\b/.test(text)) return true;
  const file = /^Digest (.+?)(?:, |; |$)/.exec(text)?.[1];
  return file !== undefined && /\.[A-Za-z0-9]{1,8}$/.test(file);
}

/**
 * The removals for the entries Digest Notes added that `isCited` says nothing cites. `isCited`
 * gets the key as written in the bibliography.
 */
export function planUnusedRemoval(text: string, format: BibFormat, isCited: (key: string) => boolean): UnusedPlan {
  switch (format) {
    case 'bibtex':
      return bibtexRemovals(text, isCited);
    case 'csl-json':
      return cslJsonRemovals(text, isCited);
    case 'csl-yaml':
      return cslYamlRemovals(text, isCited);
  }
}

/** A BibTeX field's value at the entry's top level: `{...}` (balanced) or `"..."`. */
const PROVENANCE_FIELD = /[,{(]\s*(?:annotation|note)\s*=\s*[{"]/gi;

function bibtexRemovals(text: string, isCited: (key: string) => boolean): UnusedPlan {
  const read = readBibtex(text);
  if (read.error !== undefined) return { removals: [], cited: [], writers: 0, error: read.error };
  const removals: EntryRemoval[] = [];
  const cited: string[] = [];
  let writers = 0;
  read.entries.forEach((entry, i) => {
    if (!bibtexEntryIsOurs(text.slice(entry.start, entry.end))) {
      writers++;
      return;
    }
    if (isCited(entry.key)) {
      cited.push(entry.key);
      return;
    }
    // The blank space before it goes too (back to the text before, kept); the first entry keeps it.
    const start = i === 0 ? entry.start : afterContent(text, entry.start);
    removals.push({ keys: [entry.key], start, end: entry.end });
  });
  return { removals, cited, writers };
}

function bibtexEntryIsOurs(entry: string): boolean {
  for (const m of entry.matchAll(PROVENANCE_FIELD)) {
    const open = m.index + m[0].length - 1;
    const value = entry[open] === '{' ? braced(entry, open) : entry.slice(open + 1, entry.indexOf('"', open + 1));
    if (value !== undefined && isDigestNotesProvenance(latexToText(value))) return true;
  }
  return false;
}

/** The text inside the braces opening at `open` (nested braces kept), undefined when unbalanced. */
function braced(text: string, open: number): string | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  return undefined;
}

function cslJsonRemovals(text: string, isCited: (key: string) => boolean): UnusedPlan {
  const read = readCslJson(text);
  if (read.error !== undefined) return { removals: [], cited: [], writers: 0, error: read.error };
  const items = read.layout?.items ?? [];
  const verdicts = items.map(([start, end]) => cslVerdict(JSON.parse(text.slice(start, end)) as unknown, isCited));
  const removals: EntryRemoval[] = [];
  // Runs of neighbouring items, so each edit leaves valid JSON alone: a run followed by a kept item
  // goes up to that item; a run at the end goes from the end of the kept item before it.
  for (let a = 0; a < items.length; a++) {
    if (verdicts[a].remove === undefined) continue;
    let b = a;
    while (b + 1 < items.length && verdicts[b + 1].remove !== undefined) b++;
    const keys = verdicts.slice(a, b + 1).map(v => v.remove!);
    if (b + 1 < items.length) removals.push({ keys, start: items[a][0], end: items[b + 1][0] });
    else if (a > 0) removals.push({ keys, start: items[a - 1][1], end: items[b][1] });
    else removals.push({ keys, start: items[a][0], end: items[b][1] });
    a = b;
  }
  return summary(removals, verdicts);
}

function cslYamlRemovals(text: string, isCited: (key: string) => boolean): UnusedPlan {
  const read = readCslYaml(text);
  if (read.error !== undefined) return { removals: [], cited: [], writers: 0, error: read.error };
  const nodes = read.list?.items ?? [];
  const verdicts = nodes.map(node => cslVerdict(isMap(node) ? (node as YAMLMap).toJSON() : undefined, isCited, true));
  const removals: EntryRemoval[] = [];
  if (read.list?.flow) {
    // `[{...}, {...}]` on one line: there are no lines to take out; the writer's layout is kept.
    return { ...summary([], verdicts), removals: [] };
  }
  nodes.forEach((node, i) => {
    const key = verdicts[i].remove;
    if (key === undefined || !isMap(node) || !node.range) return;
    // From the start of its `- ` line to the start of the next item's line (or the item's end).
    const start = text.lastIndexOf('\n', node.range[0] - 1) + 1;
    const next = nodes[i + 1];
    const end =
      next && (isMap(next) || isScalar(next)) && next.range ? text.lastIndexOf('\n', next.range[0] - 1) + 1 : lineEnd(text, node.range[2]);
    removals.push({ keys: [key], start, end });
  });
  return summary(removals, verdicts);
}

interface Verdict {
  /** The key to remove; undefined for a kept item. */
  readonly remove?: string;
  readonly cited?: string;
  readonly writers?: boolean;
}

function cslVerdict(item: unknown, isCited: (key: string) => boolean, markdown = false): Verdict {
  if (item === null || typeof item !== 'object') return { writers: true };
  const { id, annote, note } = item as { id?: unknown; annote?: unknown; note?: unknown };
  if (typeof id !== 'string' && typeof id !== 'number') return { writers: true };
  const ours = [annote, note].some(v => typeof v === 'string' && isDigestNotesProvenance(markdown ? unescapeMarkdown(v) : v));
  if (!ours) return { writers: true };
  return isCited(String(id)) ? { cited: String(id) } : { remove: String(id) };
}

function summary(removals: EntryRemoval[], verdicts: readonly Verdict[]): UnusedPlan {
  return {
    removals,
    cited: verdicts.flatMap(v => (v.cited !== undefined ? [v.cited] : [])),
    writers: verdicts.filter(v => v.writers).length,
  };
}

/** Just past the last non-space character before `at`. */
function afterContent(text: string, at: number): number {
  let i = at;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return i;
}

/** `at`, moved past the rest of its line and the line break. */
function lineEnd(text: string, at: number): number {
  const back = afterContent(text, at);
  const newline = text.indexOf('\n', back);
  return newline === -1 ? text.length : newline + 1;
}
