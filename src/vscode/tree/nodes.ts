import type * as vscode from 'vscode';
import type { PaperLink, PaperMetadata } from '../../core/model';

/**
 * The Papers view's nodes: plain data (as in VS Code's references-view); `PapersTreeProvider`
 * turns them into `TreeItem`s. Commands run from the view receive these objects, so each carries
 * what a command needs: a digest its `uri` (the preview opens it), a paper its `key`.
 */
export type PapersNode = DigestNode | DayNode | PaperNode | ForYouNode | ForYouPaperNode;

export class DigestNode {
  readonly kind = 'digest';
  constructor(
    readonly id: string,
    readonly uri: vscode.Uri,
    /** File name, e.g. `hf-daily-papers-mar14.digest.txt`. */
    readonly label: string,
    /** Folder relative to the workspace, '' at its root. */
    readonly folder: string,
    readonly days: DayNode[] = [],
  ) {}
}

export class DayNode {
  readonly kind = 'day';
  constructor(
    readonly id: string,
    readonly parent: DigestNode,
    /** The day line as written (`Mar 14`), or '' for papers before any day line. */
    readonly label: string,
    readonly date: string | null,
    /** 0-based line of the day line; -1 for papers before any day line. */
    readonly line: number,
    readonly papers: PaperNode[] = [],
  ) {}
}

/** One occurrence of a paper: the same paper on two days is two nodes with the same key. */
export class PaperNode {
  readonly kind = 'paper';
  constructor(
    readonly id: string,
    readonly parent: DayNode,
    readonly key: string,
    readonly title: string,
    /** This occurrence's abstract. */
    readonly abstract: string,
    readonly links: readonly PaperLink[],
    /** 0-based lines in the digest: the title line and the last line of the entry. */
    readonly titleLine: number,
    readonly endLine: number,
    /** The paper's authors, ids and dates when a source or the metadata file knows them. */
    readonly metadata?: PaperMetadata,
    /** The year when known (from the day line, the file name, the metadata). */
    readonly year: number | null = null,
  ) {}

  get digestUri(): vscode.Uri {
    return this.parent.parent.uri;
  }

  get day(): string {
    return this.parent.label;
  }
}

/** "For you": the latest days' best-ranked papers, a root above the digests. */
export class ForYouNode {
  readonly kind = 'forYou';
  readonly id = 'forYou';
  constructor(readonly papers: ForYouPaperNode[] = []) {}
}

/** A ranked paper under "For you": the paper's node (for its commands) and why it is there. */
export class ForYouPaperNode {
  readonly kind = 'forYouPaper';
  constructor(
    readonly parent: ForYouNode,
    readonly paper: PaperNode,
    readonly score: number,
    readonly why: readonly string[],
  ) {}

  get id(): string {
    return `forYou:${this.paper.key}`;
  }

  /** Commands given this node find the paper's key as on a paper node. */
  get key(): string {
    return this.paper.key;
  }
}

/** The paper node a command was given: a paper's, or the one a "For you" row stands for. */
export function paperNodeOf(node: unknown): PaperNode | undefined {
  if (node instanceof ForYouPaperNode) return node.paper;
  return node instanceof PaperNode ? node : undefined;
}
