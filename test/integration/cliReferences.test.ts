/**
 * The command line's references as pandoc prints them (issue 18, points 10, 12 and 13): no code or
 * project link as an entry's URL, a DOI quoted in an abstract kept a link, and the year the writer
 * gave a digest (kept in `.digest-notes/metadata.json`) dating its papers in `parse` and `bib`.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { bundleCli, FIXTURE, spawnCli, TRANSCODERS } from './cliHarness';
import { runMetadata, type MetadataRequest } from '../../src/cli/metadataCommand';
import { NodeFileStore } from '../../src/cli/nodeFileStore';
import { FakeClock, nodeFetch, ReplayServer } from './metadataReplay';

const DIGEST = 'hf-daily-papers-mar14.digest.txt';
const MEASLES =
  'A Labelled Dataset for Sentiment Analysis of Videos on YouTube, TikTok, and Other Sources about the 2024 Outbreak of Measles';
const DATA_DOI = '10.21227/40s8-xf63';

interface JsonPaper {
  key: string;
  title: string;
  year: number | null;
  date: string | null;
  doi: string | null;
  links: { url: string; kind: string }[];
}

describe('digest-notes references: URLs, DOIs and digest years', function () {
  this.timeout(60_000);
  let work = '';
  let cli = '';
  const run = (...args: string[]) => spawnCli(cli, work, args);
  const papers = (...args: string[]): JsonPaper[] => {
    const result = run('parse', DIGEST, '--json', ...args);
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout).papers;
  };
  const byTitle = (list: JsonPaper[], title: string) => list.find(p => p.title === title)!;

  before(async () => {
    ({ work, cli } = await bundleCli());
    copyFileSync(FIXTURE, join(work, DIGEST));
  });

  afterEach(() => rmSync(join(work, '.digest-notes'), { recursive: true, force: true }));
  after(() => rmSync(work, { recursive: true, force: true }));

  describe('a code or project link is never the URL (10)', () => {
    it('BibTeX: text-digest entries have no url; the code link goes in the unprinted annotation', () => {
      const result = run('bib', DIGEST, '--format', 'bibtex');
      assert.equal(result.status, 0, result.stderr);
      assert.doesNotMatch(result.stdout, /^\s*url\s*=/m, 'no entry of a text digest has an identifier, so none has a url');
      const entry = result.stdout.split('\n\n').find(e => e.includes('Transcoders Find'))!;
      assert.match(
        entry,
        /annotation = \{Digest hf-daily-papers-mar14\.digest\.txt, Mar 14; code https:\/\/github\.com\/jacobdunefsky\/transcoder\\_circuits\}/,
      );
    });

    for (const format of ['csl-json', 'csl-yaml'] as const) {
      it(`${format}: no item has a URL; code and project links are in annote`, () => {
        const result = run('bib', DIGEST, '--format', format);
        assert.equal(result.status, 0, result.stderr);
        const items: Record<string, string>[] = format === 'csl-json' ? JSON.parse(result.stdout) : parseYaml(result.stdout).references;
        assert.equal(items.length, 61);
        assert.deepEqual(
          items.filter(item => 'URL' in item).map(item => item.id),
          [],
        );
        const transcoders = items.find(item => String(item.title).startsWith('Transcoders Find'))!;
        assert.match(transcoders.annote, /code https:\/\/github\.com\/jacobdunefsky\/transcoder(\\)?_circuits/);
      });
    }

    it('pandoc --citeproc prints a cited text-digest paper without its code URL', function () {
      if (spawnSync('pandoc', ['--version']).status !== 0) this.skip();
      assert.equal(run('bib', DIGEST, '--format', 'bibtex', '--out', 'references.bib').status, 0);
      const key = byTitle(papers(), TRANSCODERS).key;
      writeFileSync(join(work, 'paper.md'), `---\nbibliography: references.bib\n---\n\nCircuits [@${key}].\n`);
      const out = spawnSync('pandoc', ['paper.md', '--citeproc', '-t', 'plain', '--wrap=none'], { cwd: work, encoding: 'utf8' });
      assert.equal(out.status, 0, out.stderr);
      assert.match(out.stdout, /Transcoders Find Interpretable LLM Feature Circuits/);
      assert.doesNotMatch(out.stdout, /github\.com|https?:\/\//, out.stdout);
      assert.doesNotMatch(out.stdout, /\?\)/, 'the citation resolved');
      rmSync(join(work, 'references.bib'));
    });
  });

  describe('a DOI quoted in an abstract is a link, not the paper’s DOI (13)', () => {
    it('parse --json: doi is null, the DOI stays among the links', () => {
      const measles = byTitle(papers(), MEASLES);
      assert.equal(measles.doi, null);
      assert.deepEqual(
        measles.links.filter(l => l.kind === 'doi'),
        [{ url: `https://dx.doi.org/${DATA_DOI}`, kind: 'doi' }],
      );
    });

    it('bib: the entry has no doi field in any format', () => {
      for (const format of ['bibtex', 'csl-json', 'csl-yaml']) {
        const result = run('bib', DIGEST, '--format', format);
        assert.equal(result.status, 0, result.stderr);
        assert.doesNotMatch(result.stdout, /^\s*(doi\s*=|"DOI"|DOI:)/im, format);
      }
    });

    it('metadata --online sends it to no service', async () => {
      const server = await ReplayServer.start();
      try {
        const request: MetadataRequest = {
          command: 'metadata',
          files: [join(work, DIGEST)],
          online: true,
          json: true,
          endpoints: server.endpoints,
          year: 2024,
          metadataFile: join(work, '.digest-notes', 'metadata.json'),
        };
        const context = { store: new NodeFileStore(), print: () => undefined, report: () => undefined };
        assert.equal(await runMetadata(request, context, { fetch: nodeFetch, clock: new FakeClock() }), 0);
        assert.equal(server.count('doi'), 0);
        assert.ok(!server.requests.some(r => `${r.path}?${r.query}`.includes('40s8-xf63')), 'the data set’s DOI left the machine');
      } finally {
        await server.close();
      }
    });
  });

  describe("the digest's year from the metadata file (12)", () => {
    it('dates parse and bib, and gives keys not yet written the year', () => {
      assert.equal(byTitle(papers(), TRANSCODERS).year, null, 'without it the year is unknown');
      mkdirSync(join(work, '.digest-notes'));
      const file = { format: 'digest-notes/metadata', version: 1, digests: [{ path: DIGEST, year: 2024 }], papers: [] };
      writeFileSync(join(work, '.digest-notes', 'metadata.json'), JSON.stringify(file, null, 2));
      const dated = papers();
      const transcoders = byTitle(dated, TRANSCODERS);
      assert.deepEqual([transcoders.year, transcoders.date, transcoders.key], [2024, '2024-03-14', 'transcodersfindinterpretable2024']);
      assert.ok(dated.every(p => p.year === 2024));
      const bib = run('bib', DIGEST, '--format', 'bibtex');
      assert.equal(bib.status, 0, bib.stderr);
      const entry = bib.stdout.split('\n\n').find(e => e.includes('Transcoders Find'))!;
      assert.match(entry, /^@misc\{transcodersfindinterpretable2024,/);
      assert.match(entry, /year = \{2024\},\n {2}month = mar,/);
    });

    it('never moves a key the metadata file recorded, and ignores a year kept for another digest', () => {
      mkdirSync(join(work, '.digest-notes'));
      const file = {
        format: 'digest-notes/metadata',
        version: 1,
        digests: [{ path: `other/${DIGEST}`, year: 2020 }],
        papers: [{ title: TRANSCODERS, key: 'transcodersfindinterpretable' }],
      };
      writeFileSync(join(work, '.digest-notes', 'metadata.json'), JSON.stringify(file, null, 2));
      assert.ok(papers().every(p => p.year === null));
      file.digests = [{ path: DIGEST, year: 2024 }];
      writeFileSync(join(work, '.digest-notes', 'metadata.json'), JSON.stringify(file, null, 2));
      const transcoders = byTitle(papers(), TRANSCODERS);
      assert.deepEqual([transcoders.year, transcoders.key], [2024, 'transcodersfindinterpretable']);
      assert.equal(
        readFileSync(join(work, '.digest-notes', 'metadata.json'), 'utf8'),
        JSON.stringify(file, null, 2),
        'parse writes nothing',
      );
    });
  });
});
