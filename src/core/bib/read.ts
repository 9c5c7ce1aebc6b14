/**
 * Reading the user's bibliography: which keys and titles it holds and on which line each entry
 * starts. Never throws: a file that cannot be read gives `error` (0-based line and a message)
 * with whatever entries came before the problem.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ExistingEntry } from '../model';
import { readBibtex } from './bibtexReader';
import { unescapeMarkdown } from './csl';
import type { BibFormat } from './format';
import { arrayLayout, bomLength, locateJsonError, type JsonArrayLayout } from './json';
import { LineIndex } from '../util/lineIndex';

export interface BibError {
  /** 0-based line. */
  readonly line: number;
  readonly message: string;
}

export interface BibReadResult {
  readonly entries: ExistingEntry[];
  readonly error?: BibError;
}

export function readBibliography(text: string, format: BibFormat): BibReadResult {
  switch (format) {
    case 'bibtex': {
      const { entries, error } = readBibtex(text);
      const existing = entries.map(({ key, title, line }) => (title === undefined ? { key, line } : { key, title, line }));
      return error === undefined ? { entries: existing } : { entries: existing, error };
    }
    case 'csl-json':
      return publicPart(readCslJson(text));
    case 'csl-yaml':
      return publicPart(readCslYaml(text));
  }
}

function publicPart({ entries, error }: BibReadResult): BibReadResult {
  return error === undefined ? { entries } : { entries, error };
}

export interface CslJsonRead extends BibReadResult {
  /** Where the array and its items stand; absent for an empty file or an error. */
  readonly layout?: JsonArrayLayout;
}

/** CSL-JSON: an array of items with `id` (string or number) and `title`. Whitespace only is empty. */
export function readCslJson(text: string): CslJsonRead {
  if (text.trim() === '' || text === '\uFEFF') return { entries: [] };
  const lines = new LineIndex(text);
  let data: unknown;
  try {
    data = JSON.parse(text.slice(bomLength(text)));
  } catch {
    const { offset, message } = locateJsonError(text);
    return { entries: [], error: { line: lines.lineAt(offset), message: `Invalid JSON: ${message}` } };
  }
  const layout = Array.isArray(data) ? arrayLayout(text) : undefined;
  if (!Array.isArray(data) || layout === undefined) {
    return { entries: [], error: { line: lines.lineAt(firstNonSpace(text)), message: 'CSL-JSON must be an array of items ([...])' } };
  }
  const entries: ExistingEntry[] = [];
  data.forEach((item: unknown, i) => {
    const entry = cslEntry(item, lines.lineAt(layout.items[i][0]));
    if (entry !== undefined) entries.push(entry);
  });
  return { entries, layout };
}

export interface CslYamlRead extends BibReadResult {
  readonly doc?: Document.Parsed;
  /** The list of references: the document itself, or the value of its `references:` key. */
  readonly list?: YAMLSeq;
  /** The top-level mapping, when the document is one. */
  readonly map?: YAMLMap;
}

/**
 * CSL-YAML: a top-level list of items, or a mapping whose `references:` holds the list (Pandoc's
 * metadata style, with or without `---` / `...` markers). A mapping without `references` is
 * read as an empty bibliography.
 */
export function readCslYaml(text: string): CslYamlRead {
  const lines = new LineIndex(text);
  // Plain messages: the line is reported separately, 0-based; yaml's pretty ones add a 1-based one.
  const docs = parseAllDocuments(text, { prettyErrors: false });
  if (!Array.isArray(docs)) return { entries: [] };
  if (docs.length === 0) return { entries: [] };
  const failed = docs.find(d => d.errors.length > 0);
  if (failed !== undefined) {
    const err = failed.errors[0];
    return { entries: [], error: { line: lines.lineAt(err.pos[0]), message: `Invalid YAML: ${firstLine(err.message)}` } };
  }
  // Pandoc's own output (`pandoc -s -t markdown`) closes its metadata block with `---`, which YAML
  // reads as the start of a second, empty document: empty documents after the first are no data.
  const second = docs.slice(1).find(d => !isEmptyDocument(d));
  if (second !== undefined) {
    return { entries: [], error: { line: lines.lineAt(second.range[0]), message: 'expected one YAML document, found several' } };
  }
  const doc = docs[0];
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { entries: [], doc };
  let list: YAMLSeq | undefined;
  let map: YAMLMap | undefined;
  if (isSeq(contents)) list = contents;
  else if (isMap(contents)) {
    map = contents;
    const refs = contents.get('references', true);
    if (isSeq(refs)) list = refs;
    else if (refs !== undefined && !(isScalar(refs) && refs.value === null)) {
      return { entries: [], error: { line: lines.lineAt(refs.range?.[0] ?? 0), message: '"references" must be a list' } };
    }
  } else {
    return {
      entries: [],
      error: {
        line: lines.lineAt(contents.range?.[0] ?? 0),
        message: 'CSL-YAML must be a list of items or a mapping with a "references" list',
      },
    };
  }
  const entries: ExistingEntry[] = [];
  for (const item of list?.items ?? []) {
    const value = isMap(item) ? item.toJSON() : undefined;
    const entry = cslEntry(value, lines.lineAt(isMap(item) ? (item.range?.[0] ?? 0) : 0));
    // Pandoc reads CSL-YAML text as Markdown: `\_` stands for `_`.
    if (entry !== undefined) entries.push(entry.title === undefined ? entry : { ...entry, title: unescapeMarkdown(entry.title) });
  }
  return { entries, doc, list, map };
}

function isEmptyDocument(doc: Document.Parsed): boolean {
  const contents = doc.contents;
  return contents === null || (isScalar(contents) && contents.value === null && contents.source === '');
}

function cslEntry(item: unknown, line: number): ExistingEntry | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const { id, title } = item as { id?: unknown; title?: unknown };
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  const key = String(id);
  if (typeof title === 'string' || typeof title === 'number') return { key, title: String(title), line };
  return { key, line };
}

function firstNonSpace(text: string): number {
  const m = /[^\s\uFEFF]/.exec(text);
  return m === null ? 0 : m.index;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
