import type * as vscode from 'vscode';
import type { DigestEntry, ParsedDigest } from '../../core/model';
import { parseAnyDigestInBackground } from '../../core/digest/sources';
import { config } from '../util/config';

interface CachedParse {
  readonly version: number;
  readonly digest: Promise<ParsedDigest>;
}

/**
 * The open document's text parsed as it stands now, unsaved edits included, so line numbers match
 * the editor exactly. Cached per document version: the outline, folding, links and code lenses ask
 * for the same version one after another, and parsing is paid once. In slices of 10 ms: a digest
 * of thousands of papers takes a few hundred milliseconds to parse, on every edit.
 */
const parses = new WeakMap<vscode.TextDocument, CachedParse>();

export function parsedDocument(document: vscode.TextDocument): Promise<ParsedDigest> {
  const cached = parses.get(document);
  if (cached && cached.version === document.version) {
    return cached.digest;
  }
  const options = { defaultYear: config.defaultYear() };
  const digest = parseAnyDigestInBackground(document.getText(), document.uri.toString(), options, { sliceMs: 10 });
  parses.set(document, { version: document.version, digest });
  return digest;
}

/** Entries that stand before any day line (a digest without a header or day). */
export function entriesWithoutDay(digest: ParsedDigest): DigestEntry[] {
  return digest.entries.filter(entry => entry.day === '');
}
