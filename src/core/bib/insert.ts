/**
 * Adding entries to the user's bibliography as ONE text insertion, so every existing byte stays
 * as it was (the editor applies it as an undoable edit; the CLI splices it into the file). Papers
 * already present, by title or by key, are not added again, which makes adding idempotent.
 * Every plan is checked by re-reading the result; a plan that would not read back is an error.
 */
import { isScalar, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ExistingEntry, Paper } from '../model';
import { formatBibtex } from './bibtex';
import { indexEntries, titleMatchKey } from './entryIndex';
import { toCslItem, toCslYamlItem } from './csl';
import { formatBibliography, yamlText, type BibFormat } from './format';
import { LineIndex } from '../util/lineIndex';
import { lineEndingOf } from './lines';
import { readBibliography, readCslJson, readCslYaml, type BibError } from './read';

export interface BibInsertPlan {
  /** Absent when nothing is to be added, or on error. */
  readonly insert?: { readonly offset: number; readonly text: string };
  /** Keys of the papers the insertion adds, in the order given. */
  readonly added: string[];
  /** For papers already in the file: the key of the entry that has them (by title, else by key). */
  readonly alreadyPresent: string[];
  /** Keys of papers not added because the file uses that key for an entry with another title. */
  readonly conflicting: string[];
  readonly error?: BibError;
}

interface Insertion {
  offset: number;
  text: string;
}

export function planBibliographyInsert(existingText: string, format: BibFormat, papers: readonly Paper[]): BibInsertPlan {
  const read = readBibliography(existingText, format);
  if (read.error !== undefined) return { added: [], alreadyPresent: [], conflicting: [], error: read.error };
  const { toAdd, alreadyPresent, conflicting } = classify(read.entries, papers);
  const added = toAdd.map(p => p.key);
  if (toAdd.length === 0) return { added, alreadyPresent, conflicting };
  const planned = isBlank(existingText) ? appendWhole(existingText, format, toAdd) : insertion(existingText, format, toAdd);
  if ('error' in planned) return { added: [], alreadyPresent, conflicting, error: planned.error };
  const eol = lineEndingOf(existingText);
  const insert = { offset: planned.offset, text: eol === '\n' ? planned.text : planned.text.replace(/\r?\n/g, eol) };
  const error = verify(existingText, format, insert, added);
  return error === undefined ? { insert, added, alreadyPresent, conflicting } : { added: [], alreadyPresent, conflicting, error };
}

function classify(entries: readonly ExistingEntry[], papers: readonly Paper[]) {
  const { byTitle, byKey } = indexEntries(entries);
  const toAdd: Paper[] = [];
  const alreadyPresent: string[] = [];
  const conflicting: string[] = [];
  const seen = new Set<string>();
  for (const paper of papers) {
    const folded = paper.key.toLowerCase();
    if (seen.has(folded)) continue;
    seen.add(folded);
    const sameTitle = byTitle.get(titleMatchKey(paper.title));
    const sameKey = byKey.get(folded);
    if (sameTitle !== undefined) alreadyPresent.push(sameTitle.key);
    else if (sameKey === undefined) toAdd.push(paper);
    else if (sameKey.title === undefined) alreadyPresent.push(sameKey.key);
    else conflicting.push(paper.key);
  }
  return { toAdd, alreadyPresent: [...new Set(alreadyPresent)], conflicting };
}

function isBlank(text: string): boolean {
  return text.replace(/^\uFEFF/, '').trim() === '';
}

/** An empty (or whitespace-only) file gets the whole bibliography after what it has. */
function appendWhole(text: string, format: BibFormat, papers: readonly Paper[]): Insertion {
  const body = formatBibliography(papers, format);
  return { offset: text.length, text: (text.length > 0 && !text.endsWith('\n') ? '\n' : '') + body };
}

function insertion(text: string, format: BibFormat, papers: readonly Paper[]): Insertion | { error: BibError } {
  switch (format) {
    case 'bibtex':
      return bibtexInsertion(text, papers);
    case 'csl-json':
      return jsonInsertion(text, papers);
    case 'csl-yaml':
      return yamlInsertion(text, papers);
  }
}

/** BibTeX: at the end of the file, after a blank line. */
function bibtexInsertion(text: string, papers: readonly Paper[]): Insertion {
  const trimmedEnd = text.replace(/[ \t]+$/, '');
  const separator = /\n\r?\n$/.test(trimmedEnd) ? '' : trimmedEnd.endsWith('\n') ? '\n' : '\n\n';
  return { offset: text.length, text: separator + formatBibtex(papers) };
}

/** CSL-JSON: after the last item (or inside an empty array), in the file's own indentation. */
function jsonInsertion(text: string, papers: readonly Paper[]): Insertion | { error: BibError } {
  const layout = readCslJson(text).layout;
  if (layout === undefined) return { error: { line: 0, message: 'CSL-JSON must be an array of items ([...])' } };
  const items = papers.map(toCslItem);
  if (layout.items.length === 0) {
    const inner = text.slice(layout.open + 1, layout.close);
    const body = items.map(item => '\n  ' + indentLines(JSON.stringify(item, null, '  '), '  ')).join(',');
    return { offset: layout.open + 1, text: body + (inner.includes('\n') ? '' : '\n') };
  }
  const [firstStart, firstEnd] = layout.items[0];
  const separator = text.slice(layout.open + 1, firstStart);
  const itemIndent = separator.slice(separator.lastIndexOf('\n') + 1);
  const first = text.slice(firstStart, firstEnd);
  const render = first.includes('\n')
    ? (value: unknown) => indentLines(JSON.stringify(value, null, indentUnit(first, itemIndent)), itemIndent)
    : (value: unknown) => JSON.stringify(value);
  const offset = layout.items[layout.items.length - 1][1];
  return { offset, text: items.map(item => ',' + separator.replace(/\r/g, '') + render(item)).join('') };
}

/** The indentation step of a multi-line item: its second line's indent past the item's own. */
function indentUnit(item: string, itemIndent: string): string {
  const second = item.split('\n')[1] ?? '';
  const leading = /^[ \t]*/.exec(second)![0];
  return leading.startsWith(itemIndent) && leading.length > itemIndent.length ? leading.slice(itemIndent.length) : '  ';
}

/** Prefixes every line but the first (and blank ones) with `indent`. */
function indentLines(text: string, indent: string): string {
  if (indent === '') return text;
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : indent + line))
    .join('\n');
}

/**
 * CSL-YAML: right after the last item of the list (block or flow), whichever key follows it;
 * under an empty `references:`; or as a new `references:` key at the end of a block mapping.
 * Offsets come from the `yaml` library's node ranges.
 */
function yamlInsertion(text: string, papers: readonly Paper[]): Insertion | { error: BibError } {
  const read = readCslYaml(text);
  const items = papers.map(toCslYamlItem);
  const lines = new LineIndex(text);
  if (read.list !== undefined) return listInsertion(text, lines, read.list, items);
  if (read.map !== undefined) return mapInsertion(text, lines, read.map, items);
  return appendWhole(text, 'csl-yaml', papers);
}

function listInsertion(text: string, lines: LineIndex, list: YAMLSeq, items: readonly unknown[]): Insertion | { error: BibError } {
  const [start, end] = list.range ?? [0, 0];
  if (list.flow) {
    // A flow list (`references: []`) takes JSON, which is valid flow YAML.
    const close = text.lastIndexOf(']', end);
    const lead = list.items.length > 0 ? ', ' : '';
    return { offset: close, text: lead + items.map(item => JSON.stringify(item)).join(', ') };
  }
  const last = list.items[list.items.length - 1] as Node;
  const column = start - lines.lineStart(start);
  return blockInsertion(text, last.range?.[1] ?? end, yamlText(items), column);
}

function mapInsertion(text: string, lines: LineIndex, map: YAMLMap, items: readonly unknown[]): Insertion | { error: BibError } {
  if (map.flow)
    return { error: { line: 0, message: 'the top-level mapping is in flow style ({...}); add a block "references:" list first' } };
  const pair = map.items.find(p => isScalar(p.key) && p.key.value === 'references');
  if (pair !== undefined) {
    // `references:` with no value: the list goes on the next lines, at the key's column.
    const keyStart = (pair.key as Node).range?.[0] ?? 0;
    const valueEnd = (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range?.[2] ?? 0;
    return blockInsertion(text, valueEnd, yamlText(items), keyStart - lines.lineStart(keyStart));
  }
  const [start, end] = map.range ?? [0, 0];
  const column = start - lines.lineStart(start);
  return blockInsertion(text, end, yamlText({ references: items }), column);
}

/** Block YAML inserted at the start of the line after `afterOffset`, indented to `column`. */
function blockInsertion(text: string, afterOffset: number, yaml: string, column: number): Insertion {
  const body = indentLines(yaml, ' '.repeat(column));
  const indented = ' '.repeat(column) + body;
  if (afterOffset > 0 && text[afterOffset - 1] === '\n') return { offset: afterOffset, text: indented };
  const newline = text.indexOf('\n', afterOffset);
  const rest = text.slice(afterOffset, newline === -1 ? text.length : newline);
  if (newline !== -1 && /^[ \t]*(#.*)?\r?$/.test(rest)) return { offset: newline + 1, text: indented };
  if (newline === -1 && /^[ \t]*(#.*)?$/.test(rest)) return { offset: text.length, text: '\n' + indented };
  return { offset: afterOffset, text: '\n' + indented };
}

/** Re-reads the text the insertion would give; a reason when it fails or lacks an added key. */
function verify(text: string, format: BibFormat, insert: Insertion, added: readonly string[]): BibError | undefined {
  const result = text.slice(0, insert.offset) + insert.text + text.slice(insert.offset);
  const read = readBibliography(result, format);
  const keys = new Set(read.entries.map(e => e.key));
  const missing = added.find(key => !keys.has(key));
  if (read.error === undefined && missing === undefined) return undefined;
  const line = new LineIndex(text).lineAt(insert.offset);
  const why = read.error !== undefined ? read.error.message : `entry "${missing}" would not be read back`;
  return { line, message: `cannot add entries safely to this file (${why}); add them by hand or fix the file` };
}
