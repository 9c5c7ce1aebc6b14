import * as vscode from 'vscode';
import { DigestWorkspace } from './vscode/digestWorkspace';
import type { DigestNotesApi, Services } from './vscode/services';
import { VscodeFileStore } from './vscode/vscodeFileStore';

/** Feature modules, each `register(context, services)`; order does not matter. */
const features: Array<{ register(context: vscode.ExtensionContext, services: Services): void }> = [];

/** Wires things up only: no parsing here; the workspace model loads on first use. */
export function activate(context: vscode.ExtensionContext): DigestNotesApi {
  const workspace = new DigestWorkspace();
  context.subscriptions.push(workspace);
  const api: DigestNotesApi = { workspace };
  const services: Services = { workspace, files: new VscodeFileStore(), extensionUri: context.extensionUri, api };
  for (const feature of features) {
    feature.register(context, services);
  }
  return api;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
