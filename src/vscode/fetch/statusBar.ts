import * as vscode from 'vscode';
import type { FetchResult } from '../../core/fetch/run';

/**
 * What the last fetch brought, in the status bar ("Hugging Face: 23 new papers"): the start-up
 * fetch says it there rather than in a toast. A click opens the fetch folder's newest papers in
 * the Papers view; the tooltip lists each source.
 */
export class FetchStatus implements vscode.Disposable {
  private item: vscode.StatusBarItem | undefined;
  private hideTimer: ReturnType<typeof setTimeout> | undefined;

  /** The text shown, for the specs. */
  text(): string | undefined {
    return this.item?.text;
  }

  running(label: string): void {
    const item = this.ensure();
    item.text = `$(sync~spin) ${label}`;
    item.tooltip = vscode.l10n.t('Digest Notes: fetching new papers');
    item.show();
  }

  show(result: FetchResult): void {
    const item = this.ensure();
    const lines = summaryLines(result);
    const failed = result.sources.some(s => s.failure !== undefined);
    item.text = `${failed ? '$(warning)' : '$(cloud-download)'} ${lines.short}`;
    item.tooltip = lines.detail.join('\n');
    item.command = { command: 'workbench.view.extension.digestNotes', title: 'Show Papers' };
    item.show();
    if (this.hideTimer) clearTimeout(this.hideTimer);
    // It stays until the writer has had a chance to see it, then gives the room back.
    this.hideTimer = setTimeout(() => this.item?.hide(), 10 * 60_000);
  }

  hide(): void {
    this.item?.hide();
  }

  dispose(): void {
    if (this.hideTimer) clearTimeout(this.hideTimer);
    this.item?.dispose();
  }

  private ensure(): vscode.StatusBarItem {
    this.item ??= vscode.window.createStatusBarItem('digestNotes.fetch', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Digest Notes: New Papers';
    return this.item;
  }
}

/** "Hugging Face: 23 new papers · arXiv cs.CL: nothing new" and a line per source for the tooltip. */
export function summaryLines(result: FetchResult): { short: string; detail: string[] } {
  const parts: string[] = [];
  const detail: string[] = [];
  for (const source of result.sources) {
    const fresh = source.written.reduce((sum, f) => sum + f.newPapers, 0);
    const label = source.subscription.label;
    if (source.failure !== undefined) {
      parts.push(`${label}: failed`);
      detail.push(`${label}: ${source.failure}`);
      continue;
    }
    parts.push(`${label}: ${fresh === 0 ? 'nothing new' : `${fresh} new paper${fresh === 1 ? '' : 's'}`}`);
    detail.push(`${label}: ${source.written.map(f => `${f.path} (${f.papers} papers, ${f.newPapers} new)`).join(', ') || 'nothing new'}`);
    for (const note of source.notes) detail.push(`${label}: ${note}`);
  }
  if (result.cancelled) parts.push('cancelled');
  return { short: parts.join(' · '), detail };
}
