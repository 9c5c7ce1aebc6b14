import * as vscode from 'vscode';
import type { ReadingPaper, ReadingStatus } from '../../core/reading/readingState';
import type { Services } from '../services';
import { keysFromArguments, papersForKeys } from '../workspace/paperArguments';
import { pickPaperKey } from '../workspace/paperPicker';
import { DayNode, DigestNode, paperNodeOf, type PapersNode } from './nodes';
import type { PapersTreeProvider } from './papersTreeProvider';
import type { PapersShown } from './buildNodes';

/**
 * Triage: Mark Read / Unread, Star (toggles), Dismiss, Mark Day as Read, Show Papers (all, unread,
 * starred), Open on arXiv, Open PDF. Each takes a key, tree nodes (the clicked one and the
 * selection) or nothing (the selected papers, else a picker), so the preview's keys and other
 * extensions drive them too. Each resolves to the status set (or undefined when nothing was named).
 */
export function registerReadingCommands(
  services: Services,
  provider: PapersTreeProvider,
  view: vscode.TreeView<PapersNode>,
): vscode.Disposable[] {
  // A key pressed on a digest's or a day's row names no paper: say so rather than do nothing.
  const papersOf = async (arg: unknown, selected: unknown) => {
    const papers = await papersFromArguments(services, view, arg, selected);
    if (papers.length === 0 && (arg instanceof DayNode || arg instanceof DigestNode)) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Digest Notes: select a paper for this (on a day or a digest, Mark Day as Read marks all its papers).'),
      );
    }
    return papers;
  };
  const set = async (arg: unknown, selected: unknown, status: ReadingStatus) => {
    const papers = await papersOf(arg, selected);
    return papers.length > 0 && (await services.reading.set(papers, status)) ? status : undefined;
  };
  return [
    vscode.commands.registerCommand('digestNotes.markRead', (arg?: unknown, selected?: unknown) => set(arg, selected, 'read')),
    vscode.commands.registerCommand('digestNotes.markUnread', (arg?: unknown, selected?: unknown) => set(arg, selected, 'unread')),
    vscode.commands.registerCommand('digestNotes.dismiss', (arg?: unknown, selected?: unknown) => set(arg, selected, 'dismissed')),
    vscode.commands.registerCommand('digestNotes.toggleStar', async (arg?: unknown, selected?: unknown) => {
      const papers = await papersOf(arg, selected);
      await services.reading.load();
      // Several papers, some starred: star them all; all starred: unstar (they stay read).
      const status: ReadingStatus = papers.length > 0 && papers.every(p => services.reading.status(p) === 'starred') ? 'read' : 'starred';
      return papers.length > 0 && (await services.reading.set(papers, status)) ? status : undefined;
    }),
    vscode.commands.registerCommand('digestNotes.markDayRead', async (arg?: unknown) => {
      const node = arg instanceof DayNode || arg instanceof DigestNode ? arg : await newestDay(provider);
      const papers = node instanceof DigestNode ? node.days.flatMap(day => day.papers) : (node?.papers ?? []);
      return papers.length > 0 && (await services.reading.set(papers, 'read')) ? papers.length : 0;
    }),
    vscode.commands.registerCommand('digestNotes.showPapers', async (arg?: unknown) => {
      const shown = isShown(arg) ? { shown: arg, dismissed: false } : await pickShown(provider);
      if (shown) {
        provider.setShown(shown.shown, shown.dismissed);
        await vscode.commands.executeCommand('setContext', 'digestNotes.papersShown', shown.shown);
      }
      return shown?.shown;
    }),
    vscode.commands.registerCommand('digestNotes.openOnArxiv', (arg?: unknown, selected?: unknown) =>
      openArxiv(papersOf, arg, selected, 'abs'),
    ),
    vscode.commands.registerCommand('digestNotes.openPdf', (arg?: unknown, selected?: unknown) =>
      openArxiv(papersOf, arg, selected, 'pdf'),
    ),
  ];
}

/** The papers the arguments name; else the papers selected in the view; else one picked. */
async function papersFromArguments(
  services: Services,
  view: vscode.TreeView<PapersNode>,
  arg: unknown,
  selected: unknown,
): Promise<(ReadingPaper & { readonly key: string })[]> {
  const nodes = (Array.isArray(selected) && selected.length > 1 ? selected : [arg]).flatMap(n => paperNodeOf(n) ?? []);
  if (nodes.length > 0) return nodes;
  let keys = keysFromArguments(arg, selected);
  if (!keys && arg === undefined) {
    const fromView = view.selection.flatMap(n => paperNodeOf(n) ?? []);
    if (fromView.length > 0) return fromView;
    const key = await pickPaperKey(services, vscode.l10n.t('Which paper?'));
    keys = key === undefined ? undefined : [key];
  }
  return keys ? papersForKeys(services, keys) : [];
}

async function newestDay(provider: PapersTreeProvider): Promise<DayNode | undefined> {
  return (await provider.digestNodes())[0]?.days[0];
}

function isShown(arg: unknown): arg is PapersShown {
  return arg === 'all' || arg === 'unread' || arg === 'starred';
}

async function pickShown(provider: PapersTreeProvider): Promise<{ shown: PapersShown; dismissed: boolean } | undefined> {
  const choices: { label: string; shown: PapersShown; dismissed: boolean }[] = [
    { label: vscode.l10n.t('All papers'), shown: 'all', dismissed: false },
    { label: vscode.l10n.t('Unread'), shown: 'unread', dismissed: false },
    { label: vscode.l10n.t('Starred (to read)'), shown: 'starred', dismissed: false },
    { label: vscode.l10n.t('All, dismissed ones too'), shown: 'all', dismissed: true },
  ];
  const picked = await vscode.window.showQuickPick(
    choices.map(c => ({
      ...c,
      description: c.shown === provider.shown && c.dismissed === provider.showDismissed ? vscode.l10n.t('shown now') : undefined,
    })),
    { title: vscode.l10n.t('Show Papers'), placeHolder: vscode.l10n.t('Which papers the view shows') },
  );
  return picked && { shown: picked.shown, dismissed: picked.dismissed };
}

async function openArxiv(
  papersOf: (arg: unknown, selected: unknown) => Promise<ReadingPaper[]>,
  arg: unknown,
  selected: unknown,
  page: 'abs' | 'pdf',
): Promise<string | undefined> {
  const paper = (await papersOf(arg, selected))[0];
  const arxiv = paper?.metadata?.arxiv;
  if (!paper) return undefined;
  if (!arxiv) {
    void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" has no arXiv id: run Complete Metadata to look it up.', paper.title));
    return undefined;
  }
  const url = `https://arxiv.org/${page}/${arxiv}`;
  await vscode.env.openExternal(vscode.Uri.parse(url));
  return url;
}
