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
  /** A DOI (`10.xxxx/...`) found in the abstract, bare or in a doi.org URL. */
  readonly doi: string | null;
  readonly titleLine: number;
  /** Lines of the abstract, absent when there is none. */
  readonly abstractRange?: LineRange;
  /** From the title line to the abstract's last line. */
  readonly range: LineRange;
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
  readonly doi: string | null;
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
