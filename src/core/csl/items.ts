/**
 * The CSL items of a CSL-JSON or CSL-YAML bibliography, as citeproc-js reads them: each item's
 * fields as written, with its `id` as a string. CSL-YAML is what pandoc reads as Markdown, so its
 * text fields lose their backslash escapes (`\_` is `_`), as pandoc's would.
 */
import { parse as parseYaml } from 'yaml';
import { unescapeMarkdown } from '../bib/csl';
import type { BibFormat } from '../bib/format';
import type { CslData } from './engine';

export type CslItemsRead = { readonly items: CslData[] } | { readonly error: string };

export function readCslItems(text: string, format: BibFormat): CslItemsRead {
  if (format === 'bibtex') return { error: 'BibTeX is not read here: give a CSL-JSON (.json) or CSL-YAML (.yaml) bibliography' };
  let value: unknown;
  try {
    value = format === 'csl-json' ? JSON.parse(text.replace(/^\uFEFF/, '')) : parseYaml(text);
  } catch (error) {
    return { error: `not ${format === 'csl-json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}` };
  }
  if (format === 'csl-yaml' && isRecord(value) && Array.isArray(value.references)) value = value.references;
  if (value === null || value === undefined) return { items: [] };
  if (!Array.isArray(value)) return { error: 'not a list of CSL items' };
  const items: CslData[] = [];
  for (const item of value) {
    if (!isRecord(item) || (typeof item.id !== 'string' && typeof item.id !== 'number')) continue;
    const read = { ...item, id: String(item.id) };
    items.push(format === 'csl-yaml' ? unescaped(read) : read);
  }
  return { items };
}

const MARKDOWN_FIELDS = ['title', 'container-title', 'abstract', 'annote', 'publisher', 'note'];

function unescaped(item: Record<string, unknown> & { id: string }): CslData {
  const out: Record<string, unknown> & { id: string } = { ...item };
  for (const field of MARKDOWN_FIELDS) if (typeof out[field] === 'string') out[field] = unescapeMarkdown(out[field] as string);
  for (const role of ['author', 'editor']) {
    const names = out[role];
    if (!Array.isArray(names)) continue;
    out[role] = names.map(name =>
      isRecord(name)
        ? Object.fromEntries(Object.entries(name).map(([k, v]) => [k, typeof v === 'string' ? unescapeMarkdown(v) : v]))
        : name,
    );
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
