/**
 * A tolerant BibTeX reader that finds entries (type, key, title, where they stand), not a full
 * BibTeX interpreter. Like BibTeX, text between entries is a comment, so junk there (and an `@`
 * not followed by `type{` or `type(`) is skipped; lines starting with `%` outside entries are
 * comments (as biber reads them). `@comment`, `@string` and `@preamble` are skipped. Values may
 * be braced (nested), quoted, numbers or macros, concatenated with `#`. A backslash escapes the
 * next character, as in Pandoc's reader, so `\{` does not open a group.
 */
import { latexToText } from './latex';
import { LineIndex } from '../util/lineIndex';

export interface BibtexEntry {
  readonly type: string;
  readonly key: string;
  /** The title as plain text (`latexToText`), when the entry has one. */
  readonly title?: string;
  readonly line: number;
  /** Offsets of the `@` and just past the closing delimiter. */
  readonly start: number;
  readonly end: number;
}

export interface BibtexReadResult {
  readonly entries: BibtexEntry[];
  readonly error?: { line: number; message: string };
}

class BibSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const ENTRY_START = /@[ \t\r\n]*([A-Za-z][\w-]*)[ \t\r\n]*([{(])/y;
/**
 * Keys, field names and macro names end at ASCII white space only, as in BibTeX and biber: a key
 * may hold a no-break space (U+00A0) or any other Unicode space, and is then read whole.
 */
const NAME = /[^ \t\n\r\f\v=,{}()"#%]+/y;
const ASCII_SPACE = /[ \t\n\r\f\v]/;

export function readBibtex(text: string): BibtexReadResult {
  const entries: BibtexEntry[] = [];
  const lines = new LineIndex(text);
  let pos = 0;
  try {
    while ((pos = nextEntryStart(text, pos)) !== -1) {
      ENTRY_START.lastIndex = pos;
      const m = ENTRY_START.exec(text);
      if (m === null) {
        pos++;
        continue;
      }
      const type = m[1].toLowerCase();
      const close = m[2] === '{' ? '}' : ')';
      if (type === 'comment') {
        // BibTeX itself ignores the rest of an @comment line, so an unbalanced one is no error.
        pos = skipGroupOr(text, ENTRY_START.lastIndex - 1, close, pos + 1);
        continue;
      }
      if (type === 'string' || type === 'preamble') {
        pos = skipGroup(text, ENTRY_START.lastIndex - 1, close);
        continue;
      }
      const entry = new EntryParser(text, pos, ENTRY_START.lastIndex, close).parse();
      const line = lines.lineAt(pos);
      entries.push({ type, key: entry.key, title: entry.title, line, start: pos, end: entry.end });
      pos = entry.end;
    }
  } catch (e) {
    if (!(e instanceof BibSyntaxError)) throw e;
    return { entries, error: { line: lines.lineAt(e.offset), message: e.message } };
  }
  return { entries };
}

/** The next `@` outside a `%` comment line, or -1. */
function nextEntryStart(text: string, from: number): number {
  for (let at = text.indexOf('@', from); at !== -1; at = text.indexOf('@', at + 1)) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (!/^[ \t]*%/.test(text.slice(lineStart, at))) return at;
  }
  return -1;
}

function skipGroupOr(text: string, open: number, close: string, fallback: number): number {
  try {
    return skipGroup(text, open, close);
  } catch {
    return fallback;
  }
}

/** Offset just past the group opening at `open` (a `{` or `(`), nested braces balanced. */
function skipGroup(text: string, open: number, close: string): number {
  let depth = 0;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === close && depth === 0) return i + 1;
  }
  throw new BibSyntaxError(open, `"${text[open]}" opened here is never closed`);
}

class EntryParser {
  private pos: number;
  private title: string | undefined;

  constructor(
    private readonly text: string,
    /** The entry's `@`, where an unclosed entry is reported. */
    private readonly start: number,
    bodyStart: number,
    private readonly close: string,
  ) {
    this.pos = bodyStart;
  }

  parse(): { key: string; title?: string; end: number } {
    this.skipSpace();
    const key = this.name();
    if (key === '') throw new BibSyntaxError(this.pos, 'entry without a citation key');
    for (;;) {
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === this.close) return { key, title: this.title, end: this.pos + 1 };
      if (c === undefined) throw new BibSyntaxError(this.start, `entry "${key}" is never closed with "${this.close}"`);
      if (c !== ',') throw new BibSyntaxError(this.pos, `expected "," or "${this.close}" in entry "${key}", found "${c}"`);
      this.pos++;
      this.skipSpace();
      if (this.text[this.pos] === this.close || this.text[this.pos] === undefined) continue;
      this.field(key);
    }
  }

  private field(key: string): void {
    const name = this.name().toLowerCase();
    if (name === '') throw new BibSyntaxError(this.pos, `expected a field name in entry "${key}"`);
    this.skipSpace();
    if (this.text[this.pos] !== '=') throw new BibSyntaxError(this.pos, `expected "=" after field "${name}" in entry "${key}"`);
    this.pos++;
    let value = '';
    for (;;) {
      this.skipSpace();
      value += this.valuePart(name, key);
      this.skipSpace();
      if (this.text[this.pos] !== '#') break;
      this.pos++;
    }
    if (name === 'title') this.title = latexToText(value);
  }

  private valuePart(field: string, key: string): string {
    const start = this.pos;
    const c = this.text[start];
    if (c === '{') {
      this.pos = skipGroup(this.text, start, '}');
      return this.text.slice(start + 1, this.pos - 1);
    }
    if (c === '"') {
      this.pos = this.quotedEnd(start);
      return this.text.slice(start + 1, this.pos - 1);
    }
    const word = this.name();
    if (word === '') throw new BibSyntaxError(start, `expected a value for field "${field}" in entry "${key}"`);
    return word;
  }

  private quotedEnd(open: number): number {
    let depth = 0;
    for (let i = open + 1; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '\\') i++;
      else if (c === '{') depth++;
      else if (c === '}') depth = Math.max(0, depth - 1);
      else if (c === '"' && depth === 0) return i + 1;
    }
    throw new BibSyntaxError(open, 'quoted value is never closed');
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (m === null) return '';
    this.pos += m[0].length;
    return m[0];
  }

  /** ASCII white space, and `%` comments to the end of the line (biber allows them between fields). */
  private skipSpace(): void {
    for (;;) {
      while (ASCII_SPACE.test(this.text[this.pos] ?? '')) this.pos++;
      if (this.text[this.pos] !== '%') return;
      const nl = this.text.indexOf('\n', this.pos);
      this.pos = nl === -1 ? this.text.length : nl + 1;
    }
  }
}
