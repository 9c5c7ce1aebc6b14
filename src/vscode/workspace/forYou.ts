import * as vscode from 'vscode';
import { runInSlices } from '../../core/util/slices';
import type { Library } from '../../core/library/library';
import type { Paper } from '../../core/model';
import { rankDocumentOf, rankingBasis, type RankDocument, type RankedPaper } from '../../core/rank';
import { Disposable } from '../util/disposable';
import { log } from '../util/log';
import type { CitedInIndex } from './citedInIndex';
import type { DigestWorkspace } from './digestWorkspace';
import type { NoteIndex } from './noteIndex';
import type { ReadingState } from './readingState';

/** The latest this many listing days are the papers "For you" ranks. */
const CANDIDATE_DAYS = 3;
/** How many papers "Relevant to This Draft" ranks unless told. */
const RANKED_LIMIT = 20;

/** Where the sort order is kept, per workspace, across reloads. */
const SORT_KEY = 'digestNotes.papersSort';

/** The order of papers inside each day (the Papers view, the preview): as listed, or best ranked first. */
export type PapersSort = 'newest' | 'forYou';

/** A ranked paper of the library, with its score and why. */
export interface ForYouPaper {
  readonly paper: Paper;
  readonly score: number;
  readonly why: readonly string[];
}

/**
 * "For you": the papers of the latest days ranked by the writer's taste, in the index worker.
 * Liked = starred, cited (in a draft or bibliography) or noted; dismissed papers are negatives.
 * Nothing is ranked at activation: only when a view or a command asks, and the answer is kept
 * until the library, the reading state, the notes or Cited In change.
 */
export class ForYou extends Disposable {
  private cached: { readonly papers: Promise<ForYouPaper[]>; readonly basis: Promise<string | undefined> } | undefined;
  /** The corpus sent to the worker, kept per library so it is sent once (the worker keeps its features). */
  private corpus: { library: Library; documents: readonly RankDocument[] } | undefined;
  private readonly changeEmitter = this.register(new vscode.EventEmitter<void>());
  /** The ranking is out of date (asked again, it is computed again). */
  readonly onDidChange = this.changeEmitter.event;
  private readonly sortEmitter = this.register(new vscode.EventEmitter<PapersSort>());
  /** The writer chose another sort order. */
  readonly onDidChangeSort = this.sortEmitter.event;
  private sortOrder: PapersSort;

  constructor(
    private readonly workspace: DigestWorkspace,
    private readonly reading: ReadingState,
    private readonly notes: NoteIndex,
    private readonly citedIn: CitedInIndex,
    private readonly memento?: vscode.Memento,
  ) {
    super();
    this.sortOrder = memento?.get<PapersSort>(SORT_KEY) === 'forYou' ? 'forYou' : 'newest';
    for (const event of [workspace.onDidChange, reading.onDidChange, notes.onDidChange, citedIn.onDidChange]) {
      this.register(event(() => this.invalidate()));
    }
  }

  /** The order of papers inside each day, shared by the Papers view and the preview. */
  get sort(): PapersSort {
    return this.sortOrder;
  }

  /**
   * Sets the sort order, kept in the workspace's state. Choosing the same order again fires too:
   * it is how the writer asks the preview to order its cards afresh (they hold still while she triages).
   */
  async setSort(sort: PapersSort): Promise<void> {
    const changed = sort !== this.sortOrder;
    this.sortOrder = sort;
    this.sortEmitter.fire(sort);
    if (changed) await this.memento?.update(SORT_KEY, sort);
  }

  /** The ranking if one was computed and is still current, without computing it. */
  get current(): Promise<ForYouPaper[]> | undefined {
    return this.cached?.papers;
  }

  /** How the current ranking ranks (`ranked by similarity to your 3 liked papers`), said once above a ranked list. */
  basis(): Promise<string | undefined> {
    void this.ranked();
    return this.cached?.basis ?? Promise.resolve(undefined);
  }

  /**
   * Every paper of the latest days (not liked or dismissed) ranked by taste, best first, each with
   * why (the tree's section shows the first, its sort order and the preview all of them); empty
   * when nothing is liked or nothing is new.
   */
  ranked(): Promise<ForYouPaper[]> {
    if (this.cached) return this.cached.papers;
    const ranking = this.rank();
    const cached = {
      papers: ranking.then(r => r.papers),
      basis: ranking.then(
        r => r.basis,
        () => undefined,
      ),
    };
    this.cached = cached;
    // A failed ranking is not kept: the next ask tries again.
    cached.papers.catch(error => {
      log.warn(`For you: ranking failed: ${String(error)}`);
      if (this.cached === cached) this.cached = undefined;
    });
    return cached.papers;
  }

  /** The latest days' papers ranked by similarity to `text` (a draft), best first. */
  async relevantTo(text: string, limit = RANKED_LIMIT): Promise<ForYouPaper[]> {
    const { library, candidates, documents } = await this.gather();
    if (candidates.length === 0 || text.trim() === '') return [];
    const index = await this.workspace.index();
    return withPapers(library, await index.rank(documents, { liked: [], candidates, text, limit }));
  }

  private invalidate(): void {
    if (this.cached === undefined) return;
    this.cached = undefined;
    this.changeEmitter.fire();
  }

  private async rank(): Promise<{ papers: ForYouPaper[]; basis?: string }> {
    const { library, candidates, documents } = await this.gather();
    await Promise.all([this.reading.load(), this.notes.load()]);
    const first = library.papers[0];
    // Waits for the Cited In scan once, so cited papers count; after it the counts are synchronous.
    if (first) await this.citedIn.citationCount(first.key);
    const liked: string[] = [];
    const dismissed: string[] = [];
    await runInSlices(library.papers, paper => {
      const status = this.reading.status(paper);
      if (status === 'dismissed') dismissed.push(paper.key);
      else if (status === 'starred' || this.notes.has(paper.key) || (this.citedIn.citationCountNow(paper.key) ?? 0) > 0) {
        liked.push(paper.key);
      }
    });
    const taken = new Set([...liked, ...dismissed]);
    const open = candidates.filter(key => !taken.has(key));
    if (liked.length === 0 || open.length === 0) return { papers: [] };
    const index = await this.workspace.index();
    const papers = withPapers(library, await index.rank(documents, { liked, dismissed, candidates: open, limit: open.length }));
    return { papers, basis: rankingBasis(liked.length) };
  }

  /** The library, the keys of its papers of the latest days, and the corpus for the worker. */
  private async gather(): Promise<{ library: Library; candidates: string[]; documents: readonly RankDocument[] }> {
    const library = await this.workspace.library();
    if (this.corpus?.library !== library) {
      // In slices: at 10k papers one pass held the host's thread over the 50 ms a writer feels.
      const documents: RankDocument[] = [];
      await runInSlices(library.papers, paper => documents.push(rankDocumentOf(paper)));
      this.corpus = { library, documents };
    }
    const days = [...new Set(library.papers.map(paper => paper.date).filter((date): date is string => date !== null))]
      .sort()
      .slice(-CANDIDATE_DAYS);
    const latest = new Set(days);
    const candidates = library.papers.filter(paper => paper.date !== null && latest.has(paper.date)).map(paper => paper.key);
    return { library, candidates, documents: this.corpus.documents };
  }
}

function withPapers(library: Library, ranked: readonly RankedPaper[]): ForYouPaper[] {
  return ranked.flatMap(result => {
    const paper = library.byKey(result.key);
    return paper ? [{ paper, score: result.score, why: result.why }] : [];
  });
}
