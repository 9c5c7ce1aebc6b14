import * as vscode from 'vscode';
import { filterTerms } from '../../core/library/paperFilter';
import { paperHoverMarkdown } from '../../core/library/paperMarkdown';
import { orderByScore } from '../../core/rank';
import type { ReadingStatus } from '../../core/reading/readingState';
import type { DigestWorkspace } from '../workspace/digestWorkspace';
import type { ForYou, ForYouPaper } from '../workspace/forYou';
import type { NoteIndex } from '../workspace/noteIndex';
import type { ReadingState } from '../workspace/readingState';
import { Disposable } from '../util/disposable';
import { buildDigestNodes, type PapersShown } from './buildNodes';
import { DayNode, DigestNode, ForYouNode, ForYouPaperNode, PaperNode, type PapersNode } from './nodes';
import { TreeExpansion } from './treeExpansion';

/** How much of the abstract a paper's tooltip shows. */
const TOOLTIP_ABSTRACT_LENGTH = 300;
/** How many ranked papers the "For you" section lists. */
const FOR_YOU_SHOWN = 10;

/** What the provider asks of other indexes without waiting for them. */
export interface PaperFacts {
  /** Files citing `key`, undefined until the Cited In scan finished (asked when a tooltip shows). */
  readonly citationCount: (key: string) => Promise<number | undefined>;
  /** The same without waiting: undefined before the scan finished. */
  readonly citationCountNow: (key: string) => number | undefined;
}

/**
 * The Papers view: the workspace's digests, their days, their papers, newest first. Nodes are
 * rebuilt from the workspace model (which re-parses only the digest that changed) whenever it
 * changes. Ids are stable, and folding is remembered (`TreeExpansion`) across filtering and
 * reloads; what the writer never folded opens on the newest day.
 */
export class PapersTreeProvider extends Disposable implements vscode.TreeDataProvider<PapersNode> {
  private roots: Promise<DigestNode[]> | undefined;
  private filterText = '';
  private shownPapers: PapersShown = 'all';
  private dismissedShown = false;
  /** The id of the newest day (open unless the writer folded it). */
  private newestDayId: string | undefined;
  /** The last "For you" ranking received, and the one being computed (the tree never waits for it). */
  private forYouShown: { from: Promise<ForYouPaper[]>; papers: readonly ForYouPaper[] } | undefined;
  private forYouAsked: Promise<ForYouPaper[]> | undefined;
  private readonly changeEmitter = this.register(new vscode.EventEmitter<PapersNode | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(
    private readonly workspace: DigestWorkspace,
    private readonly notes: NoteIndex,
    private readonly reading: ReadingState,
    private readonly expansion: TreeExpansion,
    private readonly facts: PaperFacts = { citationCount: async () => undefined, citationCountNow: () => undefined },
    private readonly forYou?: ForYou,
  ) {
    super();
    // A new ranking is asked when the roots are shown again.
    if (forYou) this.register(forYou.onDidChange(() => this.changeEmitter.fire(undefined)));
    // Each day's papers are ordered again (by the last ranking, or as listed).
    if (forYou) this.register(forYou.onDidChangeSort(() => this.invalidate()));
    this.register(workspace.onDidChange(() => this.invalidate()));
    // Only icons change: the same nodes, their items made again.
    this.register(notes.onDidChange(() => this.changeEmitter.fire(undefined)));
    // A dismissed paper leaves the view (and counts change): the nodes are built again.
    this.register(reading.onDidChange(() => this.invalidate()));
  }

  /** The text filter as set ('' for none). */
  get filter(): string {
    return this.filterText;
  }

  get shown(): PapersShown {
    return this.shownPapers;
  }

  get showDismissed(): boolean {
    return this.dismissedShown;
  }

  /** Shows only papers whose title, key or abstract hold every word of `text`; '' shows all. */
  setFilter(text: string): void {
    this.filterText = text.trim();
    this.invalidate();
  }

  /** Shows all papers, the unread or the starred ones; dismissed ones only with `showDismissed`. */
  setShown(shown: PapersShown, showDismissed = this.dismissedShown): void {
    this.shownPapers = shown;
    this.dismissedShown = showDismissed;
    this.invalidate();
  }

  /** The score of each ranked paper, when sorted for you and a ranking arrived. */
  private sortScores(): Map<string, number> | undefined {
    if (this.forYou?.sort !== 'forYou' || !this.forYouShown) return undefined;
    return new Map(this.forYouShown.papers.map(ranked => [ranked.paper.key, ranked.score]));
  }

  getTreeItem(node: PapersNode): vscode.TreeItem {
    switch (node.kind) {
      case 'digest':
        return this.digestItem(node);
      case 'day':
        return this.dayItem(node);
      case 'paper':
        return this.paperItem(node);
      case 'forYou':
        return this.forYouItem(node);
      case 'forYouPaper':
        return this.forYouPaperItem(node);
    }
  }

  async getChildren(node?: PapersNode): Promise<PapersNode[]> {
    if (!node) {
      const digests = await this.digestNodes();
      const forYou = await this.forYouNode();
      return forYou ? [forYou, ...digests] : digests;
    }
    switch (node.kind) {
      case 'digest':
        return node.days;
      case 'day':
        return node.papers;
      case 'paper':
      case 'forYouPaper':
        return [];
      case 'forYou':
        return node.papers;
    }
  }

  getParent(node: PapersNode): PapersNode | undefined {
    return node.kind === 'digest' || node.kind === 'forYou' ? undefined : node.parent;
  }

  /**
   * "For you" above the digests: the best-ranked papers shown in the tree, or none while nothing
   * is ranked (no liked paper, nothing new). The ranking runs in the worker; the tree shows the
   * last one received and is refreshed when the next arrives.
   */
  async forYouNode(): Promise<ForYouNode | undefined> {
    if (!this.forYou) return undefined;
    const ranking = this.forYou.ranked();
    if (this.forYouShown?.from !== ranking && this.forYouAsked !== ranking) {
      this.forYouAsked = ranking;
      ranking.then(
        papers => {
          this.forYouShown = { from: ranking, papers };
          // Sorted for you, the days' papers are ordered again; else only the section changes.
          if (this.forYou?.sort === 'forYou') this.invalidate();
          else this.changeEmitter.fire(undefined);
        },
        () => undefined, // logged by ForYou; the section keeps its last ranking
      );
    }
    const ranked = this.forYouShown?.papers ?? [];
    if (ranked.length === 0) return undefined;
    const byKey = new Map<string, PaperNode>();
    for (const paper of await this.paperNodes()) {
      if (!byKey.has(paper.key)) byKey.set(paper.key, paper);
    }
    const root = new ForYouNode();
    for (const { paper, score, why } of ranked) {
      const node = byKey.get(paper.key);
      if (node && root.papers.length < FOR_YOU_SHOWN) root.papers.push(new ForYouPaperNode(root, node, score, why));
    }
    return root.papers.length > 0 ? root : undefined;
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

  /** The reading status of a node's paper. */
  status(node: PaperNode): ReadingStatus {
    return this.reading.status(node);
  }

  private invalidate(): void {
    this.roots = undefined;
    this.changeEmitter.fire(undefined);
  }

  /** Makes the items again (icons, counts, badges), same nodes. */
  refreshItems(): void {
    this.changeEmitter.fire(undefined);
  }

  private async build(): Promise<DigestNode[]> {
    const [library] = await Promise.all([this.workspace.library(), this.notes.load(), this.reading.load()]);
    const terms = filterTerms(this.filterText);
    const filtered = terms.length > 0 || this.shownPapers !== 'all' || this.dismissedShown;
    const digests = this.workspace
      .digestUris()
      .map(uri => ({ uri, parsed: this.workspace.digest(uri)! }))
      .filter(d => d.parsed);
    const filter = { terms, shown: this.shownPapers, showDismissed: this.dismissedShown, status: this.reading.status.bind(this.reading) };
    const nodes = buildDigestNodes(digests, library, filter, filtered ? 'filtered:' : '');
    const scores = this.sortScores();
    if (scores) {
      for (const day of nodes.flatMap(digest => digest.days)) {
        const ordered = orderByScore(
          day.papers,
          paper => scores.get(paper.key),
          paper => this.reading.status(paper) === 'starred',
        );
        day.papers.splice(0, day.papers.length, ...ordered);
      }
    }
    this.newestDayId = nodes[0]?.days[0]?.id;
    return nodes;
  }

  private collapsible(node: DigestNode | DayNode | ForYouNode, openByDefault: boolean): vscode.TreeItemCollapsibleState {
    const open = this.filterText !== '' || (this.expansion.isExpanded(node.id) ?? openByDefault);
    return open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  }

  private unread(papers: readonly PaperNode[]): number {
    return papers.reduce((n, paper) => n + (this.reading.status(paper) === 'unread' ? 1 : 0), 0);
  }

  private digestItem(node: DigestNode): vscode.TreeItem {
    const papers = node.days.flatMap(day => day.papers);
    const newest = node.days.some(day => day.id === this.newestDayId);
    const state = node.days.length === 0 ? vscode.TreeItemCollapsibleState.None : this.collapsible(node, newest);
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.resourceUri = node.uri;
    item.iconPath = vscode.ThemeIcon.File;
    item.description = [node.folder, countsText(papers.length, this.unread(papers))].filter(Boolean).join(' · ');
    item.tooltip = vscode.workspace.asRelativePath(node.uri);
    item.contextValue = 'digest';
    return item;
  }

  private forYouItem(node: ForYouNode): vscode.TreeItem {
    const item = new vscode.TreeItem('For you', this.collapsible(node, true));
    item.id = node.id;
    item.iconPath = new vscode.ThemeIcon('sparkle');
    item.description = 'the latest days, ranked by what you starred, cited and noted';
    item.tooltip = 'Papers of the latest days ranked by the papers you starred, cited or noted (dismissed ones count against), best first';
    item.contextValue = 'forYou';
    return item;
  }

  /** The paper's own item, with why it is ranked here. */
  private forYouPaperItem(node: ForYouPaperNode): vscode.TreeItem {
    const item = this.paperItem(node.paper);
    const why = node.why.join('; ');
    item.id = node.id;
    item.description = why;
    const tooltip = paperTooltip(node.paper, this.factsOf(node.paper));
    tooltip.appendMarkdown('\n\n**Why:** ');
    tooltip.appendText(why);
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: `${node.paper.title}, ranked for you: ${why}` };
    return item;
  }

  private dayItem(node: DayNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label || 'Before any day', this.collapsible(node, node.id === this.newestDayId));
    item.id = node.id;
    item.iconPath = new vscode.ThemeIcon('calendar');
    item.description = countsText(node.papers.length, this.unread(node.papers));
    item.tooltip = node.date ?? (node.label ? `${node.label} (year unknown)` : 'Papers listed before any day line');
    item.contextValue = 'day';
    return item;
  }

  /** Completes a paper's tooltip with how many files cite it, when the user hovers it. */
  async resolveTreeItem(item: vscode.TreeItem, node: PapersNode): Promise<vscode.TreeItem> {
    if (node instanceof PaperNode) {
      const count = await this.facts.citationCount(node.key);
      item.tooltip = paperTooltip(node, this.factsOf(node), count);
    }
    return item;
  }

  private factsOf(node: PaperNode): string[] {
    const status = this.reading.status(node);
    return [
      status === 'unread' ? '' : status,
      this.notes.has(node.key) ? 'has a note' : '',
      (this.facts.citationCountNow(node.key) ?? 0) > 0 ? 'cited' : '',
    ].filter(Boolean);
  }

  private paperItem(node: PaperNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.title, vscode.TreeItemCollapsibleState.None);
    const status = this.reading.status(node);
    const hasNote = this.notes.has(node.key);
    const cited = (this.facts.citationCountNow(node.key) ?? 0) > 0;
    const badges = [status === 'starred' ? '★' : '', cited ? 'cited' : '', hasNote ? 'noted' : ''].filter(Boolean);
    item.id = node.id;
    item.description = [shortByline(node), node.key, ...badges].filter(Boolean).join(' · ');
    item.iconPath = statusIcon(status, hasNote);
    item.tooltip = paperTooltip(node, this.factsOf(node));
    item.command = { title: 'Preview Paper', command: 'digestNotes.previewPaper', arguments: [node.key] };
    item.contextValue = [
      'paper',
      node.links.length > 0 ? 'linked' : '',
      hasNote ? 'noted' : '',
      status,
      node.metadata?.arxiv ? 'arxiv' : '',
    ]
      .filter(Boolean)
      .join('.');
    const spoken = [status === 'unread' ? 'unread' : status, ...badges.filter(b => b !== '★')];
    item.accessibilityInformation = { label: `${node.title}, ${item.description}, ${spoken.join(', ')}` };
    return item;
  }
}

/** "Dunefsky et al. 2024", "Liu 2023", "2024"; undefined when neither is known. */
export function shortByline(node: Pick<PaperNode, 'metadata' | 'year'>): string | undefined {
  const authors = node.metadata?.authors ?? [];
  const first = authors[0] && (authors[0].family ?? authors[0].literal);
  const name = first && (authors.length > 1 ? `${first} et al.` : first);
  const year = node.metadata?.published?.slice(0, 4) ?? (node.year ? String(node.year) : undefined);
  return [name, year].filter(Boolean).join(' ') || undefined;
}

function statusIcon(status: ReadingStatus, hasNote: boolean): vscode.ThemeIcon {
  switch (status) {
    case 'starred':
      return new vscode.ThemeIcon('star-full', new vscode.ThemeColor('charts.yellow'));
    case 'dismissed':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    case 'unread':
      return hasNote
        ? new vscode.ThemeIcon('note', new vscode.ThemeColor('charts.green'))
        : new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor('charts.blue'));
    case 'read':
      return hasNote ? new vscode.ThemeIcon('note', new vscode.ThemeColor('charts.green')) : new vscode.ThemeIcon('book');
  }
}

/** The paper's Markdown (core/library/paperMarkdown.ts: every text escaped, only http(s) links). */
function paperTooltip(node: PaperNode, facts: string[], citingFiles?: number): vscode.MarkdownString {
  const markdown = paperHoverMarkdown(node, {
    citingFiles,
    facts,
    abstractLength: TOOLTIP_ABSTRACT_LENGTH,
    maxLinks: node.links.length,
  });
  return new vscode.MarkdownString(markdown, true);
}

function countsText(papers: number, unread: number): string {
  const count = `${papers} ${papers === 1 ? 'paper' : 'papers'}`;
  return unread > 0 ? `${count} · ${unread} unread` : count;
}
