/** What the command line prints: JSON shapes (1-based lines) and plain tables. */
import type { ParsedDigest, Paper } from '../core/model';
import type { SearchHit } from '../core/search';

export function paperJson(paper: Paper) {
  return {
    key: paper.key,
    title: paper.title,
    abstract: paper.abstract,
    day: paper.day,
    date: paper.date,
    links: paper.links.map(({ url, kind }) => ({ url, kind })),
    doi: paper.doi,
    occurrences: paper.occurrences.map(o => ({ path: o.path, line: o.titleLine + 1 })),
  };
}

export function diagnosticsJson(digests: readonly ParsedDigest[]) {
  return digests.flatMap(digest =>
    digest.diagnostics.map(d => ({ path: digest.path, line: d.line + 1, message: d.message, severity: d.severity })),
  );
}

export function searchJson(hits: readonly SearchHit[]) {
  return { results: hits.map(hit => ({ key: hit.key, title: hit.title, score: Number(hit.score.toFixed(4)) })) };
}

/**
 * Columns padded to their widest cell; the last column is cut to fit `width` (a terminal's),
 * or left whole when there is no terminal to fit.
 */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, width?: number): string {
  const all = [header, ...rows];
  const last = header.length - 1;
  const widths = header.map((_, c) => Math.max(...all.map(row => row[c].length)));
  const lead = widths.slice(0, last).reduce((sum, w) => sum + w + 2, 0);
  const room = width === undefined ? Infinity : Math.max(10, width - lead - 1);
  return all
    .map(row => row.map((cell, c) => (c === last ? truncate(cell, room) : cell.padEnd(widths[c]))).join('  ').trimEnd())
    .join('\n');
}

function truncate(text: string, room: number): string {
  return text.length <= room ? text : text.slice(0, room - 1) + '…';
}
