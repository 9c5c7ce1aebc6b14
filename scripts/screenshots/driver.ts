// Runs inside the extension host (as the test payload's `extensionTestsPath`) to lay out the
// workbench for `npm run screenshots`: the seed digest with the cursor on its 10th paper, the
// Papers view beside it, and the preview to the side with that paper's card highlighted.
// Bundled by scripts/screenshots.mjs; returns once everything has rendered.
import * as vscode from 'vscode';
import type { PreviewManager } from '../../src/vscode/preview/previewManager';
import type { DigestNotesApi } from '../../src/vscode/services';

const SEED = 'hf-daily-papers-mar14.digest.txt';
const HIGHLIGHTED_PAPER = 9;

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<DigestNotesApi>('digest-notes.digest-notes');
  if (!extension) {
    throw new Error('the Digest Notes extension is not loaded');
  }
  const api = await extension.activate();
  const preview = api.preview as PreviewManager;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new Error('no workspace folder is open');
  }
  const seed = vscode.Uri.joinPath(folder.uri, SEED);
  const dbg: string[] = []; const t0 = Date.now();
  const prov = (api as any).papersTree; const orig = prov.getChildren.bind(prov);
  prov.getChildren = async (n: any) => { dbg.push(`gc start ${n?.kind ?? 'root'} @${Date.now() - t0}`); try { const r = await orig(n); dbg.push(`gc ${n?.kind ?? 'root'} -> ${r.length} @${Date.now() - t0}`); return r; } catch (e) { dbg.push('gc error ' + (e as Error).stack); throw e; } };
  api.workspace.onDidChange(e => dbg.push(`change ${JSON.stringify(e)} @${Date.now() - t0}`));
  dbg.push('findFiles ' + (await vscode.workspace.findFiles('**/*.{digest,digest.txt}')).length);
  dbg.push('uris ' + api.workspace.digestUris().length);
  await api.workspace.library();
  dbg.push('uris after ' + api.workspace.digestUris().length);
  try { const roots = await (api as any).papersTree.getChildren(); try { const it = prov.getTreeItem(roots[0]); dbg.push('item ' + JSON.stringify(it)); const d = roots[0].days[0]; dbg.push('dayitem ' + JSON.stringify(prov.getTreeItem(d))); dbg.push('paperitem ' + JSON.stringify(prov.getTreeItem(d.papers[9])).slice(0, 600)); } catch (e) { dbg.push('item error ' + (e as Error).stack); }
  dbg.push('roots ' + roots.length + ' days ' + roots[0]?.days.length + ' papers ' + roots[0]?.days[0]?.papers.length); } catch (e) { dbg.push('tree error ' + (e as Error).stack); }
  require('fs').writeFileSync('/tmp/pvdev/driver-debug.txt', dbg.join('\n'));

  for (const command of ['workbench.action.closeAllEditors', 'workbench.action.closePanel', 'workbench.action.closeAuxiliaryBar', 'notifications.clearAll']) {
    await vscode.commands.executeCommand(command).then(undefined, () => undefined); // absent in some versions
  }
  const editor = await vscode.window.showTextDocument(seed, { viewColumn: vscode.ViewColumn.One });
  await vscode.commands.executeCommand('workbench.view.extension.digestNotes');

  const rendered = preview.waitFor('rendered', m => m.source === seed.toString(), { timeoutMs: 30_000 });
  await vscode.commands.executeCommand('digestNotes.openPreviewToSide', seed);
  await rendered;

  const entry = api.workspace.digest(seed)?.entries[HIGHLIGHTED_PAPER];
  if (!entry) {
    throw new Error(`the seed digest has no paper number ${HIGHLIGHTED_PAPER + 1}`);
  }
  const library = await api.workspace.library();
  const key = library.byTitle(entry.title)?.key;
  const focused = preview.waitFor('focused', m => m.source === seed.toString() && m.key === key, { timeoutMs: 10_000, fresh: true });
  await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  editor.selection = new vscode.Selection(entry.titleLine, 0, entry.titleLine, 0);
  editor.revealRange(new vscode.Range(entry.titleLine, 0, entry.titleLine, 0), vscode.TextEditorRevealType.AtTop);
  await focused;
  await vscode.commands.executeCommand('notifications.clearAll').then(undefined, () => undefined);
  try { const roots = await (api as any).papersTree.getChildren(); dbg.push('end roots ' + roots.length + ' visible ' + (api as any).papersView.visible + ' sel ' + (api as any).papersView.selection.map((n: any) => n.id).join(',') + ` @${Date.now() - t0}`); } catch (e) { dbg.push('tree error ' + (e as Error).stack); }
  require('fs').writeFileSync('/tmp/pvdev/driver-debug.txt', dbg.join('\n'));
  await new Promise(resolve => setTimeout(resolve, 1500)); // the tree's reveal and the webview's scroll settle
}
