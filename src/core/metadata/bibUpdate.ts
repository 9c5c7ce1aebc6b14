/**
 * "Update Bibliography Entries from Metadata": for entries already in the writer's bibliography
 * whose paper is now known better, the replacement text of each entry, for the editor to show
 * as a reviewed `WorkspaceEdit` (nothing here writes). Keys never change; the writer's own data
 * is never dropped:
 * - BibTeX: only an entry made of fields Digest Notes or arXiv's export write is replaced (one
 *   with a field of the writer's own, `keywords` or `file`, is skipped and said so), since the
 *   BibTeX reader gives entries, not fields.
 * - CSL-JSON and CSL-YAML: the item keeps every field of its own; the metadata fields (type,
 *   author, issued, publisher, number, DOI, URL, container-title, annote) are set, and the
 *   printed `note` Digest Notes used to write is dropped.
 */
import { isMap, type YAMLMap } from 'yaml';
import { formatBibtexEntry } from '../bib/bibtex';
import { readBibtex } from '../bib/bibtexReader';
import { digestNote, escapeMarkdown, toCslItem, toCslYamlItem, type CslItem } from '../bib/csl';
import { yamlText, type BibFormat } from '../bib/format';
import { readCslJson, readCslYaml, type BibError } from '../bib/read';
import type { Paper } from '../model';

export interface EntryUpdate {
  readonly key: string;
  /** `[start, end)` offsets of the entry (or item) in the text. */
  readonly start: number;
  readonly end: number;
  /** The entry's new text. */
  readonly text: string;
}

export interface UpdatePlan {
  readonly updates: readonly EntryUpdate[];
  /** Entries with a paper that has metadata but that are not updated, and why. */
  readonly skipped: readonly { readonly key: string; readonly reason: string }[];
  readonly error?: BibError;
}

/** Fields a BibTeX entry of ours (this version's or an earlier one's) or of arXiv's export holds. */
const OUR_BIBTEX_FIELDS: ReadonlySet<string> = new Set([
  ...['title', 'author', 'journal', 'year', 'month', 'eprint', 'archiveprefix', 'primaryclass', 'doi', 'url'],
  ...['abstract', 'annotation', 'note'],
]);

const METADATA_CSL_FIELDS = ['type', 'author', 'issued', 'container-title', 'publisher', 'number', 'DOI', 'URL', 'annote'] as const;

/** The updates for the entries of `papers` (matched by key, case-insensitively) that have metadata. */
export function planMetadataUpdates(text: string, format: BibFormat, papers: readonly Paper[]): UpdatePlan {
  const byKey = new Map<string, Paper>();
  for (const paper of papers) if (hasMetadata(paper)) byKey.set(paper.key.toLowerCase(), paper);
  switch (format) {
    case 'bibtex':
      return bibtexUpdates(text, byKey);
    case 'csl-json':
      return cslJsonUpdates(text, byKey);
    case 'csl-yaml':
      return cslYamlUpdates(text, byKey);
  }
}

function bibtexUpdates(text: string, byKey: ReadonlyMap<string, Paper>): UpdatePlan {
  const read = readBibtex(text);
  if (read.error !== undefined) return { updates: [], skipped: [], error: read.error };
  const updates: EntryUpdate[] = [];
  const skipped: { key: string; reason: string }[] = [];
  for (const entry of read.entries) {
    const paper = byKey.get(entry.key.toLowerCase());
    if (paper === undefined) continue;
    const old = text.slice(entry.start, entry.end);
    // Every `name =` after a comma or the opening brace: real fields all are, and a false one
    // inside a value only makes the check stricter.
    const names = [...old.matchAll(/[,{(]\s*([A-Za-z][\w:.+-]*)\s*=/g)].map(m => m[1].toLowerCase());
    const own = [...new Set(names.filter(name => !OUR_BIBTEX_FIELDS.has(name)))];
    if (own.length > 0) {
      skipped.push({ key: entry.key, reason: `has fields of its own (${own.join(', ')})` });
      continue;
    }
    const replacement = formatBibtexEntry({ ...paper, key: entry.key }).replace(/\n/g, lineEnding(text));
    if (replacement !== old) updates.push({ key: entry.key, start: entry.start, end: entry.end, text: replacement });
  }
  return { updates, skipped };
}

function cslJsonUpdates(text: string, byKey: ReadonlyMap<string, Paper>): UpdatePlan {
  const read = readCslJson(text);
  if (read.error !== undefined) return { updates: [], skipped: [], error: read.error };
  const updates: EntryUpdate[] = [];
  for (const [start, end] of read.layout?.items ?? []) {
    const old = text.slice(start, end);
    const item = JSON.parse(old) as Record<string, unknown>;
    const paper = typeof item?.id === 'string' || typeof item?.id === 'number' ? byKey.get(String(item.id).toLowerCase()) : undefined;
    if (paper === undefined) continue;
    const merged = mergeItem(item, toCslItem(paper), digestNote(paper));
    const lineStart = text.lastIndexOf('\n', start) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, start))![0];
    const unit = /\n([ \t]+)/.exec(old)?.[1].slice(indent.length) || '  ';
    const rendered = old.includes('\n') ? JSON.stringify(merged, null, unit).replace(/\n/g, `\n${indent}`) : JSON.stringify(merged);
    const replacement = rendered.replace(/\n/g, lineEnding(text));
    if (replacement !== old) updates.push({ key: String(item.id), start, end, text: replacement });
  }
  return { updates, skipped: [] };
}

function cslYamlUpdates(text: string, byKey: ReadonlyMap<string, Paper>): UpdatePlan {
  const read = readCslYaml(text);
  if (read.error !== undefined) return { updates: [], skipped: [], error: read.error };
  const updates: EntryUpdate[] = [];
  const skipped: { key: string; reason: string }[] = [];
  for (const node of read.list?.items ?? []) {
    if (!isMap(node) || node.range === undefined || node.range === null) continue;
    const item = (node as YAMLMap).toJSON() as Record<string, unknown>;
    const paper = typeof item?.id === 'string' || typeof item?.id === 'number' ? byKey.get(String(item.id).toLowerCase()) : undefined;
    if (paper === undefined) continue;
    if (read.list?.flow || (node as YAMLMap).flow) {
      skipped.push({ key: String(item.id), reason: 'written in YAML flow style' });
      continue;
    }
    const [start, , nodeEnd] = node.range;
    const merged = mergeItem(item, toCslYamlItem(paper), escapeMarkdown(digestNote(paper)));
    const column = start - (text.lastIndexOf('\n', start - 1) + 1);
    // `- ` plus the item: yamlText gives the list item at column 0; its body is indented to fit.
    const listed = yamlText([merged]).replace(/\n$/, '');
    const body = listed.slice(2).replace(/\n {2}/g, `\n${' '.repeat(column)}`);
    const end = trimEnd(text, nodeEnd, start);
    const replacement = body.replace(/\n/g, lineEnding(text));
    if (replacement !== text.slice(start, end)) updates.push({ key: String(item.id), start, end, text: replacement });
  }
  return { updates, skipped };
}

/**
 * The item with the paper's metadata fields set and its other fields kept: fields in the order
 * Digest Notes writes them (so an entry of ours reads as if written anew), then the item's own.
 * The printed note an earlier version wrote is dropped.
 */
function mergeItem(item: Record<string, unknown>, ours: CslItem, oldNote: string): Record<string, unknown> {
  const metadataFields: ReadonlySet<string> = new Set(METADATA_CSL_FIELDS);
  const merged: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(ours)) {
    merged[field] = metadataFields.has(field) || !(field in item) ? value : item[field];
  }
  for (const [field, value] of Object.entries(item)) {
    if (field in merged || (field === 'note' && value === oldNote)) continue;
    merged[field] = value;
  }
  return merged;
}

function hasMetadata(paper: Paper): boolean {
  return (paper.metadata?.authors?.length ?? 0) > 0 || paper.metadata?.arxiv !== undefined;
}

function lineEnding(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

/** The node's end with trailing line breaks and spaces left out (the next item's indent stays). */
function trimEnd(text: string, end: number, start: number): number {
  let at = end;
  while (at > start && /\s/.test(text[at - 1])) at--;
  return at;
}
