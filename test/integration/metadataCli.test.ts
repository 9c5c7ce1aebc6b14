/**
 * `digest-notes metadata` (runMetadata) on real files in a temporary folder, the services played
 * by the replay server: offline by default, the file filled online, a second run free, keys kept.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMetadata, parseEndpoint, type MetadataRequest } from '../../src/cli/metadataCommand';
import { NodeFileStore } from '../../src/cli/nodeFileStore';
import { SEED_PATH } from '../unit/helpers/seed';
import { FakeClock, nodeFetch, ReplayServer } from './metadataReplay';

describe('digest-notes metadata', function () {
  let dir = '';
  let server: ReplayServer;
  let out: string[];
  let errors: string[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'digest-notes-metadata-'));
    copyFileSync(SEED_PATH, join(dir, 'hf-daily-papers-mar14.digest.txt'));
    server = await ReplayServer.start();
    out = [];
    errors = [];
  });

  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const metadataPath = () => join(dir, '.digest-notes', 'metadata.json');

  function run(extra: Partial<MetadataRequest> = {}, endpoints = server.endpoints): Promise<number> {
    const request: MetadataRequest = {
      command: 'metadata',
      files: [join(dir, 'hf-daily-papers-mar14.digest.txt')],
      online: false,
      json: true,
      endpoints,
      year: 2024,
      metadataFile: metadataPath(),
      ...extra,
    };
    const context = { store: new NodeFileStore(), print: (text: string) => out.push(text), report: (m: string) => errors.push(m) };
    return runMetadata(request, context, { fetch: nodeFetch, clock: new FakeClock(), now: () => new Date('2026-12-01T12:00:00Z') });
  }

  it('offline by default: no request, no file, every paper "unknown"', async () => {
    assert.equal(await run(), 0);
    assert.equal(server.requests.length, 0);
    assert.equal(existsSync(metadataPath()), false);
    const json = JSON.parse(out.join(''));
    assert.equal(json.papers.length, 61);
    assert.ok(json.papers.every((p: { status: string }) => p.status === 'unknown'));
  });

  it('--online fills the file; the JSON gives authors, year, arXiv id and DOI; a second run asks nothing', async () => {
    assert.equal(await run({ online: true }), 0, errors.join('\n'));
    // One day on Hugging Face (3 matched), arXiv for the other 58 at 10 titles a search, and no
    // doi.org: the one seed abstract that names a DOI names a data set's, not the paper's.
    assert.deepEqual(
      ['huggingface', 'arxiv', 'doi'].map(s => server.count(s as 'doi')),
      [1, 6, 0],
    );
    const json = JSON.parse(out.join(''));
    const transcoders = json.papers.find((p: { title: string }) => p.title.startsWith('Transcoders Find'));
    assert.deepEqual(transcoders.authors, [
      { family: 'Dunefsky', given: 'Jacob' },
      { family: 'Chlenski', given: 'Philippe' },
      { family: 'Nanda', given: 'Neel' },
    ]);
    assert.equal(transcoders.year, 2024);
    assert.equal(transcoders.arxiv, '2406.11944');
    assert.equal(transcoders.doi, '10.48550/arXiv.2406.11944');
    const text = readFileSync(metadataPath(), 'utf8');
    const record = JSON.parse(text).papers.find((p: { title: string }) => p.title.startsWith('Transcoders Find'));
    assert.equal(record.source, 'huggingface');
    assert.equal(record.retrieved, '2026-12-01T12:00:00.000Z');
    assert.equal(record.key, transcoders.key, 'the key is recorded with the answer');

    out = [];
    const before = server.requests.length;
    assert.equal(await run({ online: true }), 0);
    assert.equal(server.requests.length, before, 'a second run sends zero requests');
    assert.equal(readFileSync(metadataPath(), 'utf8'), text, 'and leaves the file byte for byte');
    assert.deepEqual(
      JSON.parse(out.join('')).papers.find((p: { title: string }) => p.title.startsWith('Transcoders Find')).authors.length,
      3,
    );
  });

  it('keeps a key the bibliography already uses', async () => {
    const bib = join(dir, 'references.bib');
    writeFileSync(bib, '@misc{myTranscoders,\n  title = {Transcoders Find Interpretable {LLM} Feature Circuits}\n}\n');
    assert.equal(await run({ online: true, bibliographies: [bib] }), 0, errors.join('\n'));
    const record = JSON.parse(readFileSync(metadataPath(), 'utf8')).papers.find((p: { title: string }) =>
      p.title.startsWith('Transcoders Find'),
    );
    assert.equal(record.key, 'myTranscoders');
  });

  it('says once that no service could be reached (offline?), exits 1, and writes no half file', async () => {
    const endpoints = server.endpoints;
    await server.close();
    server = await ReplayServer.start();
    const status = await run({ online: true }, endpoints);
    assert.equal(status, 1);
    assert.deepEqual(errors, ['metadata: no service could be reached: offline? (huggingface, arxiv: connection refused (ECONNREFUSED))']);
    assert.equal(existsSync(metadataPath()), false, 'nothing learnt, nothing written');
    assert.equal(JSON.parse(out.join('')).papers.length, 61, 'the papers are all still there');
  });

  it('never writes over a metadata file it cannot read', async () => {
    mkdirSync(join(dir, '.digest-notes'));
    writeFileSync(metadataPath(), '{"papers": [ {"title": "half an edit"');
    assert.equal(await run({ online: true }), 1);
    assert.match(errors[0], /metadata\.json: not JSON/);
    assert.equal(readFileSync(metadataPath(), 'utf8'), '{"papers": [ {"title": "half an edit"');
    assert.equal(server.requests.length, 0);
  });

  it('reads --endpoint NAME=URL and refuses anything else', () => {
    assert.deepEqual(parseEndpoint('arxiv=http://127.0.0.1:9/mirror'), ['arxiv', 'http://127.0.0.1:9/mirror']);
    assert.throws(() => parseEndpoint('crossref=http://x'), /NAME huggingface, arxiv or doi/);
    assert.throws(() => parseEndpoint('doi=file:///etc/passwd'), /not an http or https URL/);
    assert.throws(() => parseEndpoint('doi=not a url'), /is not a URL/);
  });
});
