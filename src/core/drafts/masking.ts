/**
 * What in a draft is not prose (code, comments, front matter) replaced by spaces of the same
 * length, line breaks kept: an offset into the masked text is the same offset into the draft.
 * Inserting citations, Cited In and the bibliography declarations read drafts through these, so
 * they agree on what counts as a citation.
 */

/** `s` as spaces, its line breaks kept. */
export function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}

/** Fenced code blocks (indented or not, closed or running to the end) and code spans. */
export function maskMarkdownCode(text: string): string {
  const fenced = text.replace(/^([ \t]*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ \t]*\2[`~]*[ \t\r]*$|(?![\s\S]))/gm, blank);
  // A span closes on a run of as many backticks as opened it, and holds at least one character.
  return fenced.replace(/(`+)(?!`)[^\n]*?[^`]\1(?!`)/g, blank);
}

/** Pandoc Markdown: the YAML front matter too. */
export function maskPandocNonText(text: string): string {
  const front = frontMatterRange(text);
  const masked = front ? blank(text.slice(0, front.end)) + text.slice(front.end) : text;
  return maskMarkdownCode(masked);
}

/** LaTeX: `%` starts a comment unless escaped as `\%`. */
export function maskLatexComments(text: string): string {
  return text.replace(/(?<!\\)%[^\n]*/g, blank);
}

/** Typst: raw text, block comments, and line comments (not the `//` of a URL or an escaped one). */
export function maskTypstNonText(text: string): string {
  return text
    .replace(/```[\s\S]*?```|`[^`\n]*`/g, blank)
    .replace(/\/\*[\s\S]*?\*\//g, blank)
    .replace(/(?<![:\\])\/\/[^\n]*/g, blank);
}

/** The YAML front matter's text (between the opening `---` and the closing `---`/`...`), if any. */
export function frontMatterRange(text: string): { start: number; end: number; contentStart: number; contentEnd: number } | undefined {
  const open = /^\uFEFF?---[ \t]*\r?\n/.exec(text);
  if (!open) {
    return undefined;
  }
  const close = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;
  const rest = text.slice(open[0].length);
  const m = close.exec(rest);
  if (!m) {
    return undefined;
  }
  const contentStart = open[0].length;
  const contentEnd = contentStart + m.index;
  return { start: 0, end: contentEnd + m[0].length, contentStart, contentEnd };
}
