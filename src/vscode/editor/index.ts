import * as vscode from 'vscode';
import { DIGEST_LANGUAGE_ID } from '../workspace/digestWorkspace';
import { DigestCodeLensProvider } from './codeLens';
import { DigestFoldingProvider } from './folding';
import { DigestLinkProvider } from './links';
import { DigestSymbolProvider } from './outline';
import type { Services } from '../services';
import * as language from './language';
import { DIGEST_TOKEN_LEGEND, DigestSemanticTokensProvider } from './semanticTokens';

/**
 * Digest editors: outline and breadcrumbs, folding, clickable links, code lenses, and the switch
 * of `.txt` files that look like digests to the digest language.
 */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const selector: vscode.DocumentSelector = { language: DIGEST_LANGUAGE_ID };
  context.subscriptions.push(
    vscode.languages.registerDocumentSymbolProvider(selector, new DigestSymbolProvider(), { label: 'Papers' }),
    vscode.languages.registerFoldingRangeProvider(selector, new DigestFoldingProvider()),
    vscode.languages.registerDocumentLinkProvider(selector, new DigestLinkProvider()),
    vscode.languages.registerCodeLensProvider(selector, new DigestCodeLensProvider(services)),
    vscode.languages.registerDocumentSemanticTokensProvider(selector, new DigestSemanticTokensProvider(), DIGEST_TOKEN_LEGEND),
  );
  language.register(context);
}
