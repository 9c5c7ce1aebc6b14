/**
 * The bibliography is accepted by a real consumer: `pandoc --citeproc` resolves citations against
 * each format we write. Without pandoc the tests fail, saying why (requireTool.ts), unless
 * DIGEST_NOTES_ALLOW_MISSING_PANDOC=1 asks to skip them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatBibliography, type BibFormat } from '../../src/core/bib';
import { buildLibrary } from '../../src/core/library/library';
import type { Paper } from '../../src/core/model';
import { parseDigest } from '../../src/core/digest/parser';
import { completeMetadataFile, completePaper } from '../../src/core/metadata/apply';
import { EMPTY_METADATA_FILE, MetadataIndex } from '../../src/core/metadata/store';
import { handPaper } from '../unit/helpers/handDigest';
import { SEED_TEXT } from '../unit/helpers/seed';
import { FakeClock, nodeFetch, ReplayServer } from './metadataReplay';
import { requirePandoc } from './requireTool';

const FILES: Record<BibFormat, string> = { bibtex: 'refs.bib', 'csl-json': 'refs.json', 'csl-yaml': 'refs.yaml' };

/** Compares rendered and source titles: styles change case and quotes; plain output re-wraps. */
function comparable(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ');
}

describe('pandoc --citeproc', function () {
  let dir = '';

  before(function () {
    requirePandoc(this);
    dir = mkdtempSync(join(tmpdir(), 'digest-notes-pandoc-'));
  });

  after(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  const seed = buildLibrary([parseDigest(SEED_TEXT, '/ws/hf-daily-papers-mar14.digest.txt', { defaultYear: 2024 })]).papers;
  // Not `<b>` or `<i>`: CSL-JSON strings are rich text by design, and Pandoc renders those tags.
  const hostile = handPaper({
    key: 'hostile2024',
    title: 'A & B: 100% of $5 #1 _x_ {y} ~z^ back\\slash Ünïcödé ChatGPT LLMs <script>alert(1)</script> @key',
    abstract: 'Specials & % $ # _ { } ~ ^ \\ end.',
  });
  const papers = [...seed, hostile];
  const pick = (start: string) => seed.find(p => p.title.startsWith(start))!;
  const cited = [pick('Transcoders Find'), pick('iTransformer:'), pick('Separating common from salient')];

  function render(format: BibFormat, markdown: string): { stdout: string; stderr: string } {
    const bib = join(dir, FILES[format]);
    const md = join(dir, `draft-${format}.md`);
    writeFileSync(bib, formatBibliography(papers, format));
    writeFileSync(md, markdown);
    const result = spawnSync('pandoc', ['--citeproc', `--bibliography=${bib}`, '-t', 'plain', '--wrap=none', md], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return { stdout: result.stdout, stderr: result.stderr };
  }

  describe('with metadata looked up (replay server)', () => {
    let completed: Paper[] = [];

    before(async () => {
      const server = await ReplayServer.start();
      try {
        const options = { fetch: nodeFetch, clock: new FakeClock(), endpoints: server.endpoints };
        const { file } = await completeMetadataFile(EMPTY_METADATA_FILE, seed, options);
        const index = new MetadataIndex(file);
        completed = seed.map(paper => completePaper(paper, index));
      } finally {
        await server.close();
      }
    });

    for (const format of ['bibtex', 'csl-json', 'csl-yaml'] as const) {
      it(`renders author-date citations and a reference list without the digest (${format})`, () => {
        const transcoders = completed.find(p => p.title.startsWith('Transcoders Find'))!;
        const itransformer = completed.find(p => p.title.startsWith('iTransformer:'))!;
        const bib = join(dir, `meta-${FILES[format]}`);
        const md = join(dir, `meta-draft-${format}.md`);
        writeFileSync(bib, formatBibliography(completed, format));
        // Every entry in the reference list (`nocite: @*`), so no entry may print where it came from.
        writeFileSync(md, `---\nnocite: |\n  @*\n---\n\nPrior work [@${transcoders.key}; @${itransformer.key}].\n`);
        const result = spawnSync('pandoc', ['--citeproc', `--bibliography=${bib}`, '-t', 'plain', '--wrap=none', md], { encoding: 'utf8' });
        assert.equal(result.status, 0, result.stderr);
        const [citing, ...references] = result.stdout.split('\n');
        assert.match(citing, /\(Dunefsky, Chlenski, and Nanda 2024; Liu et al\. 2023\)/);
        const list = references.join('\n');
        assert.match(list, /Dunefsky, Jacob, Philippe Chlenski, and Neel Nanda\. 2024\./);
        assert.ok(list.includes('https://doi.org/10.48550/arXiv.2406.11944'), list);
        assert.doesNotMatch(list, /Digest /);
        const entry = references.find(line => line.startsWith('Dunefsky, Jacob'))!;
        assert.doesNotMatch(entry, /github\.com/, 'a code link is not the URL of a paper with metadata, nor printed');
        assert.match(entry, /arXiv/);
        assert.ok(references.filter(line => line.trim() !== '').length >= completed.length, 'every seed paper is listed');
      });
    }
  });

  for (const format of ['bibtex', 'csl-json', 'csl-yaml'] as const) {
    it(`resolves citations of the seed papers (${format})`, () => {
      assert.equal(seed.length, 61);
      const [k1, k2, k3] = cited.map((p: Paper) => p.key);
      const { stdout, stderr } = render(format, `Prior work [@${k1}; @${k2}] and @${k3} show it.\n`);
      assert.doesNotMatch(stderr, /not found/);
      assert.doesNotMatch(stdout, /\?\)/, 'an unresolved citation renders as (key?)');
      for (const paper of cited) assert.ok(comparable(stdout).includes(comparable(paper.title)), `${paper.title} in:\n${stdout}`);
    });

    it(`keeps a title full of special characters intact (${format})`, () => {
      const { stdout, stderr } = render(format, `See @${hostile.key}.\n`);
      assert.doesNotMatch(stderr, /not found/);
      assert.ok(comparable(stdout).includes(comparable(hostile.title)), stdout);
    });
  }
});
