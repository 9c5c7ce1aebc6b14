/**
 * The CSL port: references and in-text citations as a Citation Style Language style prints them,
 * by citeproc-js (npm `citeproc`, CPAL-1.0 or AGPL; Zotero's processor). The caller hands it what
 * citeproc-js asks its host for: a style's XML, locales' XML and CSL items (`core/bib/csl.ts`
 * builds them from papers; a CSL-JSON bibliography holds them).
 *
 * Building an engine parses and compiles the style, which takes from a tenth of a second to
 * several seconds (APA's 66 kB), so engines are built once per style and kept; callers on an
 * editor's thread run this in a worker (src/cslWorker).
 *
 * citeproc-js is required when the first engine is built, not when this module loads, so a
 * bundle that holds it pays its load time only when a reference is first formatted.
 */
import type { CitationItem, Engine } from 'citeproc';
import type { CslItem } from '../bib/csl';

/** A CSL item as citeproc-js reads it: ours, or one read from a CSL-JSON/YAML bibliography. */
export type CslData = CslItem | (Record<string, unknown> & { id: string });

export type CslOutput = 'text' | 'html';

/** One citation's cite: the key and an optional locator (`12`, label `page`). */
export interface CiteRequest {
  readonly id: string;
  readonly locator?: string;
  /** A CSL locator label (`page`, `chapter`, `section`, `figure`...); citeproc's default is `page`. */
  readonly label?: string;
}

export interface FormattedReference {
  readonly id: string;
  /** The bibliography entry, trimmed; numeric styles' label included (`[1] J. Dunefsky, ...`). */
  readonly reference: string;
  /** The in-text citation of this item alone (`(Dunefsky, Chlenski, and Nanda 2024)`, `[1]`). */
  readonly citation: string;
}

/** What the port needs from its host: the locales by language tag (`en-US`). */
export interface CslLocales {
  locale(lang: string): string | undefined;
}

export class CslStyleError extends Error {}

/**
 * One style's engine. Not safe to use from two callers at once (citeproc-js keeps the items of
 * the last call); the worker and the CLI call it one request at a time.
 */
export class CslFormatter {
  private items = new Map<string, CslData>();
  private readonly engine: Engine;

  constructor(styleXml: string, locales: CslLocales, lang = 'en-US') {
    if (!/<style[\s>]/.test(styleXml)) throw new CslStyleError('not a CSL style: no <style> element');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first needed (see above)
    const citeproc = require('citeproc') as typeof import('citeproc');
    const sys = {
      retrieveLocale: (tag: string) => locales.locale(tag) ?? locales.locale(tag.split('-')[0]) ?? locales.locale('en-US'),
      retrieveItem: (id: string) => this.items.get(id),
    };
    try {
      this.engine = new citeproc.Engine(sys, styleXml, lang, true);
    } catch (error) {
      throw new CslStyleError(`the style could not be read: ${firstLine(error)}`);
    }
  }

  /**
   * Each item's reference and in-text citation, in the order given. Items are formatted together
   * (as they would be in one document): numeric styles number them in this order, and author-date
   * styles tell apart two papers of an author's year (`2024a`, `2024b`).
   */
  format(items: readonly CslData[], output: CslOutput): FormattedReference[] {
    if (items.length === 0) return [];
    this.use(items, output);
    const bibliography = this.engine.makeBibliography();
    const references = new Map<string, string>();
    if (bibliography !== false) {
      const [params, entries] = bibliography;
      params.entry_ids.forEach((ids, i) => references.set(String(ids[0]), cleanEntry(entries[i], output)));
    }
    return items.map(item => ({
      id: item.id,
      reference: references.get(item.id) ?? '',
      citation: this.engine.makeCitationCluster([{ id: item.id }]),
    }));
  }

  /** One in-text citation of several cites (`(Dunefsky et al. 2024, 12; Lee 2023)`). */
  cite(items: readonly CslData[], cites: readonly CiteRequest[], output: CslOutput): string {
    this.use(items, output);
    const request: CitationItem[] = cites.map(cite => ({
      id: cite.id,
      ...(cite.locator !== undefined ? { locator: cite.locator } : {}),
      ...(cite.label !== undefined ? { label: cite.label } : {}),
    }));
    return this.engine.makeCitationCluster(request);
  }

  private use(items: readonly CslData[], output: CslOutput): void {
    this.items = new Map(items.map(item => [item.id, item]));
    this.engine.setOutputFormat(output);
    this.engine.updateItems(items.map(item => item.id));
  }
}

/**
 * The engines of a session, one per style (keyed by the style's text: a changed `.csl` file gets
 * a new engine), the least recently used dropped past `limit`.
 */
export class CslEngines {
  private readonly engines = new Map<string, CslFormatter>();

  constructor(
    private readonly locales: CslLocales,
    private readonly limit = 4,
  ) {}

  engine(styleXml: string): CslFormatter {
    const kept = this.engines.get(styleXml);
    if (kept !== undefined) {
      this.engines.delete(styleXml);
      this.engines.set(styleXml, kept);
      return kept;
    }
    const engine = new CslFormatter(styleXml, this.locales);
    this.engines.set(styleXml, engine);
    if (this.engines.size > this.limit) this.engines.delete(this.engines.keys().next().value!);
    return engine;
  }

  get size(): number {
    return this.engines.size;
  }
}

/**
 * An entry as one line: citeproc's text output ends in a newline; its HTML wraps the entry in a
 * `csl-entry` div (numeric styles add margin divs) with newlines and indentation between them.
 */
function cleanEntry(entry: string, output: CslOutput): string {
  if (output === 'text') return entry.replace(/\s+/g, ' ').trim();
  return entry
    .replace(/>\s*\n\s*</g, '><')
    .replace(/\s+/g, ' ')
    .trim();
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
