/**
 * Text to and from the LaTeX that BibTeX field values hold. Writing escapes every special
 * character so any digest text is a safe, balanced field value; reading undoes our escapes and
 * the common accent commands so titles written by other tools (Zotero, Google Scholar) compare.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '\\': '\\textbackslash{}',
};

/** Escapes the LaTeX specials `& % $ # _ { } ~ ^ \`; other characters (UTF-8 too) stay. */
export function escapeLatex(text: string): string {
  return text.replace(/[&%$#_{}~^\\]/g, c => ESCAPES[c]);
}

/** A word, hyphenated compound or contraction: `BCI-EEG`, `Brain's`. */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/**
 * Escapes a title and protects, in braces, every word with a capital letter after its first
 * character (`{LLM}`, `{SepCLR}`, `{iTransformer}`, `{3D}`) and every lone capital but `A`
 * (`Part {B}`), so styles that change the case of titles keep acronyms and names written that
 * way. Ordinary capitalised words are left to the style (sentence case may lower them).
 */
export function latexTitle(title: string): string {
  let out = '';
  let last = 0;
  for (const match of title.matchAll(WORD)) {
    const word = match[0];
    out += escapeLatex(title.slice(last, match.index));
    out += needsProtection(word) ? `{${word}}` : word;
    last = match.index + word.length;
  }
  return out + escapeLatex(title.slice(last));
}

/** A capital after the first character (`LLM`, `iTransformer`), or a lone capital other than A. */
function needsProtection(word: string): boolean {
  return /\p{Lu}/u.test(word.slice(1)) || (word.length === 1 && word !== 'A' && /\p{Lu}/u.test(word));
}

const TEXT_COMMANDS: Readonly<Record<string, string>> = {
  textasciitilde: '~',
  textasciicircum: '^',
  textbackslash: '\\',
  textunderscore: '_',
  textbar: '|',
  textless: '<',
  textgreater: '>',
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  aa: 'å',
  AA: 'Å',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
};

const ACCENTS: Readonly<Record<string, string>> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  c: '\u0327',
  k: '\u0328',
  r: '\u030a',
  d: '\u0323',
  b: '\u0331',
};

/**
 * Plain text of a BibTeX field value: escapes and accent commands resolved, case-protection
 * braces and unknown command names dropped, `~` read as a space, runs of whitespace collapsed.
 */
export function latexToText(value: string): string {
  return new LatexReader(value).read().normalize('NFC').replace(/\s+/g, ' ').trim();
}

class LatexReader {
  private i = 0;
  constructor(private readonly s: string) {}

  read(): string {
    let out = '';
    while (this.i < this.s.length) out += this.next();
    return out;
  }

  private next(): string {
    const c = this.s[this.i++];
    if (c === '{' || c === '}') return '';
    if (c === '~') return ' ';
    if (c !== '\\') return c;
    return this.command();
  }

  private command(): string {
    const c = this.s[this.i];
    if (c === undefined) return '\\';
    if (/[a-zA-Z]/.test(c)) {
      const name = /^[a-zA-Z]+/.exec(this.s.slice(this.i))![0];
      this.i += name.length;
      if (name.length === 1 && ACCENTS[name] !== undefined) return this.accent(ACCENTS[name]);
      this.skipEmptyGroup();
      return TEXT_COMMANDS[name] ?? '';
    }
    this.i++;
    if (ACCENTS[c] !== undefined) return this.accent(ACCENTS[c]);
    return c === '\\' ? ' ' : c;
  }

  /** The accent's argument (`\'e`, `\'{e}`, `\c c`) with the combining mark after its first char. */
  private accent(mark: string): string {
    while (this.s[this.i] === ' ') this.i++;
    let arg: string;
    if (this.s[this.i] === '{') {
      const close = this.s.indexOf('}', this.i);
      const end = close === -1 ? this.s.length : close;
      arg = new LatexReader(this.s.slice(this.i + 1, end)).read();
      this.i = end + 1;
    } else if (this.s[this.i] === '\\') {
      this.i++;
      arg = this.command();
    } else {
      arg = this.s[this.i++] ?? '';
    }
    if (arg === '') return '';
    // `\'{\i}` is an accented i: the dotless forms only exist to carry the accent.
    const base = arg[0] === 'ı' ? 'i' : arg[0] === 'ȷ' ? 'j' : arg[0];
    return base + mark + arg.slice(1);
  }

  private skipEmptyGroup(): void {
    if (this.s.startsWith('{}', this.i)) this.i += 2;
    else while (this.s[this.i] === ' ') this.i++;
  }
}
