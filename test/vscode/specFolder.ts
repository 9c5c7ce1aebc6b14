// A spec's own folder in the opened workspace: writing, reading and opening drafts in it, with
// the cursor(s) where the text has `|`. Each spec file makes one, so specs never see each other's files.
import * as vscode from 'vscode';
import { workspaceFile } from './helpers';

export interface SpecFolder {
  readonly name: string;
  file(name: string): vscode.Uri;
  write(name: string, text: string): Promise<vscode.Uri>;
  read(name: string): Promise<string>;
  /** Opens `name` with the cursor(s) at each `|` of `text` (the bars are not written). */
  openDraft(name: string, text: string, options?: vscode.TextDocumentShowOptions): Promise<vscode.TextEditor>;
}

export function specFolder(prefix: string): SpecFolder {
  const root = `${prefix}-${Date.now().toString(36)}`;
  const file = (name: string) => workspaceFile(`${root}/${name}`);
  const write = async (name: string, text: string) => {
    await vscode.workspace.fs.writeFile(file(name), new TextEncoder().encode(text));
    return file(name);
  };
  return {
    name: root,
    file,
    write,
    read: async name => new TextDecoder().decode(await vscode.workspace.fs.readFile(file(name))),
    async openDraft(name, text, options) {
      const parts = text.split('|');
      const offsets = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('').length);
      await write(name, parts.join(''));
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file(name)), options);
      editor.selections = offsets.map(o => new vscode.Selection(editor.document.positionAt(o), editor.document.positionAt(o)));
      return editor;
    },
  };
}
