/**
 * A short piece of a line centred on a match, for lists that show where something occurs (Cited
 * In): a long line cut at its start would hide the match, and two matches on one line would look
 * the same. Pure.
 */

export interface Snippet {
  /** The piece of the line, `…` marking each cut end. */
  readonly text: string;
  /** Where the match stands in `text`: [start, end). */
  readonly highlight: readonly [number, number];
}

const ELLIPSIS = '…';

/**
 * The piece of `line` at most `width` characters long (plus the ellipses) with the match
 * (`column`, `length`) in its middle, cut at spaces where one is near, whitespace runs shown as
 * one space.
 */
export function snippetAround(line: string, column: number, length: number, width = 60): Snippet {
  const matchEnd = Math.min(line.length, column + length);
  let start = Math.max(0, Math.min(column - Math.floor((width - length) / 2), line.length - width));
  let end = Math.min(line.length, Math.max(start + width, matchEnd));
  // Cut at a space when one is close, so the snippet starts and ends on whole words.
  const space = line.indexOf(' ', start);
  if (start > 0 && space !== -1 && space < column && space - start < 12) start = space + 1;
  const lastSpace = line.lastIndexOf(' ', end);
  if (end < line.length && lastSpace >= matchEnd && end - lastSpace < 12) end = lastSpace;

  const before = line.slice(start, column).replace(/^\s+/, '').replace(/\s+/g, ' ');
  const match = line.slice(column, matchEnd);
  const after = line.slice(matchEnd, end).replace(/\s+$/, '').replace(/\s+/g, ' ');
  const head = start > 0 ? ELLIPSIS : '';
  const tail = end < line.length ? ELLIPSIS : '';
  const from = head.length + before.length;
  return { text: `${head}${before}${match}${after}${tail}`, highlight: [from, from + match.length] };
}
