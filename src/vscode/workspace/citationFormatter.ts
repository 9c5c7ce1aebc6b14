/**
 * References and in-text citations as the draft's CSL style prints them, for the hover, the
 * preview's cards, the picker and Copy Formatted Reference. The style: the draft's `csl:` front
 * matter (a `.csl` file of the workspace, or a shipped style's name), else the
 * `digestNotes.citationStyle` setting, else Chicago author-date (pandoc's default), so what the
 * editor shows is what `pandoc --citeproc` prints.
 *
 * The formatting runs in a worker (src/cslWorker), started on the first request and never on
 * activation: building a style's engine takes 0.1–10 s, which would hold the editor.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { toCslItem } from '../../core/bib/csl';
import { declaredCslStyle } from '../../core/csl/draftStyle';
import type { CslData, FormattedReference } from '../../core/csl/engine';
import { DEFAULT_STYLE_ID, shippedStyle, SHIPPED_STYLES } from '../../core/csl/styles';
import type { Paper } from '../../core/model';
import type { FormatRequest, FormatResponse, StyleSource } from '../../cslWorker/protocol';
import { config } from '../util/config';
import { readCurrentText } from '../util/files';
import { log } from '../util/log';

/** The style a draft uses, and where that choice came from (said in the hover). */
export interface CitationStyle {
  readonly source: StyleSource;
  /** `Chicago author-date`, `apa.csl`... */
  readonly label: string;
  readonly from: 'front matter' | 'setting' | 'default';
  /** Set when the named style could not be had (then the default is used). */
  readonly problem?: string;
}

export interface FormattedPaper {
  readonly key: string;
  readonly text: FormattedReference;
  readonly html: FormattedReference;
}

export interface FormattedPapers {
  readonly style: CitationStyle;
  readonly papers: readonly FormattedPaper[];
}

/** Each paper's reference alone, plain text, by key; for the preview's cards and the picker's detail line. */
export interface ReferenceLines {
  readonly style: CitationStyle;
  readonly references: ReadonlyMap<string, string>;
}

/** References kept between requests (a picker's list, a digest's cards); the oldest go past this. */
const MAX_CACHED_REFERENCES = 5000;

/** A `.csl` file larger than this is not a style. */
const MAX_STYLE_BYTES = 2 * 1024 * 1024;

export class CitationFormatter implements vscode.Disposable {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, (response: FormatResponse) => void>();
  private nextId = 1;
  /** Formatted references by style and CSL item (what the style prints depends on nothing else). */
  private readonly referenceCache = new Map<string, string>();
  /** Engine build times reported by the worker, per style label (for the log and the specs). */
  readonly buildTimes = new Map<string, number>();

  constructor(private readonly workerFile = join(__dirname, 'cslWorker.js')) {}

  /** The style for a draft (or for no draft: the setting, else the default). */
  async styleFor(document: vscode.TextDocument | undefined): Promise<CitationStyle> {
    const declared = document && declaredCslStyle(document.getText());
    if (declared !== undefined && document !== undefined) {
      const base =
        document.uri.scheme === 'untitled' ? vscode.workspace.workspaceFolders?.[0]?.uri : vscode.Uri.joinPath(document.uri, '..');
      const found = await this.namedStyle(declared, base, 'front matter');
      if (found !== undefined) return found;
      return this.fallback(`the draft's csl: ${declared} is neither a readable .csl file nor a shipped style`);
    }
    const folder = (document && vscode.workspace.getWorkspaceFolder(document.uri)) ?? vscode.workspace.workspaceFolders?.[0];
    const setting = config.get<string>('citationStyle', '', folder?.uri).trim();
    if (setting !== '') {
      const found = await this.namedStyle(setting, folder?.uri, 'setting');
      if (found !== undefined) return found;
      return this.fallback(`the setting digestNotes.citationStyle (${setting}) is neither a readable .csl file nor a shipped style`);
    }
    return this.fallback();
  }

  /** Each paper's reference and citation in the draft's style, formatted together in the order given. */
  async format(papers: readonly Paper[], document: vscode.TextDocument | undefined): Promise<FormattedPapers> {
    const style = await this.styleFor(document);
    if (papers.length === 0) return { style, papers: [] };
    const response = await this.request(style.source, papers.map(cslItemOf));
    if ('error' in response) throw new Error(`${style.label}: ${response.error}`);
    if (response.buildMs > 0) {
      this.buildTimes.set(style.label, response.buildMs);
      log.info(`Citation style ${style.label}: engine built in ${response.buildMs} ms (CSL worker)`);
    }
    return {
      style,
      papers: papers.map((paper, i) => ({ key: paper.key, text: response.text[i], html: response.html[i] })),
    };
  }

  /**
   * Each paper's reference formatted alone in the draft's style, as the hover shows it; papers
   * formatted before (same style, same metadata) come from the cache, the others in one request
   * to the worker. Empty references are left out.
   */
  async referenceLines(papers: readonly Paper[], document: vscode.TextDocument | undefined): Promise<ReferenceLines> {
    const style = await this.styleFor(document);
    const styleId =
      'shipped' in style.source ? `shipped:${style.source.shipped}` : `xml:${createHash('sha1').update(style.source.xml).digest('hex')}`;
    const items = papers.map(cslItemOf);
    const cacheKeys = items.map(item => `${styleId}\n${JSON.stringify(item)}`);
    const missing = items.filter((_, i) => !this.referenceCache.has(cacheKeys[i]));
    if (missing.length > 0) {
      const response = await this.request(style.source, missing, true);
      if ('error' in response) throw new Error(`${style.label}: ${response.error}`);
      if (this.referenceCache.size + missing.length > MAX_CACHED_REFERENCES) this.referenceCache.clear();
      const byId = new Map(response.text.map(reference => [reference.id, reference.reference]));
      items.forEach((item, i) => {
        const reference = byId.get(item.id);
        if (reference !== undefined && !this.referenceCache.has(cacheKeys[i])) this.referenceCache.set(cacheKeys[i], reference);
      });
    }
    const references = new Map<string, string>();
    papers.forEach((paper, i) => {
      const reference = this.referenceCache.get(cacheKeys[i]);
      if (reference) references.set(paper.key, reference);
    });
    return { style, references };
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    for (const resolve of this.pending.values()) resolve({ id: 0, error: 'the CSL worker was stopped' });
    this.pending.clear();
  }

  private async namedStyle(name: string, base: vscode.Uri | undefined, from: CitationStyle['from']): Promise<CitationStyle | undefined> {
    if (/\.csl$/i.test(name) && base !== undefined && !/^[a-z][a-z0-9+.-]+:\/\//i.test(name)) {
      const uri = /^([/\\]|[A-Za-z]:[\\/])/.test(name)
        ? vscode.Uri.file(name)
        : vscode.Uri.joinPath(base, ...name.split(/[\\/]/).filter(Boolean));
      const xml = await readCurrentText(uri, { maxBytes: MAX_STYLE_BYTES }).catch(() => undefined);
      if (xml !== undefined) return { source: { xml }, label: name.split(/[\\/]/).pop()!, from };
    }
    const shipped = shippedStyle(name);
    return shipped === undefined ? undefined : { source: { shipped: shipped.id }, label: shipped.title, from };
  }

  private fallback(problem?: string): CitationStyle {
    const shipped = SHIPPED_STYLES.find(style => style.id === DEFAULT_STYLE_ID)!;
    return { source: { shipped: shipped.id }, label: shipped.title, from: 'default', ...(problem !== undefined ? { problem } : {}) };
  }

  private request(style: StyleSource, items: readonly CslData[], separately = false): Promise<FormatResponse> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise(resolve => {
      this.pending.set(id, resolve);
      worker.postMessage({ id, style, items, separately } satisfies FormatRequest);
    });
  }

  private started(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(this.workerFile);
    worker.on('message', (response: FormatResponse) => {
      const resolve = this.pending.get(response.id);
      this.pending.delete(response.id);
      resolve?.(response);
    });
    const stop = (message: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      log.error(`The CSL worker stopped: ${message}`);
      for (const resolve of this.pending.values()) resolve({ id: 0, error: message });
      this.pending.clear();
    };
    worker.on('error', error => stop(error.message));
    worker.on('exit', code => stop(`exit code ${code}`));
    // The worker does not keep the host alive, nor does an idle one cost anything but memory.
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

/** A paper as the worker gets it: the abstract and the provenance note are printed by no style, not worth copying. */
function cslItemOf(paper: Paper): CslData {
  const { abstract: _abstract, annote: _annote, ...item } = toCslItem(paper);
  return item;
}
