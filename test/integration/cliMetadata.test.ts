/**
 * `digest-notes metadata` through the command line's grammar (issue 12), the services played by
 * the replay server on 127.0.0.1: offline by default, `--online --endpoint ...` fills
 * `.digest-notes/metadata.json` and a second run asks nothing, bad `--endpoint` values are usage
 * errors, and parse, bib and search then read the file. In-process with a fake clock (arXiv's
 * three seconds cost nothing), and once as the bundled program in a temporary current folder.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliContext } from '../../src/cli/context';
import { NodeFileStore } from '../../src/cli/nodeFileStore';
import { run } from '../../src/cli/run';
import { bundleCli, FIXTURE, ROOT, STACK_TRACE, stderrLines, TRANSCODERS, type Run } from './cliHarness';
import { FakeClock, nodeFetch, ReplayServer } from './metadataReplay';

const THREE_PAPERS = join(ROOT, 'test', 'fixtures', 'cli', 'mar14-three-papers.digest.txt');
const DUNEFSKY = [
  { family: 'Dunefsky', given: 'Jacob' },
  { family: 'Chlenski', given: 'Philippe' },
  { family: 'Nanda', given: 'Neel' },
];

/**
 * Runs the bundle in `cwd` without blocking: the replay server answers from this same process,
 * so `spawnSync` would keep it from ever answering.
 */
function spawnCli(cli: string, cwd: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), 20_000);
    child.on('error', reject);
    child.on('close', status => {
      clearTimeout(timer);
      assert.doesNotMatch(stderr, STACK_TRACE, `stack trace in stderr: ${stderr}`);
      resolve({ status, stdout, stderr, timedOut: status === null });
    });
  });
}

interface PaperJson {
  key: string;
  title: string;
  authors: Array<{ family?: string; given?: string }>;
  year: number | null;
  arxiv: string | null;
  doi: string | null;
}

describe('digest-notes metadata on the command line', function () {
  this.timeout(60_000);
  let dir = '';
  let server: ReplayServer;
  const metadataFile = () => join(dir, '.digest-notes', 'metadata.json');
  const seed = () => join(dir, 'hf-daily-papers-mar14.digest.txt');
  const endpointFlags = () => Object.entries(server.endpoints).flatMap(([name, url]) => ['--endpoint', `${name}=${url}`]);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'digest-notes-cli-metadata-'));
    copyFileSync(FIXTURE, seed());
    server = await ReplayServer.start();
  });

  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(...args: string[]): Promise<Run> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const context: CliContext = {
      store: new NodeFileStore(),
      print: text => stdout.push(text),
      report: message => stderr.push(`digest-notes: ${message}\n`),
      metadataFile: metadataFile(),
      services: { fetch: nodeFetch, clock: new FakeClock(), now: () => new Date('2026-12-01T12:00:00Z') },
    };
    const status = await run(args, context);
    return { status, stdout: stdout.join(''), stderr: stderr.join(''), timedOut: false };
  }

  async function papers(...args: string[]): Promise<PaperJson[]> {
    const result = await cli('parse', ...args, '--json');
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout).papers;
  }

  const transcoders = (list: readonly PaperJson[]) => list.find(p => p.title === TRANSCODERS)!;

  it('without --online sends no request and writes nothing, even with endpoints given', async () => {
    const result = await cli('metadata', seed(), '--year', '2024', ...endpointFlags());
    assert.equal(result.status, 0, result.stderr);
    assert.equal(server.requests.length, 0);
    assert.equal(existsSync(metadataFile()), false);
    const last = result.stdout.trimEnd().split('\n').pop();
    assert.equal(
      last,
      '61 papers: 0 with metadata, 0 not found, 61 not looked up (--online asks Hugging Face, arXiv and doi.org for them)',
    );
  });

  it('--online --endpoint ... fills the metadata file; a second run sends zero requests; parse, bib and search read it', async () => {
    const first = await cli('metadata', seed(), '--online', '--year', '2024', '--json', ...endpointFlags());
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(
      (['huggingface', 'arxiv', 'doi'] as const).map(s => server.count(s)),
      // No doi.org: the one DOI in the seed's abstracts is a data set's, not a paper's identifier.
      [1, 6, 0],
    );
    assert.equal(server.count('other'), 0, 'every request went to the endpoints given');
    const output = JSON.parse(first.stdout);
    assert.equal(output.written, true);
    assert.equal(output.requests, 7);
    const text = readFileSync(metadataFile(), 'utf8');
    const records = JSON.parse(text).papers as Array<{ title: string; key?: string; source?: string }>;
    assert.equal(records.find(r => r.title === TRANSCODERS)?.source, 'huggingface');

    const second = await cli('metadata', seed(), '--online', '--year', '2024', ...endpointFlags());
    assert.equal(second.status, 0, second.stderr);
    assert.equal(server.requests.length, 7, 'a second run sends zero requests');
    assert.equal(readFileSync(metadataFile(), 'utf8'), text, 'and leaves the file byte for byte');
    assert.match(second.stdout, /; 0 requests\n$/);

    // parse --json on the seed: the papers completed from the file, under the keys it recorded.
    const list = await papers(seed(), '--year', '2024');
    const paper = transcoders(list);
    assert.deepEqual(paper.authors, DUNEFSKY);
    assert.deepEqual([paper.year, paper.arxiv, paper.doi], [2024, '2406.11944', '10.48550/arXiv.2406.11944']);
    const recorded = new Map(records.map(r => [r.title, r.key]));
    assert.ok(
      list.every(p => recorded.get(p.title) === p.key),
      'parse gives the keys the file recorded',
    );

    const bib = await cli('bib', seed(), '--year', '2024', '--format', 'bibtex');
    assert.equal(bib.status, 0, bib.stderr);
    const entry = bib.stdout.split('\n\n').find(e => e.includes(`{Transcoders Find`))!;
    assert.match(entry, new RegExp(`^@misc\\{${paper.key},$`, 'm'));
    assert.match(entry, /^ {2}author = \{Dunefsky, Jacob and Chlenski, Philippe and Nanda, Neel\},$/m);
    assert.match(entry, /^ {2}year = \{2024\},$/m);
    assert.match(entry, /^ {2}eprint = \{2406\.11944\},$/m);

    const search = await cli('search', 'transcoders', '--in', seed(), '--json');
    assert.equal(JSON.parse(search.stdout).results[0].key, paper.key, 'search gives the recorded key too');
    assert.equal(server.requests.length, 7, 'parse, bib and search ask nothing');
  });

  it("a key recorded in the file wins over the author rule; a bibliography's key wins over the file's", async () => {
    mkdirSync(join(dir, '.digest-notes'));
    const record = { title: TRANSCODERS, key: 'handPickedKey', authors: ['Jacob Dunefsky'], source: 'manual' };
    writeFileSync(metadataFile(), JSON.stringify({ format: 'digest-notes/metadata', version: 1, papers: [record] }));
    assert.equal(transcoders(await papers(seed())).key, 'handPickedKey');
    const existing = join(dir, 'references.bib');
    writeFileSync(existing, `@misc{cited2024,\n  title = {${TRANSCODERS}}\n}\n`);
    const bib = await cli('bib', seed(), '--format', 'bibtex', '--existing', existing);
    assert.equal(bib.status, 0, bib.stderr);
    assert.doesNotMatch(bib.stdout, /handPickedKey|Transcoders Find/, 'the bibliography has the paper already: left out');
    assert.equal(bib.stdout.split(/^@/m).length - 1, 60);
  });

  it('a metadata file that is not JSON: one line, exit 1, the papers still all there', async () => {
    mkdirSync(join(dir, '.digest-notes'));
    writeFileSync(metadataFile(), '{"papers": [');
    const result = await cli('parse', seed(), '--json');
    assert.equal(result.status, 1);
    assert.equal(stderrLines(result).length, 1);
    assert.match(result.stderr, /metadata\.json: .*; the papers are taken without it\n$/);
    assert.equal(JSON.parse(result.stdout).papers.length, 61);
  });

  it('--verbose puts each request and its answer code on standard error', async () => {
    const result = await cli('metadata', THREE_PAPERS, '--online', '--year', '2024', '--verbose', ...endpointFlags());
    assert.equal(result.status, 0, result.stderr);
    const lines = stderrLines(result);
    assert.equal(lines.length, server.requests.length);
    assert.match(lines[0], /^digest-notes: GET http:\/\/127\.0\.0\.1:\d+\/hf\/api\/daily_papers\?date=2024-03-14 200 \(\d+ ms\)$/);
  });

  describe('bad --endpoint values are usage errors: one line, exit 2, no request', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['an unknown service', ['--endpoint', 'crossref=http://127.0.0.1:9'], /NAME huggingface, arxiv or doi, not 'crossref=/],
      ['no NAME=', ['--endpoint', 'http://127.0.0.1:9'], /takes NAME=URL/],
      ['not a URL', ['--endpoint', 'doi=not a url'], /--endpoint doi: 'not a url' is not a URL/],
      ['not http', ['--endpoint', 'arxiv=file:///etc/passwd'], /is not an http or https URL/],
      ['no value', ['--endpoint'], /^digest-notes: --endpoint needs a value/],
      ['a service twice', ['--endpoint', 'doi=http://a.test', '--endpoint=doi=http://b.test'], /--endpoint doi is given twice/],
    ];
    for (const [name, flags, message] of cases) {
      it(name, async () => {
        const result = await cli('metadata', seed(), '--online', ...flags);
        assert.equal(result.status, 2);
        const lines = stderrLines(result);
        assert.equal(lines.length, 1, result.stderr);
        assert.match(lines[0], message);
        assert.match(lines[0], /\(see 'digest-notes metadata --help'\)$/);
        assert.equal(server.requests.length, 0);
      });
    }
  });

  it('help: metadata is listed, and has its own help', async () => {
    const main = await cli('--help');
    assert.match(main.stdout, /^ {2}metadata FILE\.\.\. \[--online\]/m);
    const own = await cli('metadata', '--help');
    assert.equal(own.status, 0);
    assert.match(own.stdout, /^Usage: digest-notes metadata FILE\.\.\. \[--online\] \[--json\] \[--endpoint NAME=URL\]/);
    assert.match(own.stdout, /--verbose/);
    assert.equal((await cli('metadata')).status, 2, 'a FILE is needed');
  });

  it('the bundled program: .digest-notes/metadata.json in the current folder, filled once, then read by parse', async () => {
    const { work, cli: bundle } = await bundleCli();
    try {
      copyFileSync(THREE_PAPERS, join(dir, 'three.digest.txt'));
      const args = ['metadata', 'three.digest.txt', '--year', '2024'];
      const offline = await spawnCli(bundle, dir, args);
      assert.equal(offline.status, 0, offline.stderr);
      assert.equal(server.requests.length, 0, 'offline: no request');
      assert.equal(existsSync(join(dir, '.digest-notes')), false);

      const online = await spawnCli(bundle, dir, [...args, '--online', ...endpointFlags()]);
      assert.equal(online.status, 0, online.stderr);
      assert.deepEqual(
        server.requests.map(r => r.service),
        ['huggingface'],
        'the three papers are one Hugging Face day',
      );
      const written = JSON.parse(readFileSync(join(dir, '.digest-notes', 'metadata.json'), 'utf8'));
      assert.equal(written.papers.length, 3);
      assert.match(
        online.stdout,
        /3 papers: 3 with metadata, 0 not found, 0 not looked up; 1 request; \.digest-notes\/metadata\.json written\n$/,
      );

      const again = await spawnCli(bundle, dir, [...args, '--online', ...endpointFlags()]);
      assert.equal(again.status, 0, again.stderr);
      assert.equal(server.requests.length, 1, 'a second run sends zero requests');

      const parsed = await spawnCli(bundle, dir, ['parse', 'three.digest.txt', '--json']);
      assert.equal(parsed.status, 0, parsed.stderr);
      assert.deepEqual(transcoders(JSON.parse(parsed.stdout).papers).authors, DUNEFSKY);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
