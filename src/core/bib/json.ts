/**
 * Positions in JSON text that `JSON.parse` does not give: where each element of the top-level
 * array starts and ends (for entry lines and for inserting), and where a syntax error is (Node 20's
 * `JSON.parse` messages carry no position).
 */

export interface JsonArrayLayout {
  /** Offset of the top-level `[`. */
  readonly open: number;
  /** Offset of the matching `]`. */
  readonly close: number;
  /** `[start, end)` of each element, in order. */
  readonly items: readonly (readonly [number, number])[];
}

/** The layout of a text that `JSON.parse` accepted and that holds a top-level array. */
export function arrayLayout(text: string): JsonArrayLayout | undefined {
  const open = skipWhitespace(text, bomLength(text));
  if (text[open] !== '[') return undefined;
  const items: [number, number][] = [];
  let depth = 0;
  let itemStart = -1;
  let lastNonSpace = open;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      if (depth === 1 && itemStart === -1) itemStart = i;
      i = stringEnd(text, i) - 1;
      lastNonSpace = i;
      continue;
    }
    if (isWhitespace(c)) continue;
    if (c === '[' || c === '{') {
      if (depth === 1 && itemStart === -1) itemStart = i;
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        if (itemStart !== -1) items.push([itemStart, lastNonSpace + 1]);
        return { open, close: i, items };
      }
    } else if (c === ',' && depth === 1) {
      items.push([itemStart, lastNonSpace + 1]);
      itemStart = -1;
      continue;
    } else if (depth === 1 && itemStart === -1) {
      itemStart = i;
    }
    lastNonSpace = i;
  }
  return undefined;
}

/** Offset and description of the first syntax error in a text `JSON.parse` rejected. */
export function locateJsonError(text: string): { offset: number; message: string } {
  try {
    const end = new JsonValidator(text).document();
    return { offset: end, message: 'unexpected text' };
  } catch (e) {
    if (e instanceof JsonError) return { offset: e.offset, message: e.message };
    return { offset: 0, message: 'nested too deeply' };
  }
}

class JsonError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

class JsonValidator {
  private i: number;
  constructor(private readonly s: string) {
    this.i = bomLength(s);
  }

  document(): number {
    this.value();
    this.i = skipWhitespace(this.s, this.i);
    if (this.i < this.s.length) throw new JsonError(this.i, 'unexpected text after the end of the JSON value');
    return this.i;
  }

  private value(): void {
    this.i = skipWhitespace(this.s, this.i);
    const c = this.s[this.i];
    if (c === '{') this.container('}', true);
    else if (c === '[') this.container(']', false);
    else if (c === '"') this.i = this.string();
    else if (c !== undefined && /[-0-9]/.test(c)) this.number();
    else if (!this.literal()) {
      throw new JsonError(this.i, c === undefined ? 'unexpected end of the file' : `unexpected "${c}"`);
    }
  }

  private container(close: string, isObject: boolean): void {
    this.i = skipWhitespace(this.s, this.i + 1);
    if (this.s[this.i] === close) {
      this.i++;
      return;
    }
    for (;;) {
      if (isObject) {
        this.i = skipWhitespace(this.s, this.i);
        if (this.s[this.i] !== '"') throw new JsonError(this.i, 'expected a property name in double quotes');
        this.i = skipWhitespace(this.s, this.string());
        if (this.s[this.i] !== ':') throw new JsonError(this.i, 'expected ":" after a property name');
        this.i++;
      }
      this.value();
      this.i = skipWhitespace(this.s, this.i);
      const c = this.s[this.i];
      if (c === close) {
        this.i++;
        return;
      }
      if (c === undefined) throw new JsonError(this.i, `unexpected end of the file, expected "${close}"`);
      if (c !== ',') throw new JsonError(this.i, `expected "," or "${close}"`);
      this.i++;
      if (this.s[skipWhitespace(this.s, this.i)] === close) {
        throw new JsonError(skipWhitespace(this.s, this.i), `trailing comma before "${close}"`);
      }
    }
  }

  private string(): number {
    const end = stringEnd(this.s, this.i);
    if (end > this.s.length) throw new JsonError(this.i, 'string is never closed');
    const raw = this.s.slice(this.i, end);
    // Control characters must be escaped, and escapes must be valid: let JSON.parse judge.
    try {
      JSON.parse(raw);
    } catch {
      throw new JsonError(this.i, 'invalid string (an unescaped control character or a bad escape)');
    }
    return end;
  }

  private number(): void {
    const m = /-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
    m.lastIndex = this.i;
    if (m.exec(this.s) === null) throw new JsonError(this.i, 'invalid number');
    this.i = m.lastIndex;
  }

  private literal(): boolean {
    for (const word of ['true', 'false', 'null']) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return true;
      }
    }
    return false;
  }
}

/** Offset just past the string opening at `open` (past the end of the text if unclosed). */
function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length + 1;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhitespace(text[i])) i++;
  return i;
}

function isWhitespace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t';
}

/** 1 when the text starts with a byte-order mark (JSON.parse rejects it; we skip it). */
export function bomLength(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}
