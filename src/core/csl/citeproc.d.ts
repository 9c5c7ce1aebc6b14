/** The part of citeproc-js (npm `citeproc`, no bundled types) that the CSL port uses. */
declare module 'citeproc' {
  export interface CiteprocSys {
    retrieveLocale(lang: string): string | undefined;
    retrieveItem(id: string): unknown;
  }
  export interface CitationItem {
    id: string;
    locator?: string;
    label?: string;
    prefix?: string;
    suffix?: string;
  }
  export class Engine {
    constructor(sys: CiteprocSys, style: string, lang?: string, forceLang?: boolean);
    setOutputFormat(format: 'html' | 'text' | 'rtf'): void;
    updateItems(ids: readonly string[]): void;
    /** `[params, entries]`, or false when the style has no bibliography. */
    makeBibliography(): [{ entry_ids: string[][]; bibstart: string; bibend: string }, string[]] | false;
    makeCitationCluster(items: readonly CitationItem[]): string;
  }
}
