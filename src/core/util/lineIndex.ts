/**
 * Offsets in a text to 0-based lines and columns and back, by binary search over line starts.
 * Lines end at `\n` (a CRLF's `\r` stays at the end of its line, as in VS Code's columns).
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The 0-based line holding `offset`. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The offset where the line holding `offset` starts. */
  lineStart(offset: number): number {
    return this.starts[this.lineAt(offset)];
  }

  /** The 0-based line and column of `offset`. */
  position(offset: number): { line: number; column: number } {
    const line = this.lineAt(offset);
    return { line, column: offset - this.starts[line] };
  }

  /** The offset of a 0-based line and column. */
  offsetAt(line: number, column: number): number {
    return this.starts[line] + column;
  }
}
