/**
 * The three bibliography formats and whole-bibliography output. JSON is written by
 * `JSON.stringify` and YAML by the `yaml` library, never by hand.
 */
import { Document, isSeq, isScalar, visit } from 'yaml';
import type { Paper } from '../model';
import { formatBibtex } from './bibtex';
import { toCslItem, toCslYamlItem, type CslItem } from './csl';

export type BibFormat = 'bibtex' | 'csl-json' | 'csl-yaml';

/** `.bib` → bibtex, `.json` → csl-json, `.yaml`/`.yml` → csl-yaml (case-insensitive), else undefined. */
export function bibFormatForPath(path: string): BibFormat | undefined {
  const m = /\.([A-Za-z]+)$/.exec(path);
  switch (m?.[1].toLowerCase()) {
    case 'bib':
      return 'bibtex';
    case 'json':
      return 'csl-json';
    case 'yaml':
    case 'yml':
      return 'csl-yaml';
    default:
      return undefined;
  }
}

/**
 * A whole bibliography. CSL-JSON is an array of items (2-space indent); CSL-YAML is a mapping
 * with a `references:` list, the shape Pandoc reads (it rejects a bare top-level list), text
 * fields Markdown-escaped as Pandoc reads them (`toCslYamlItem`). Every
 * output ends with a newline; an empty list of papers gives `[]`, `references: []` or ''.
 */
export function formatBibliography(papers: readonly Paper[], format: BibFormat): string {
  switch (format) {
    case 'bibtex':
      return formatBibtex(papers);
    case 'csl-json':
      return formatCslJson(papers.map(toCslItem), '  ') + '\n';
    case 'csl-yaml':
      return yamlText({ references: papers.map(toCslYamlItem) });
  }
}

export function formatCslJson(items: readonly CslItem[], indent: string): string {
  return JSON.stringify(items, null, indent);
}

/**
 * YAML of a value as the `yaml` library writes it, with number-only lists (CSL `date-parts`) in
 * flow style, `[2024, 3, 14]`, like Pandoc writes them, and long strings on one line.
 */
export function yamlText(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Seq(_, node) {
      if (node.items.length > 0 && node.items.every(item => isScalar(item) && typeof item.value === 'number')) {
        node.flow = true;
      }
    },
  });
  if (isSeq(doc.contents) && doc.contents.items.length === 0) doc.contents.flow = true;
  // No folding (lineWidth 0): a value is one line wherever it is indented, so entries appended
  // later read exactly like entries written at once.
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
}
