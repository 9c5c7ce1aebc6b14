/**
 * The real sample digest and ways to build messy variants of it, shared by the parser tests.
 * Variants are made from the seed text programmatically so they stay true to the real format.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SEED_PATH = fileURLToPath(new URL('../../fixtures/hf-daily-papers-mar14.digest.txt', import.meta.url));

/** The seed exactly as stored (LF, no BOM, no final newline). */
export const SEED_TEXT = readFileSync(SEED_PATH, 'utf8');

/** Lines of the seed as stored. */
export const SEED_LINES = SEED_TEXT.split('\n');

/** Index of the day line (`Mar 14`) in the seed. */
export const SEED_DAY_LINE = SEED_LINES.indexOf('Mar 14');

/** The seed's papers read straight off the format: after the day line, non-blank lines alternate title, abstract. */
export function seedPairs(): Array<{ title: string; abstract: string }> {
  const content = SEED_LINES.slice(SEED_DAY_LINE + 1).filter(line => line.trim() !== '');
  const pairs: Array<{ title: string; abstract: string }> = [];
  for (let i = 0; i + 1 < content.length; i += 2) pairs.push({ title: content[i], abstract: content[i + 1] });
  return pairs;
}

/** The seed's lines from the first title on (no boilerplate, no day line). */
export function seedBody(): string {
  return SEED_LINES.slice(SEED_DAY_LINE + 2).join('\n');
}

/** The text of the seed's papers `from`..`to` (exclusive) as title/blank/abstract blocks. */
export function seedBlocks(from: number, to: number): string {
  return seedPairs()
    .slice(from, to)
    .map(pair => `${pair.title}\n\n${pair.abstract}`)
    .join('\n\n');
}

/** Hard-wraps a paragraph at spaces so no line exceeds `width` (unless a word does). */
export function hardWrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
