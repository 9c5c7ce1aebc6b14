// Writes the small perf workspace: the four real sample digests a new user might start with
// (the text page of test/fixtures, and the Hugging Face JSON, arXiv e-mail and arXiv RSS samples of
// ../shared/fixtures/sources): 271 papers, 0.47 MB, 4 files.
//
//   node scripts/perf/make-small-workspace.mjs DIR [--sources DIR]
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(here, '..', '..');
// ../shared beside the clone, or further up (a worktree under a folder of worktrees).
const DEFAULT_SOURCES = sharedPath(REPO, 'fixtures', 'sources');

function sharedPath(from, ...parts) {
  for (let dir = resolve(from, '..'); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', ...parts);
    if (existsSync(candidate) || dir === dirname(dir)) return candidate;
  }
}

export function makeSmallWorkspace(dir, sources = DEFAULT_SOURCES) {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(REPO, 'test', 'fixtures', 'hf-daily-papers-mar14.digest.txt'), join(dir, 'hf-daily-papers-mar14.digest.txt'));
  copyFileSync(join(sources, 'hf-daily-papers.json'), join(dir, 'hf-daily-papers.json'));
  copyFileSync(join(sources, 'arxiv-listing-email.txt'), join(dir, 'arxiv-listing-email.txt'));
  copyFileSync(join(sources, 'arxiv-rss.xml'), join(dir, 'arxiv-rss.xml'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { sources: { type: 'string', default: DEFAULT_SOURCES } } });
  if (!positionals[0]) {
    console.error('usage: node scripts/perf/make-small-workspace.mjs DIR [--sources DIR]');
    process.exit(2);
  }
  makeSmallWorkspace(resolve(positionals[0]), resolve(values.sources));
  console.log(`wrote the 4 sample digests to ${resolve(positionals[0])}`);
}
