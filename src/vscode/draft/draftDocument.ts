import * as vscode from 'vscode';
import { openDocument, readCurrentText, statFile } from '../util/files';
import { parse as parseYaml } from 'yaml';
import { bibFormatForDraft } from '../../core/drafts/bibTarget';
import { citationLanguageOf, type CitationLanguage } from '../../core/drafts/mentions';
import type { ExistingEntry } from '../../core/model';
import { draftBibliographies, readBibliographySnapshot } from '../workspace/bibliography';
import { isDraftDocument } from '../workspace/drafts';
import type { Services } from '../services';

/**
 * What completion, hover, definition and diagnostics share about a draft: which documents are
 * drafts and in which citation language, which keys their bibliographies hold, and where a key's
 * literature note lives.
 */

export { DRAFT_SELECTOR } from '../workspace/draftSelector';

/** The citation language of a draft; undefined for digests, bibliographies and other files. */
export function draftLanguageOf(services: Services, document: vscode.TextDocument): CitationLanguage | undefined {
  if (!isDraftDocument(services, document)) {
    return undefined;
  }
  return citationLanguageOf(document.languageId) ?? citationLanguageOf(document.uri.path);
}

/** What a draft's bibliographies hold. `complete` is false when one could not be read (then absence proves nothing). */
export interface BibliographyKeys {
  readonly entries: readonly ExistingEntry[];
  /** Whether an entry has this key; case-insensitive, as BibTeX compares keys. */
  has(key: string): boolean;
  readonly complete: boolean;
  /** URI strings of the files read, so a change to one of them refreshes the draft. */
  readonly files: readonly string[];
}

interface CachedKeys {
  readonly stamp: string;
  readonly entries: readonly ExistingEntry[];
  readonly complete: boolean;
}

/**
 * The keys in every bibliography the draft declares (all of them: a key may stand in any), else in
 * the `digestNotes.bibliography` setting's file. Open documents are read as they are, unsaved
 * edits included; files are re-read only when their modification time or size changed.
 */
export class BibliographyKeyReader {
  private readonly cache = new Map<string, CachedKeys>();

  async keysFor(draft: vscode.TextDocument, language: CitationLanguage): Promise<BibliographyKeys> {
    const files = await this.read(draft, language);
    const entries = files.flatMap(f => f.entries);
    const keys = new Set(entries.map(e => e.key.toLowerCase()));
    return {
      entries,
      has: key => keys.has(key.toLowerCase()),
      complete: files.every(f => f.complete),
      files: files.map(f => f.uri.toString()),
    };
  }

  /** The entries of each bibliography the draft declares, by file (go to definition needs the file). */
  entriesByFile(draft: vscode.TextDocument, language: CitationLanguage): Promise<ReadonlyArray<BibliographyFileKeys>> {
    return this.read(draft, language);
  }

  private read(draft: vscode.TextDocument, language: CitationLanguage): Promise<BibliographyFileKeys[]> {
    return Promise.all(bibliographyUris(draft).map(async uri => ({ uri, ...(await this.keysOf(uri, language)) })));
  }

  private async keysOf(uri: vscode.Uri, language: CitationLanguage): Promise<CachedKeys> {
    const stamp = await stampOf(uri);
    const cached = this.cache.get(uri.toString());
    if (cached && cached.stamp === stamp) {
      return cached;
    }
    const result = { stamp, ...(await readKeys(uri, language)) };
    this.cache.set(uri.toString(), result);
    return result;
  }
}

/** One bibliography file's entries. */
export interface BibliographyFileKeys {
  readonly uri: vscode.Uri;
  readonly entries: readonly ExistingEntry[];
  readonly complete: boolean;
}

/** Every bibliography the draft declares (a key may stand in any), else the setting's. */
function bibliographyUris(draft: vscode.TextDocument): vscode.Uri[] {
  return draftBibliographies(draft).uris;
}

async function readKeys(uri: vscode.Uri, language: CitationLanguage): Promise<{ entries: readonly ExistingEntry[]; complete: boolean }> {
  const format = bibFormatForDraft(uri.path, language);
  const snapshot = await readBibliographySnapshot({ uri, format, declared: true });
  if (!snapshot.error) {
    return { entries: snapshot.entries, complete: true };
  }
  if (!format && /\.ya?ml$/i.test(uri.path)) {
    return hayagrivaKeys(uri); // Typst's own YAML bibliography: entries are the top-level keys
  }
  return { entries: snapshot.entries, complete: false };
}

async function hayagrivaKeys(uri: vscode.Uri): Promise<{ entries: readonly ExistingEntry[]; complete: boolean }> {
  try {
    const text = await readCurrentText(uri);
    if (text === undefined) {
      return { entries: [], complete: !(await statFile(uri)) }; // missing proves there are none
    }
    const data: unknown = parseYaml(text);
    const isMapping = data !== null && typeof data === 'object' && !Array.isArray(data);
    return isMapping ? { entries: Object.keys(data).map(key => ({ key })), complete: true } : { entries: [], complete: false };
  } catch {
    return { entries: [], complete: false }; // not YAML: what it holds is unknown
  }
}

/** Open documents by version, files by modification time and size, missing files as such. */
async function stampOf(uri: vscode.Uri): Promise<string> {
  const open = openDocument(uri);
  if (open) {
    return `open:${open.version}`;
  }
  const stat = await statFile(uri);
  return stat ? `file:${stat.mtime}:${stat.size}` : 'missing';
}
