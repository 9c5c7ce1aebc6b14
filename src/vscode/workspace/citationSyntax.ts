/**
 * How a draft writes citations and where text may go in it, with the writer's settings: one answer
 * for every feature that writes a citation (the cite commands, the paste of an identifier).
 */
import type * as vscode from 'vscode';
import { citationSyntaxFor, type CitationSyntax } from '../../core/drafts/citations';
import type { InsertionContext, InsertionKind } from '../../core/drafts/insertionPoint';
import { draftLanguageOf } from '../../core/drafts/languages';
import { config } from '../util/config';

/** The citation syntax for a document (by language, else by extension), with the user's settings. */
export function citationSyntaxForDocument(document: vscode.TextDocument): CitationSyntax {
  const settings = {
    latexCiteCommand: config.get('latexCiteCommand', 'cite', document.uri),
    citationTemplate: config.get('citationTemplate', '[@${keys}]', document.uri),
  };
  return citationSyntaxFor(document.languageId, settings, document.uri.path);
}

/** Where text may go in this document (insertionPoint.ts), for a kind of insertion. */
export function insertionContextFor(document: vscode.TextDocument, kind: InsertionKind): InsertionContext {
  return { language: draftLanguageOf(document.languageId, document.uri.path), syntax: citationSyntaxForDocument(document), kind };
}
