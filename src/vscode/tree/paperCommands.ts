import * as vscode from 'vscode';
import type { PaperLink } from '../../core/model';
import { keysFromArguments, paperFromArgument } from '../workspace/paperArguments';
import { pickPaperKey } from '../workspace/paperPicker';
import type { Services } from '../services';
import { paperNodeOf } from './nodes';

/**
 * The paper commands of the Papers view: Open Link(s), Copy Key, Reveal in Digest. Each takes a
 * key, `{ key }`, a tree node or an array of them (the view passes the clicked node and the
 * selection), and asks with a picker only without one (STYLE practice 9).
 */
export function registerPaperCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('digestNotes.openLink', (arg?: unknown, selected?: unknown) => openLink(services, arg, selected)),
    vscode.commands.registerCommand('digestNotes.copyKey', (arg?: unknown, selected?: unknown) => copyKey(services, arg, selected)),
    vscode.commands.registerCommand('digestNotes.revealInDigest', (arg?: unknown) => revealInDigest(services, arg)),
  ];
}

/** Opens the paper's link, or the one picked when it has several. Resolves to the URL opened. */
async function openLink(services: Services, arg: unknown, selected: unknown): Promise<string | undefined> {
  const node = paperNodeOf(arg);
  const paper = node ? undefined : await paperFromArgument(services, arg, 'Open a link of which paper?', selected);
  const links = node?.links ?? paper?.links;
  const title = node?.title ?? paper?.title;
  if (!links || title === undefined) {
    return undefined;
  }
  if (links.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" has no links in its abstract.', title));
    return undefined;
  }
  const link = links.length === 1 ? links[0] : await pickLink(links, title);
  if (link) {
    await vscode.env.openExternal(vscode.Uri.parse(link.url, true));
  }
  return link?.url;
}

async function pickLink(links: readonly PaperLink[], title: string): Promise<PaperLink | undefined> {
  const picked = await vscode.window.showQuickPick(
    links.map(link => ({ label: link.url, description: link.kind, link })),
    { title: vscode.l10n.t('Links of "{0}"', title), placeHolder: vscode.l10n.t('Pick a link to open') },
  );
  return picked?.link;
}

/** Copies the key (several keys: joined by `, `). Resolves to the text copied. */
async function copyKey(services: Services, arg: unknown, selected: unknown): Promise<string | undefined> {
  let keys = keysFromArguments(arg, selected) ?? [];
  if (keys.length === 0) {
    const key = await pickPaperKey(services, 'Copy the key of which paper?');
    keys = key === undefined ? [] : [key];
  }
  if (keys.length === 0) {
    return undefined;
  }
  const text = keys.join(', ');
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
  return text;
}

/**
 * Opens the digest with the paper's title line selected. A tree node names its own digest and
 * line; a key names the paper's first occurrence.
 */
async function revealInDigest(services: Services, arg: unknown): Promise<vscode.TextEditor | undefined> {
  let uri: vscode.Uri;
  let line: number;
  const node = paperNodeOf(arg);
  if (node) {
    uri = node.digestUri;
    line = node.titleLine;
  } else {
    const occurrence = (await paperFromArgument(services, arg, 'Reveal which paper?'))?.occurrences[0];
    if (!occurrence) {
      return undefined;
    }
    uri = vscode.Uri.parse(occurrence.path);
    line = occurrence.titleLine;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const titleLine = document.lineAt(Math.min(line, document.lineCount - 1));
  const selection = new vscode.Selection(titleLine.range.start, titleLine.range.end);
  const editor = await vscode.window.showTextDocument(document, { selection, preserveFocus: false });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
