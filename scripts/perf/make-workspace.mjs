// Writes a workspace of synthetic digests for performance checks: `node scripts/perf/make-workspace.mjs
// DIR [PAPERS]` (default 10 000 papers, 50 per daily digest, plus the real seed digest). Titles and
// abstracts are drawn from the seed's own vocabulary with a fixed seed, so runs are comparable.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const seedPath = resolve(here, '..', '..', 'test', 'fixtures', 'hf-daily-papers-mar14.digest.txt');
const PER_DIGEST = 50;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** mulberry32: small, fast, deterministic. */
function random(seed) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeWorkspace(dir, papers = 10_000) {
  const seed = readFileSync(seedPath, 'utf8');
  const words = [
    ...new Set(
      seed
        .split(/\s+/)
        .map(w => w.replace(/[^A-Za-z-]/g, ''))
        .filter(w => w.length > 2),
    ),
  ];
  const next = random(42);
  const pick = () => words[Math.floor(next() * words.length)];
  const phrase = n => Array.from({ length: n }, pick);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'hf-daily-papers-mar14.digest.txt'), seed);
  let written = 0;
  for (let day = 0; written < papers; day++) {
    const date = new Date(Date.UTC(2023, 0, 1 + day));
    const label = `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
    const blocks = [];
    for (let i = 0; i < PER_DIGEST && written < papers; i++, written++) {
      const title =
        phrase(5 + Math.floor(next() * 7))
          .map(w => w[0].toUpperCase() + w.slice(1))
          .join(' ') + ` ${written}`;
      const abstract = phrase(120 + Math.floor(next() * 120)).join(' ') + '.';
      blocks.push(`${title}\n\n${abstract}`);
    }
    const name = `${date.toISOString().slice(0, 10)}.digest.txt`;
    writeFileSync(join(dir, name), `byAK and the research community\n\n${label}\n\n${blocks.join('\n\n')}\n`);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/perf/make-workspace.mjs DIR [PAPERS]');
    process.exit(2);
  }
  const count = makeWorkspace(resolve(dir), Number(process.argv[3] ?? 10_000));
  console.log(`wrote ${count} papers (+61 seed) to ${resolve(dir)}`);
}
