/** The line ending a file uses: CRLF when it has any, else LF. */
export function lineEndingOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
