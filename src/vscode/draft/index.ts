import type * as vscode from 'vscode';
import type { Services } from '../services';
import * as completion from './completion';
import * as definition from './definition';
import { BibliographyKeyReader } from './draftDocument';
import * as hover from './hover';
import { KeyDiagnostics } from './keyDiagnostics';
import * as keyFixes from './keyFixes';

/**
 * Citation keys in drafts (Markdown, Quarto, R Markdown, LaTeX, Typst): completion, hover, go to
 * definition, and diagnostics with quick fixes. The diagnostics are returned so specs can check a
 * draft without waiting for the debounce (testProbe.ts).
 */
export function register(context: vscode.ExtensionContext, services: Services): KeyDiagnostics {
  const bibliographies = new BibliographyKeyReader();
  completion.register(context, services, bibliographies);
  hover.register(context, services);
  definition.register(context, services, bibliographies);
  const diagnostics = new KeyDiagnostics(services, bibliographies);
  context.subscriptions.push(diagnostics);
  keyFixes.register(context, services, diagnostics);
  return diagnostics;
}
