import * as vscode from 'vscode';
import { daySections } from '../../core/digest/daySections';
import { latestDate, newestFirst } from '../../core/digest/newestFirst';
import type { Library } from '../../core/library/library';
import { filterHaystack, matchesHaystack } from '../../core/library/paperFilter';
import type { DigestEntry, Paper, ParsedDigest } from '../../core/model';
import type { ReadingStatus } from '../../core/reading/readingState';
import type { ReadingPaper } from '../../core/reading/readingState';
import { DayNode, DigestNode, PaperNode } from './nodes';

/** Which papers the view shows by their reading state: dismissed ones only when asked. */
export type PapersShown = 'all' | 'unread' | 'starred';

export interface NodeFilter {
  readonly terms: readonly string[];
  readonly shown: PapersShown;
  readonly showDismissed: boolean;
  readonly status: (paper: ReadingPaper) => ReadingStatus;
}

/** Whether a paper with `status` is shown under `filter`. */
export function shownByStatus(status: ReadingStatus, filter: Pick<NodeFilter, 'shown' | 'showDismissed'>): boolean {
  if (status === 'dismissed') return filter.showDismissed;
  if (filter.shown === 'unread') return status === 'unread';
  if (filter.shown === 'starred') return status === 'starred';
  return true;
}

/**
 * The view's nodes, newest first: digests by their latest day, days by date (what has no date
 * last, as written). `idPrefix` separates filtered nodes' ids from the plain ones', so VS Code
 * keeps the writer's folding of each apart.
 */
export function buildDigestNodes(
  digests: readonly { readonly uri: string; readonly parsed: ParsedDigest }[],
  library: Library,
  filter: NodeFilter,
  idPrefix: string,
): DigestNode[] {
  const filtering = filter.terms.length > 0 || filter.shown !== 'all' || filter.showDismissed;
  const nodes: DigestNode[] = [];
  for (const { uri, parsed } of digests) {
    const node = digestNode(`${idPrefix}${uri}`, vscode.Uri.parse(uri));
    addDays(node, parsed, library, filter);
    if (!filtering || node.days.length > 0) nodes.push(node);
  }
  return newestFirst(nodes, node => latestDate(node.days.map(day => day.date)));
}

function digestNode(id: string, uri: vscode.Uri): DigestNode {
  const relative = vscode.workspace.asRelativePath(uri, false);
  const slash = relative.lastIndexOf('/');
  return new DigestNode(id, uri, relative.slice(slash + 1), slash === -1 ? '' : relative.slice(0, slash));
}

/** Adds the digest's days, newest first, keeping only the papers the filter shows. */
function addDays(node: DigestNode, parsed: ParsedDigest, library: Library, filter: NodeFilter): void {
  const seenDays = new Map<string, number>();
  const days: DayNode[] = [];
  for (const group of daySections(parsed)) {
    const n = seenDays.get(group.label) ?? 0;
    seenDays.set(group.label, n + 1);
    const day = new DayNode(`${node.id}|day:${group.label}|${n}`, node, group.label, group.date, group.line);
    addPapers(day, group.entries, library, filter, group.label);
    if (day.papers.length > 0 || (filter.terms.length === 0 && filter.shown === 'all')) days.push(day);
  }
  node.days.push(...newestFirst(days, day => day.date));
}

function addPapers(day: DayNode, entries: readonly DigestEntry[], library: Library, filter: NodeFilter, dayLabel: string): void {
  const seenKeys = new Map<string, number>();
  for (const entry of entries) {
    const paper = library.byTitle(entry.title);
    if (!paper || !shownByStatus(filter.status(paper), filter)) continue;
    if (filter.terms.length > 0 && !matchesHaystack(haystackOf(entry, paper, dayLabel), filter.terms)) continue;
    const n = seenKeys.get(paper.key) ?? 0;
    seenKeys.set(paper.key, n + 1);
    day.papers.push(
      new PaperNode(
        `${day.id}|${paper.key}|${n}`,
        day,
        paper.key,
        entry.title,
        entry.abstract,
        entry.links,
        entry.titleLine,
        entry.range.end,
        paper.metadata,
        paper.year,
      ),
    );
  }
}

/** Each entry's filter haystack, kept while the entry and its paper stay the same objects (re-filtering is then cheap). */
const haystacks = new WeakMap<DigestEntry, { readonly paper: Paper; readonly haystack: string }>();

/** The one filter rule (core/library/paperFilter.ts): title, key, authors, day and abstract. */
function haystackOf(entry: DigestEntry, paper: Paper, day: string): string {
  const cached = haystacks.get(entry);
  if (cached?.paper === paper) return cached.haystack;
  const authors = (paper.metadata?.authors ?? []).map(author => author.literal);
  const haystack = filterHaystack({ title: entry.title, key: paper.key, abstract: entry.abstract, authors, day });
  haystacks.set(entry, { paper, haystack });
  return haystack;
}
