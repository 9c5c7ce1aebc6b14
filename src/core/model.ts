/**
 * The data model shared by every part of Digest Notes: the parser produces `ParsedDigest`s, the
 * library merges them into `Paper`s with keys, and the bibliography, search, notes, CLI and the
 * VS Code layer consume those. Pure data: no behaviour, no `vscode`.
 *
 * Lines are 0-based everywhere in the core (like VS Code's `Position.line`); the CLI converts to
 * 1-based when it prints.
 */

export type LinkKind = 'code' | 'project' | 'doi' | 'other';

export interface PaperLink {
  /** The URL as found, without trailing sentence punctuation. */
  readonly url: string;
  readonly kind: LinkKind;
}

/** An inclusive range of lines, 0-based. */
export interface LineRange {
  readonly start: number;
  readonly end: number;
}

/**
 * One author as a source wrote the name (`literal`), and split into family and given names when
 * a name parser could (particles kept with the family name: `van der Berg`; suffixes apart).
 */
export interface Author {
  readonly literal: string;
  readonly family?: string;
  readonly given?: string;
  /** `Jr.`, `III`... */
  readonly suffix?: string;
}

/** Where a paper's metadata came from: a richer source wins over a poorer one when merged. */
export type MetadataSource = 'digest' | 'huggingface' | 'arxiv-email' | 'arxiv-rss' | 'arxiv-api' | 'doi' | 'manual';

/**
 * What a source or a lookup knows of a paper beyond title and abstract. Every field is optional:
 * the text digest gives none of them; Hugging Face JSON, arXiv mail and RSS give most.
 */
export interface PaperMetadata {
  /** In order, first author first. */
  readonly authors?: readonly Author[];
  /** ISO date (`YYYY-MM-DD`) of publication (arXiv: first version), when known. */
  readonly published?: string;
  /** The arXiv identifier without version (`2406.11944`, `hep-th/9901001`). */
  readonly arxiv?: string;
  /** The arXiv primary category (`cs.LG`). */
  readonly primaryClass?: string;
  readonly categories?: readonly string[];
  /** The journal or proceedings once published (`Journal-ref`, a DOI's container title). */
  readonly venue?: string;
  /** The published version's DOI (journal); the arXiv DOI is derived from `arxiv`. */
  readonly journalDoi?: string;
  /** The landing page (arXiv's abstract page), never a code or project link. */
  readonly url?: string;
  /** arXiv announcement kind, when a listing says: new, cross-list, replacement. */
  readonly announce?: 'new' | 'cross' | 'replace' | 'replace-cross';
  readonly source?: MetadataSource;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** A problem found while parsing; parsing never throws on bad input, it reports. */
export interface ParseDiagnostic {
  /** 0-based line. */
  readonly line: number;
  readonly message: string;
  readonly severity: DiagnosticSeverity;
}

/** One title/abstract block as it stands in one digest file. */
export interface DigestEntry {
  readonly title: string;
  /** The abstract with hard wraps joined by single spaces; '' when the block has none. */
  readonly abstract: string;
  /** The day line as written (`Mar 14`), '' when the entry precedes any day line. */
  readonly day: string;
  /** ISO date `YYYY-MM-DD` when the year is known, else null. Never invented. */
  readonly date: string | null;
  readonly year: number | null;
  readonly links: readonly PaperLink[];
  /**
   * A DOI (`10.xxxx/...`) quoted in the abstract, bare or in a doi.org URL: a link (often a data
   * set's or another paper's), not the paper's identifier.
   */
  readonly doi: string | null;
  readonly titleLine: number;
  /** Lines of the abstract, absent when there is none. */
  readonly abstractRange?: LineRange;
  /** From the title line to the abstract's last line. */
  readonly range: LineRange;
  /** Authors, arXiv id... when the source gives them (never for the text digest). */
  readonly metadata?: PaperMetadata;
}

export interface DigestDay {
  /** The day line as written, trimmed. */
  readonly label: string;
  readonly date: string | null;
  readonly line: number;
  /** From the day line to the last line of its last entry. */
  readonly range: LineRange;
  readonly entries: readonly DigestEntry[];
}

export interface ParsedDigest {
  /** Where the text came from (a file-system path or a URI string), as given to the parser. */
  readonly path: string;
  readonly days: readonly DigestDay[];
  /** Every entry in file order (also those before any day line). */
  readonly entries: readonly DigestEntry[];
  readonly diagnostics: readonly ParseDiagnostic[];
  readonly lineCount: number;
}

/** One place a paper stands: a digest file and the entry's lines in it. */
export interface Occurrence {
  readonly path: string;
  readonly day: string;
  readonly date: string | null;
  readonly titleLine: number;
  readonly range: LineRange;
}

/**
 * A paper: every entry with the same title (case- and space-insensitive) across all digests
 * parsed together, under one citation key.
 */
export interface Paper {
  readonly key: string;
  readonly title: string;
  readonly abstract: string;
  /** The day of the first occurrence, as written. */
  readonly day: string;
  readonly date: string | null;
  readonly year: number | null;
  readonly links: readonly PaperLink[];
  /**
   * A DOI quoted in the abstract: a link, not the paper's identifier (see `paperDoi` in
   * core/bib/csl.ts for that: it is the paper's only when a source or a lookup matched by title gives it).
   */
  readonly doi: string | null;
  /** Merged from the sources and lookups, richest first; absent when nothing is known. */
  readonly metadata?: PaperMetadata;
  /** First occurrence first. */
  readonly occurrences: readonly Occurrence[];
}

/** An entry that already stands in the user's bibliography (read from .bib, CSL-JSON or CSL-YAML). */
export interface ExistingEntry {
  readonly key: string;
  readonly title?: string;
  /** 0-based line where the entry starts, when the reader knows it. */
  readonly line?: number;
}
