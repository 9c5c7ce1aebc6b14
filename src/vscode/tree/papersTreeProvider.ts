import * as vscode from 'vscode';
import type { Library } from '../../core/library/library';
import type { DigestEntry, Paper, ParsedDigest } from '../../core/model';
import { filterHaystack, filterTerms, matchesHaystack } from '../../core/library/paperFilter';
import { daySections } from '../../core/digest/daySections';
import { paperHoverMarkdown } from '../../core/library/paperMarkdown';
import type { DigestWorkspace } from '../workspace/digestWorkspace';
import { Disposable } from '../util/disposable';
import { DayNode, DigestNode, PaperNode, type PapersNode } from './nodes';
import type { NoteIndex } from '../workspace/noteIndex';

/** How much of the abstract a paper's tooltip shows. */
const TOOLTIP_ABSTRACT_LENGTH = 300;
/** With more digests than this, digests start collapsed. */
const EXPANDED_DIGESTS = 3;

/**
 * The Papers view: the workspace's digests, their days, their papers. Nodes are rebuilt from the
 * workspace model (which re-parses only the digest that changed) whenever it changes: keys can
 * shift across digests, and building nodes is cheap next to parsing. Ids are stable, so VS Code
 * keeps expansion and selection across rebuilds.
 */
export class PapersTreeProvider extends Disposable implements vscode.TreeDataProvider<PapersNode> {
  private roots: Promise<DigestNode[]> | undefined;
  private filterText = '';
  /** Few digests start expanded, many collapsed (VS Code remembers the user's choice after). */
  private expandDigests = true;
  private readonly changeEmitter = this.register(new vscode.EventEmitter<PapersNode | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;

  /**
   * @param citationCount how many files cite a key (the Cited In index); asked only when a
   *   tooltip is shown, so the tree never waits for that scan.
   */
  constructor(
    private readonly workspace: DigestWorkspace,
    private readonly notes: NoteIndex,
    private readonly citationCount: (key: string) => Promise<number | undefined> = async () => undefined,
  ) {
    super();
    this.register(workspace.onDidChange(() => this.invalidate()));
    // Only icons change: the same nodes, their items made again.
    this.register(notes.onDidChange(() => this.changeEmitter.fire(undefined)));
  }

  /** The text filter as set ('' for none). */
  get filter(): string {
    return this.filterText;
  }

  /** Shows only papers matching every word of `text` (core/library/paperFilter.ts); '' shows all. */
  setFilter(text: string): void {
    this.filterText = text.trim();
    this.invalidate();
  }

  getTreeItem(node: PapersNode): vscode.TreeItem {
    switch (node.kind) {
      case 'digest':
        return this.digestItem(node);
      case 'day':
        return dayItem(node);
      case 'paper':
        return this.paperItem(node);
    }
  }

  async getChildren(node?: PapersNode): Promise<PapersNode[]> {
    if (!node) {
      return this.digestNodes();
    }
    switch (node.kind) {
      case 'digest':
        return node.days;
      case 'day':
        return node.papers;
      case 'paper':
        return [];
    }
  }

  getParent(node: PapersNode): PapersNode | undefined {
    return node.kind === 'digest' ? undefined : node.parent;
  }

  /** The current digest nodes (built on first call after a change). */
  digestNodes(): Promise<DigestNode[]> {
    this.roots ??= this.build();
    return this.roots;
  }

  /** The paper whose lines (title to abstract end) hold `line` in the digest at `uri`. */
  async paperAt(uri: vscode.Uri, line: number): Promise<PaperNode | undefined> {
    const digest = (await this.digestNodes()).find(d => d.uri.toString() === uri.toString());
    return digest?.days.flatMap(day => day.papers).find(p => p.titleLine <= line && line <= p.endLine);
  }

  /** Every paper node shown, in tree order. */
  async paperNodes(): Promise<PaperNode[]> {
    return (await this.digestNodes()).flatMap(d => d.days.flatMap(day => day.papers));
  }

  private invalidate(): void {
    this.roots = undefined;
    this.changeEmitter.fire(undefined);
  }

  private async build(): Promise<DigestNode[]> {
    const [library] = await Promise.all([this.workspace.library(), this.notes.load()]);
    const terms = filterTerms(this.filterText);
    // Filtered nodes get other ids, so VS Code shows them expanded whatever the user had folded.
    const prefix = terms.length > 0 ? 'filtered:' : '';
    const nodes: DigestNode[] = [];
    for (const uri of this.workspace.digestUris()) {
      const parsed = this.workspace.digest(uri);
      if (!parsed) {
        continue;
      }
      const node = digestNode(`${prefix}${uri}`, vscode.Uri.parse(uri));
      addDays(node, parsed, library, terms);
      if (terms.length === 0 || node.days.length > 0) {
        nodes.push(node);
      }
    }
    this.expandDigests = nodes.length <= EXPANDED_DIGESTS;
    return nodes;
  }

  private digestItem(node: DigestNode): vscode.TreeItem {
    const count = node.days.reduce((sum, day) => sum + day.papers.length, 0);
    const expanded = this.filterText !== '' || this.expandDigests;
    const state =
      node.days.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.resourceUri = node.uri;
    item.iconPath = vscode.ThemeIcon.File;
    item.description = [node.folder, papersCount(count)].filter(Boolean).join(' · ');
    item.tooltip = vscode.workspace.asRelativePath(node.uri);
    item.contextValue = 'digest';
    return item;
  }

  /** Completes a paper's tooltip with how many files cite it, when the user hovers it. */
  async resolveTreeItem(item: vscode.TreeItem, node: PapersNode): Promise<vscode.TreeItem> {
    if (node instanceof PaperNode) {
      const count = await this.citationCount(node.key);
      item.tooltip = paperTooltip(node, this.notes.has(node.key), count);
    }
    return item;
  }

  private paperItem(node: PaperNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.title, vscode.TreeItemCollapsibleState.None);
    const hasNote = this.notes.has(node.key);
    item.id = node.id;
    item.description = [node.key, node.day].filter(Boolean).join(' · ');
    item.iconPath = hasNote ? new vscode.ThemeIcon('note', new vscode.ThemeColor('charts.green')) : new vscode.ThemeIcon('book');
    item.tooltip = paperTooltip(node, hasNote);
    item.command = { title: 'Preview Paper', command: 'digestNotes.previewPaper', arguments: [node.key] };
    item.contextValue = ['paper', node.links.length > 0 ? 'linked' : '', hasNote ? 'noted' : ''].filter(Boolean).join('.');
    item.accessibilityInformation = { label: `${node.title}, ${item.description}${hasNote ? ', has a note' : ''}` };
    return item;
  }
}

function digestNode(id: string, uri: vscode.Uri): DigestNode {
  const relative = vscode.workspace.asRelativePath(uri, false);
  const slash = relative.lastIndexOf('/');
  return new DigestNode(id, uri, relative.slice(slash + 1), slash === -1 ? '' : relative.slice(0, slash));
}

/** Adds the digest's days (papers before any day line first), keeping only matching papers. */
function addDays(node: DigestNode, parsed: ParsedDigest, library: Library, terms: readonly string[]): void {
  const groups = daySections(parsed);
  const seenDays = new Map<string, number>();
  for (const group of groups) {
    const n = seenDays.get(group.label) ?? 0;
    seenDays.set(group.label, n + 1);
    const day = new DayNode(`${node.id}|day:${group.label}|${n}`, node, group.label, group.date, group.line);
    addPapers(day, group.entries, library, terms, group.label);
    if (terms.length === 0 || day.papers.length > 0) {
      node.days.push(day);
    }
  }
}

function addPapers(day: DayNode, entries: readonly DigestEntry[], library: Library, terms: readonly string[], dayLabel: string): void {
  const seenKeys = new Map<string, number>();
  for (const entry of entries) {
    const paper = library.byTitle(entry.title);
    if (!paper || (terms.length > 0 && !matchesHaystack(haystackOf(entry, paper, dayLabel), terms))) {
      continue;
    }
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
      ),
    );
  }
}

function dayItem(node: DayNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label || 'Before any day', vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon('calendar');
  item.description = papersCount(node.papers.length);
  item.tooltip = node.date ?? (node.label ? `${node.label} (year unknown)` : 'Papers listed before any day line');
  item.contextValue = 'day';
  return item;
}

/** The paper's Markdown (core/library/paperMarkdown.ts: every text escaped, only http(s) links). */
function paperTooltip(node: PaperNode, hasNote: boolean, citingFiles?: number): vscode.MarkdownString {
  const markdown = paperHoverMarkdown(node, {
    citingFiles,
    facts: hasNote ? ['has a note'] : [],
    abstractLength: TOOLTIP_ABSTRACT_LENGTH,
    maxLinks: node.links.length,
  });
  return new vscode.MarkdownString(markdown, true);
}

function papersCount(n: number): string {
  return `${n} ${n === 1 ? 'paper' : 'papers'}`;
}

/** Each entry's filter haystack, kept while the entry and its paper stay the same objects (re-filtering is then cheap). */
const haystacks = new WeakMap<DigestEntry, { readonly paper: Paper; readonly haystack: string }>();

function haystackOf(entry: DigestEntry, paper: Paper, day: string): string {
  const cached = haystacks.get(entry);
  if (cached?.paper === paper) {
    return cached.haystack;
  }
  const authors = (paper.metadata?.authors ?? []).map(author => author.literal);
  const haystack = filterHaystack({ title: entry.title, key: paper.key, abstract: entry.abstract, authors, day });
  haystacks.set(entry, { paper, haystack });
  return haystack;
}
