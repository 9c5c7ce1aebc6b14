/**
 * `digest-notes bib` given identifiers and links (issue 21), the services played by the replay
 * server on 127.0.0.1: resolved online in one request per batch and recorded in the metadata
 * file; a second run sends none; offline, the unknown ones are said and the exit status is 1.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliContext } from '../../src/cli/context';
import { NodeFileStore } from '../../src/cli/nodeFileStore';
import { run } from '../../src/cli/run';
import { FakeClock, nodeFetch, ReplayServer, SEPARATING_TITLE } from './metadataReplay';

describe('digest-notes bib IDENTIFIER...', function () {
  let dir = '';
  let server: ReplayServer;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'digest-notes-bib-ids-'));
    server = await ReplayServer.start();
  });

  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const metadataFile = () => join(dir, '.digest-notes', 'metadata.json');

  async function bib(args: readonly string[]): Promise<{ status: number; out: string; errors: string[] }> {
    const out: string[] = [];
    const errors: string[] = [];
    const context: CliContext = {
      store: new NodeFileStore(),
      print: text => out.push(text),
      report: message => errors.push(message),
      metadataFile: metadataFile(),
      services: { fetch: nodeFetch, clock: new FakeClock(), now: () => new Date('2026-12-07T12:00:00Z') },
    };
    const endpoints = ['--endpoint', `arxiv=${server.endpoints.arxiv}`, '--endpoint', `doi=${server.endpoints.doi}`];
    const status = await run(['bib', ...args, '--format', 'csl-json', ...endpoints], context);
    return { status, out: out.join(''), errors };
  }

  const IDS = ['arXiv:2402.11928v1', 'https://doi.org/10.5281/zenodo.8242099'];

  it('resolves an arXiv id and a DOI online, one request each, records them as added; a second run sends none', async () => {
    const first = await bib([...IDS, '--online']);
    assert.equal(first.status, 0, first.errors.join('\n'));
    assert.equal(server.count('arxiv'), 1);
    assert.equal(server.count('doi'), 1);
    assert.equal(server.requests.find(r => r.service === 'arxiv')?.query.get('id_list'), '2402.11928');
    const items = JSON.parse(first.out) as { id: string; title: string; DOI?: string; author?: unknown[] }[];
    assert.deepEqual(items.map(item => item.title).sort(), [
      'Separating common from salient patterns with Contrastive Representation Learning',
      'Shield bugs (nymphs)',
    ]);
    assert.ok(
      items.every(item => (item.author?.length ?? 0) > 0),
      first.out,
    );
    assert.ok(items.some(item => item.DOI === '10.48550/arXiv.2402.11928'));
    const recorded = JSON.parse(readFileSync(metadataFile(), 'utf8')) as { papers: { title: string; added?: string; source?: string }[] };
    assert.deepEqual(recorded.papers.map(paper => [paper.title, paper.added, paper.source]).sort(), [
      [SEPARATING_TITLE, '2026-12-07', 'arxiv-api'],
      ['Shield bugs (nymphs)', '2026-12-07', 'doi'],
    ]);
    const again = await bib([...IDS, '--online']);
    assert.equal(again.status, 0, again.errors.join('\n'));
    assert.equal(server.requests.length, 2, 'the second run asked nothing');
    assert.equal(again.out, first.out);
  });

  it('offline: known identifiers from the file, the others said, exit status 1, no request', async () => {
    await bib([IDS[0], '--online']);
    const before = server.requests.length;
    const offline = await bib([IDS[0], '10.1145/3442188.3445922', 'hep-th/0507171']);
    assert.equal(offline.status, 1);
    assert.equal(server.requests.length, before);
    assert.deepEqual(offline.errors, [
      `doi:10.1145/3442188.3445922: not in ${metadataFile()} (--online looks it up)`,
      `arXiv:hep-th/0507171: not in ${metadataFile()} (--online looks it up)`,
    ]);
    const items = JSON.parse(offline.out) as { title: string }[];
    assert.deepEqual(
      items.map(item => item.title),
      [SEPARATING_TITLE],
    );
  });

  it('says which identifiers the services do not know', async () => {
    const result = await bib(['10.9999/nothing.here', '--online']);
    assert.equal(result.status, 1);
    assert.deepEqual(result.errors, ['doi:10.9999/nothing.here: not found']);
    assert.equal(existsSync(metadataFile()), false, 'nothing to record');
  });
});
