import * as vscode from 'vscode';
import { latestDate } from '../../core/digest/newestFirst';
import type { Services } from '../services';
import { Disposable } from '../util/disposable';
import { KeyedDebouncer } from '../util/debouncer';
import type { PapersNode } from './nodes';
import type { PapersTreeProvider } from './papersTreeProvider';

const SEEN_KEY = 'digestNotes.papersSeenThrough';
const BADGE_DELAY_MS = 300;

/**
 * The number on the Papers view's icon: unread papers of days newer than the newest day the
 * writer had when they last looked at the view. Looking at the view clears it.
 */
export class NewPapersBadge extends Disposable {
  private readonly updates = this.register(new KeyedDebouncer<'badge'>(BADGE_DELAY_MS));

  constructor(
    private readonly memento: vscode.Memento,
    private readonly provider: PapersTreeProvider,
    private readonly view: vscode.TreeView<PapersNode>,
    services: Services,
  ) {
    super();
    const schedule = () => this.updates.schedule('badge', () => void this.update());
    this.register(services.workspace.onDidChange(schedule));
    this.register(services.reading.onDidChange(schedule));
    this.register(view.onDidChangeVisibility(schedule));
    if (view.visible) schedule();
  }

  private async update(): Promise<void> {
    const digests = await this.provider.digestNodes();
    const newest = latestDate(digests.flatMap(d => d.days.map(day => day.date)));
    const seen = this.memento.get<string>(SEEN_KEY);
    if (this.view.visible || seen === undefined) {
      // The first look (or the first load ever) counts as seen: no badge for papers the writer is looking at.
      if (newest && newest !== seen) await this.memento.update(SEEN_KEY, newest);
      this.view.badge = undefined;
      return;
    }
    const fresh = digests
      .flatMap(d => d.days)
      .filter(day => day.date !== null && day.date > seen)
      .flatMap(day => day.papers)
      .filter(paper => this.provider.status(paper) === 'unread');
    const keys = new Set(fresh.map(paper => paper.key));
    this.view.badge =
      keys.size > 0 ? { value: keys.size, tooltip: vscode.l10n.t('{0} new papers since your last visit', keys.size) } : undefined;
  }
}
