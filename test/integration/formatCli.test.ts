/**
 * `digest-notes format` prints what `pandoc --citeproc` prints: the seed's papers with metadata
 * (looked up through the replay server), written as CSL-JSON, formatted by the CLI bundle and by
 * pandoc with the same style, in pandoc's default (Chicago author-date) and in shipped APA.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatBibliography } from '../../src/core/bib';
import { parseDigest } from '../../src/core/digest/parser';
import { buildLibrary } from '../../src/core/library/library';
import { completeMetadataFile, completePaper } from '../../src/core/metadata/apply';
import { EMPTY_METADATA_FILE, MetadataIndex } from '../../src/core/metadata/store';
import type { Paper } from '../../src/core/model';
import { SEED_TEXT } from '../unit/helpers/seed';
import { bundleCli, ROOT, spawnCli } from './cliHarness';
import { FakeClock, nodeFetch, ReplayServer } from './metadataReplay';

function pandocVersion(): string | undefined {
  const result = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.split('\n')[0] : undefined;
}

describe('digest-notes format against pandoc --citeproc', function () {
  this.timeout(120_000);
  let work = '';
  let cli = '';
  let withMetadata: Paper[] = [];
  let bib = '';

  before(async function () {
    if (pandocVersion() === undefined) {
      console.log('      pandoc was not found on PATH: the format comparison is skipped');
      this.skip();
    }
    ({ work, cli } = await bundleCli());
    const seed = buildLibrary([parseDigest(SEED_TEXT, '/ws/hf-daily-papers-mar14.digest.txt', { defaultYear: 2024 })]).papers;
    const server = await ReplayServer.start();
    try {
      const { file } = await completeMetadataFile(EMPTY_METADATA_FILE, seed, {
        fetch: nodeFetch,
        clock: new FakeClock(),
        endpoints: server.endpoints,
      });
      const index = new MetadataIndex(file);
      withMetadata = seed.map(paper => completePaper(paper, index)).filter(paper => (paper.metadata?.authors?.length ?? 0) > 0);
    } finally {
      await server.close();
    }
    bib = join(work, 'refs.json');
    writeFileSync(bib, formatBibliography(withMetadata, 'csl-json'));
  });

  after(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  /** Pandoc's reference list for every entry, one reference per line (plain output separates them by blank lines). */
  function pandocReferences(csl: string | undefined): string[] {
    const md = join(work, 'all.md');
    writeFileSync(md, '---\nnocite: |\n  @*\n---\n');
    const args = ['--citeproc', `--bibliography=${bib}`, ...(csl !== undefined ? [`--csl=${csl}`] : []), '-t', 'plain', '--wrap=none', md];
    const result = spawnSync('pandoc', args, { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.split('\n').filter(line => line.trim() !== '');
  }

  function pandocCitation(csl: string | undefined, key: string): string {
    const md = join(work, 'cite.md');
    writeFileSync(md, `[@${key}]\n`);
    const args = ['--citeproc', `--bibliography=${bib}`, ...(csl !== undefined ? [`--csl=${csl}`] : []), '-t', 'plain', '--wrap=none', md];
    const result = spawnSync('pandoc', args, { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.split('\n')[0];
  }

  const styles = [
    { name: 'Chicago author-date (no --csl, pandoc default)', cliArgs: [] as string[], pandocCsl: undefined },
    { name: 'APA (shipped)', cliArgs: ['--csl', 'apa'], pandocCsl: join(ROOT, 'src', 'core', 'csl', 'styles', 'apa.csl') },
  ];
  for (const style of styles) {
    it(`prints each reference as pandoc does: ${style.name}`, () => {
      assert.ok(withMetadata.length >= 4, `seed papers with metadata: ${withMetadata.length}`);
      const keys = withMetadata.map(paper => paper.key);
      const run = spawnCli(cli, work, ['format', ...keys, '--bibliography', bib, ...style.cliArgs], 60_000);
      assert.equal(run.status, 0, run.stderr);
      const ours = run.stdout.trimEnd().split('\n');
      assert.equal(ours.length, keys.length);
      const pandoc = pandocReferences(style.pandocCsl);
      assert.equal(pandoc.length, keys.length);
      assert.deepEqual([...ours].sort(), [...pandoc].sort());
    });

    it(`prints in-text citations as pandoc does: ${style.name}`, () => {
      const keys = withMetadata.slice(0, 3).map(paper => paper.key);
      const run = spawnCli(cli, work, ['format', ...keys, '--in-text', '--bibliography', bib, ...style.cliArgs], 60_000);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(
        run.stdout.trimEnd().split('\n'),
        keys.map(key => pandocCitation(style.pandocCsl, key)),
      );
    });
  }

  it('prints HTML, reports keys the bibliography lacks and refuses a style it cannot read', () => {
    const key = withMetadata[0].key;
    const html = spawnCli(cli, work, ['format', key, 'nosuchkey2024', '--html', '--bibliography', bib]);
    assert.equal(html.status, 1);
    assert.match(html.stdout, /^<div class="csl-entry">.+<\/div>\n$/);
    assert.match(html.stderr, /nosuchkey2024: not in .*refs\.json/);
    const unknown = spawnCli(cli, work, ['format', key, '--csl', 'harvard', '--bibliography', bib]);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /--csl harvard: neither a \.csl file nor a shipped style \(chicago-author-date, apa, ieee, vancouver\)/);
    const bad = join(work, 'bad.csl');
    writeFileSync(bad, '<html/>');
    const broken = spawnCli(cli, work, ['format', key, '--csl', bad, '--bibliography', bib]);
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /bad\.csl: not a CSL style/);
    const usage = spawnCli(cli, work, ['format', key]);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /format needs --bibliography F/);
  });
});
