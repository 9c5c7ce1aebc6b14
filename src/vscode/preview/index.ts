import type * as vscode from 'vscode';
import type { Services } from '../services';
import { registerPreviewCommands } from './previewCommands';
import { PreviewManager } from './previewManager';

/**
 * The digest preview: a webview per digest (cards, filter, follows the cursor, restores after a
 * reload), its commands; the manager is returned for the specs (testProbe.ts).
 */
export function register(context: vscode.ExtensionContext, services: Services): PreviewManager {
  const manager = new PreviewManager(services);
  context.subscriptions.push(manager, ...registerPreviewCommands(manager, services));
  return manager;
}
