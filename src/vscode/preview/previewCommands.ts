import * as vscode from 'vscode';
import type { Paper } from '../../core/model';
import { paperFromArgument } from '../workspace/paperArguments';
import { uriFromArgument } from '../util/files';
import type { Services } from '../services';
import type { PreviewManager } from './previewManager';

/**
 * The preview commands. Each takes its target as an argument (a digest URI, a tree node, a key)
 * and falls back to the active editor or a picker only without one (STYLE practice 9).
 *
 * `digestNotes.previewPaper` opens the preview of the paper's digest with its card highlighted
 * and scrolled into view, rather than a one-card page: the paper stays in the context of its day,
 * and the digest keeps one panel whichever way it was opened.
 */
export function registerPreviewCommands(manager: PreviewManager, services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('digestNotes.openPreview', async (arg?: unknown) => {
      const uri = digestUriFrom(arg) ?? activeDigestUri(services);
      if (!uri) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a digest file to preview it.'));
        return;
      }
      await manager.showDigest(uri, { column: vscode.ViewColumn.Active, preserveFocus: false });
    }),
    vscode.commands.registerCommand('digestNotes.openPreviewToSide', async (arg?: unknown) => {
      const uri = digestUriFrom(arg) ?? activeDigestUri(services);
      if (!uri) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a digest file to preview it.'));
        return;
      }
      await manager.showDigest(uri, { column: vscode.ViewColumn.Beside, preserveFocus: true });
    }),
    vscode.commands.registerCommand('digestNotes.previewPaper', async (arg?: unknown) => {
      const paper = await paperFromArgument(services, arg, 'Pick a paper to preview');
      if (paper) {
        await previewPaper(manager, paper, occurrenceFrom(arg));
      }
    }),
  ];
}

/** Where a paper stands: a digest and its title line there. */
interface Place {
  readonly uri: vscode.Uri;
  readonly titleLine: number;
}

async function previewPaper(manager: PreviewManager, paper: Paper, given: Place | undefined): Promise<void> {
  // The tree's node names its occurrence; otherwise a digest already previewed wins, so the paper
  // shows where the reader is looking.
  const occurrence = paper.occurrences.find(o => manager.find(o.path)) ?? paper.occurrences[0];
  if (!given && !occurrence) {
    return; // a library paper always stands somewhere
  }
  const { uri, titleLine } = given ?? { uri: vscode.Uri.parse(occurrence.path), titleLine: occurrence.titleLine };
  const column =
    manager.find(uri)?.panel.viewColumn ?? (vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active);
  await manager.showDigest(uri, {
    column,
    preserveFocus: true,
    focus: { key: paper.key, line: titleLine },
  });
}

/** The occurrence a Papers view node stands for (`digestUri` and `titleLine`), if the argument is one. */
function occurrenceFrom(arg: unknown): Place | undefined {
  const node = (Array.isArray(arg) ? arg[0] : arg) as { digestUri?: unknown; titleLine?: unknown } | undefined;
  if (node && node.digestUri instanceof vscode.Uri && typeof node.titleLine === 'number') {
    return { uri: node.digestUri, titleLine: node.titleLine };
  }
  return undefined;
}

/** A digest URI from a command argument: a Uri, a URI string or path, or a node holding one. */
export function digestUriFrom(arg: unknown): vscode.Uri | undefined {
  return uriFromArgument(arg, { plainPaths: true });
}

function activeDigestUri(services: Services): vscode.Uri | undefined {
  const editors = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors];
  const editor = editors.find(e => e && services.workspace.isDigestDocument(e.document));
  return editor?.document.uri;
}
