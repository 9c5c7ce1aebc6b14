/**
 * Text helpers shared by the digest parser and the library: decoding file bytes, splitting lines
 * the way an editor counts them, and the comparison key for titles.
 */

const BOM = '\uFEFF';
/** Bytes sampled when deciding whether undecodable bytes are binary rather than legacy text. */
const BINARY_SAMPLE_BYTES = 8192;

/**
 * Decodes a file's bytes to text. UTF-8 (a BOM is stripped); UTF-16 when the file starts with a
 * UTF-16 BOM; bytes that are not valid UTF-8 are read as Windows-1252 (legacy text), unless they
 * look binary. Returns null for binary content: a NUL byte (as git decides), or mostly control
 * characters.
 */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const label = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return new TextDecoder(label).decode(bytes);
  }
  if (bytes.indexOf(0) !== -1) return null;
  try {
    // ignoreBOM is false by default, so the decoder drops a UTF-8 byte-order mark.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    if (controlByteRatio(bytes) > 0.1) return null;
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function controlByteRatio(bytes: Uint8Array): number {
  const n = Math.min(bytes.length, BINARY_SAMPLE_BYTES);
  if (n === 0) return 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    // Tab, LF, VT, FF, CR and ESC occur in text; other C0 controls almost never do.
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27) control++;
  }
  return control / n;
}

/**
 * Splits text into lines as an editor numbers them: a leading BOM is dropped; CRLF, CR and LF all
 * end a line; a final newline yields a last empty line, and '' is one empty line. So line i here
 * is line i in VS Code.
 */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(BOM.length) : text;
  // The plain-LF split is several times faster than the regex one; most files have no CR at all.
  return body.indexOf('\r') === -1 ? body.split('\n') : body.split(/\r\n?|\n/);
}

/**
 * The key under which two titles count as the same paper: Unicode-compatible forms folded (NFKC),
 * lower case, runs of whitespace as one space, trimmed.
 */
export function normalizeTitle(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

