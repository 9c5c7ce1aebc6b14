import * as vscode from 'vscode';
import type { DigestEntry } from '../../core/model';
import { parsedDocument } from '../workspace/documentDigest';

/** Characters that would continue a URL: a match followed by one of these is a longer URL. */
const URL_CONTINUES = /[\w/#?=&%~+@-]/;

/**
 * Clickable links in abstracts. The URLs are the parser's (trailing sentence punctuation already
 * stripped: `...sep_clr.` links `...sep_clr`); this only finds where each stands in the lines.
 * A DOI written bare links to doi.org.
 */
export class DigestLinkProvider implements vscode.DocumentLinkProvider {
  async provideDocumentLinks(document: vscode.TextDocument): Promise<vscode.DocumentLink[]> {
    const links: vscode.DocumentLink[] = [];
    for (const entry of (await parsedDocument(document)).entries) {
      for (const link of entryLinks(document, entry)) {
        links.push(link); // no spread: one entry may hold any number of links
      }
    }
    return links;
  }
}

function entryLinks(document: vscode.TextDocument, entry: DigestEntry): vscode.DocumentLink[] {
  const range = entry.abstractRange;
  if (!range || (entry.links.length === 0 && !entry.doi)) {
    return [];
  }
  const targets = entry.links.map(link => ({ text: link.url, target: link.url, tooltip: `Open ${link.kind} link` }));
  if (entry.doi && !entry.links.some(link => link.url.includes(entry.doi as string))) {
    targets.push({ text: entry.doi, target: `https://doi.org/${entry.doi}`, tooltip: 'Open DOI' });
  }
  const found: vscode.DocumentLink[] = [];
  for (let line = range.start; line <= range.end && line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    for (const { text: needle, target, tooltip } of targets) {
      for (const column of occurrences(text, needle)) {
        const uri = parseUri(target);
        if (uri) {
          const link = new vscode.DocumentLink(new vscode.Range(line, column, line, column + needle.length), uri);
          link.tooltip = tooltip;
          found.push(link);
        }
      }
    }
  }
  return found;
}

/** Columns where `needle` stands in `text` as a whole URL (not as the start of a longer one). */
function occurrences(text: string, needle: string): number[] {
  const columns: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
    const next = text[at + needle.length];
    const nextButOne = text[at + needle.length + 1];
    // `url.` then a space or the line's end is sentence punctuation; `url.html` is not.
    const continues =
      next !== undefined &&
      (URL_CONTINUES.test(next) || (/[.,;:!?)\]]/.test(next) && nextButOne !== undefined && URL_CONTINUES.test(nextButOne)));
    if (!continues) {
      columns.push(at);
    }
  }
  return columns;
}

function parseUri(target: string): vscode.Uri | undefined {
  try {
    return vscode.Uri.parse(target, true);
  } catch {
    return undefined; // a malformed URL stays plain text
  }
}
