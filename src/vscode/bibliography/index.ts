import * as vscode from 'vscode';
import { showError } from '../util/log';
import { openDocument, uriFromArgument, writeFileWhole } from '../util/files';
import { formatBibliography, formatBibtexEntry, type BibFormat } from '../../core/bib';
import type { Paper } from '../../core/model';
import { displayName } from '../workspace/bibliography';
import { fileQueue } from '../util/fileQueue';
import { keysFromArguments, papersForKeys } from '../workspace/paperArguments';
import { pickPapers } from '../workspace/paperPicker';
import type { Services } from '../services';
import { registerRemoveUnused } from './removeUnused';

/**
 * "Copy BibTeX Entry" and "Export Bibliography...": for writers whose bibliography is not one a
 * draft declares (a reference manager, another project). "Remove Unused Entries Added by Digest
 * Notes" (removeUnused.ts).
 */

/** Arguments `digestNotes.exportBibliography` accepts besides a digest URI, a tree node or keys. */
export interface ExportBibliographyArgs {
  /** A digest whose papers are exported. */
  readonly uri?: vscode.Uri | string;
  readonly keys?: readonly string[];
  readonly format?: BibFormat;
  /** Where to write; asked with a save dialog when absent. */
  readonly target?: vscode.Uri | string;
}

export interface ExportBibliographyResult {
  readonly target: string;
  readonly format: BibFormat;
  readonly count: number;
}

const FORMATS: ReadonlyArray<{ format: BibFormat; label: string; extension: string; filter: string }> = [
  { format: 'bibtex', label: 'BibTeX', extension: 'bib', filter: 'BibTeX' },
  { format: 'csl-json', label: 'CSL-JSON', extension: 'json', filter: 'CSL-JSON' },
  { format: 'csl-yaml', label: 'CSL-YAML', extension: 'yaml', filter: 'CSL-YAML' },
];

export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('digestNotes.copyBibtexEntry', async (arg?: unknown, selected?: unknown) => {
      const keys = keysFromArguments(arg, selected);
      const papers = keys ? await papersForKeys(services, keys) : await pickPapers(services, { title: vscode.l10n.t('Copy BibTeX Entry') });
      if (!papers || papers.length === 0) {
        return undefined;
      }
      const text = papers.map(formatBibtexEntry).join('\n\n') + '\n';
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(
        vscode.l10n.t('Copied the BibTeX entr{0}', papers.length === 1 ? `y of ${papers[0].key}` : `ies of ${papers.length} papers`),
        3000,
      );
      return text;
    }),
    vscode.commands.registerCommand('digestNotes.exportBibliography', (arg?: unknown, selected?: unknown) =>
      exportBibliography(services, arg, selected),
    ),
    registerRemoveUnused(services),
  );
}

async function exportBibliography(services: Services, arg: unknown, selected: unknown): Promise<ExportBibliographyResult | undefined> {
  const options = (typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? arg : {}) as ExportBibliographyArgs;
  const digest = digestUri(arg) ?? digestUri(options.uri);
  const source = await papersToExport(services, digest, keysFromArguments(options.keys ?? arg, selected));
  if (!source || source.papers.length === 0) {
    if (source) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No papers to export.'));
    }
    return undefined;
  }
  const format = options.format ?? (await pickFormat());
  if (!format) {
    return undefined;
  }
  const target = uriFromArgument(options.target, { plainPaths: true }) ?? (await askTarget(source.name, format, digest));
  if (!target) {
    return undefined;
  }
  const open = openDocument(target);
  if (open?.isDirty) {
    void showError(vscode.l10n.t('{0} has unsaved changes; save or close it before exporting over it.', displayName(target)));
    return undefined;
  }
  const text = formatBibliography(source.papers, format);
  await fileQueue.run(target, () => writeFileWhole(target, new TextEncoder().encode(text)));
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Exported {0} paper{1} to {2}.', source.papers.length, source.papers.length === 1 ? '' : 's', displayName(target)),
  );
  return { target: target.toString(), format, count: source.papers.length };
}

async function papersToExport(
  services: Services,
  digest: vscode.Uri | undefined,
  keys: string[] | undefined,
): Promise<{ papers: Paper[]; name: string } | undefined> {
  if (digest) {
    const library = await services.workspace.library();
    const path = digest.toString();
    const papers = library.papers.filter(p => p.occurrences.some(o => o.path === path));
    const base = digest.path.slice(digest.path.lastIndexOf('/') + 1).replace(/\.digest(\.txt)?$|\.txt$/i, '');
    return { papers, name: base || 'references' };
  }
  const papers = keys
    ? await papersForKeys(services, keys)
    : await pickPapers(services, { title: vscode.l10n.t('Export Bibliography: pick papers') });
  return papers && { papers, name: 'references' };
}

async function pickFormat(): Promise<BibFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    FORMATS.map(f => ({ label: f.label, description: `.${f.extension}`, format: f.format })),
    { title: vscode.l10n.t('Export Bibliography'), placeHolder: 'Format' },
  );
  return picked?.format;
}

async function askTarget(name: string, format: BibFormat, digest: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const spec = FORMATS.find(f => f.format === format)!;
  const folder = (digest && vscode.workspace.getWorkspaceFolder(digest)?.uri) ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export Bibliography'),
    defaultUri: folder && vscode.Uri.joinPath(folder, `${name}.${spec.extension}`),
    filters: { [spec.filter]: [spec.extension, ...(format === 'csl-yaml' ? ['yml'] : [])] },
  });
}

/** A digest from an argument (a plain string is a key here, not a path). */
function digestUri(arg: unknown): vscode.Uri | undefined {
  return uriFromArgument(arg, { plainPaths: false });
}
