/**
 * Small gaps of the command line (issue 17): a named file that is not a digest is refused in one
 * line; `parse --json` gives an arXiv mailing's and feed's announce type; `metadata --online`
 * with no service reachable says so once. In-process (`run`), in a temporary folder; the
 * services are addresses on 127.0.0.1 where nothing listens.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileStore } from '../../src/cli/nodeFileStore';
import { run } from '../../src/cli/run';
import { FIXTURE, ROOT, stderrLines, type Run } from './cliHarness';
import { FakeClock, nodeFetch, ReplayServer } from './metadataReplay';

const SOURCES = join(ROOT, 'test', 'fixtures', 'sources');

let dir = '';

async function cli(...args: string[]): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const context = {
    store: new NodeFileStore(),
    print: (text: string) => stdout.push(text),
    report: (message: string) => stderr.push(`digest-notes: ${message}\n`),
    metadataFile: join(dir, '.digest-notes', 'metadata.json'),
    services: { fetch: nodeFetch, clock: new FakeClock(), now: () => new Date('2026-12-01T12:00:00Z') },
  };
  const status = await run(args, context);
  return { status, stdout: stdout.join(''), stderr: stderr.join(''), timedOut: false };
}

/** A port on 127.0.0.1 where nothing listens (taken from the OS, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('digest-notes: the small gaps', () => {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'digest-notes-gaps-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('a named file that is not a digest', () => {
    it('a shopping list: one line "not a digest", nothing on standard output, exit 1', async () => {
      const list = join(dir, 'shopping-list.txt');
      writeFileSync(list, 'milk\neggs\n\nbread\n');
      const result = await cli('parse', list);
      assert.equal(result.status, 1);
      const lines = stderrLines(result);
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0], new RegExp(`^digest-notes: ${list.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a digest \\(.+\\)$`));
      assert.equal(result.stdout, '');
    });

    it('the same lines in a file named *.digest are read as a page (the name says it is one)', async () => {
      const named = join(dir, 'shopping.digest');
      writeFileSync(named, 'milk\neggs\n\nbread\n');
      const result = await cli('parse', named, '--json');
      assert.doesNotMatch(result.stderr, /not a digest/);
      assert.deepEqual(
        JSON.parse(result.stdout).papers.map((p: { title: string }) => p.title),
        ['milk', 'bread'],
      );
    });

    it('a .txt that looks like a digest is still read; the shopping list beside it is reported', async () => {
      const list = join(dir, 'list.txt');
      writeFileSync(list, 'milk\neggs\n\nbread\n');
      const result = await cli('parse', list, join(SOURCES, 'arxiv-listing-email.txt'), '--json');
      assert.equal(result.status, 1);
      assert.equal(stderrLines(result).length, 1);
      assert.ok(JSON.parse(result.stdout).papers.length > 100);
    });
  });

  describe('parse --json: announceType', () => {
    it('an arXiv RSS feed gives each paper its announce type', async () => {
      const result = await cli('parse', join(SOURCES, 'arxiv-rss.xml'), '--json');
      assert.equal(result.status, 0, result.stderr);
      const types = JSON.parse(result.stdout).papers.map((p: { announceType: string | null }) => p.announceType);
      assert.deepEqual([...types].sort(), ['cross', 'new', 'new', 'replace']);
    });

    it('an arXiv mailing tells new submissions from cross-lists and replacements', async () => {
      const result = await cli('parse', join(SOURCES, 'arxiv-listing-email.txt'), '--json');
      assert.equal(result.status, 0, result.stderr);
      const papers: Array<{ arxiv: string; announceType: string | null }> = JSON.parse(result.stdout).papers;
      const counts = new Map<string | null, number>();
      for (const paper of papers) counts.set(paper.announceType, (counts.get(paper.announceType) ?? 0) + 1);
      assert.ok((counts.get('new') ?? 0) > 0, JSON.stringify([...counts]));
      assert.ok((counts.get('cross') ?? 0) > 0, JSON.stringify([...counts]));
      assert.equal(counts.get(null), undefined, 'every paper of a mailing has a type');
      // The mailing marks 1907.06017 "(*cross-listing*)".
      assert.equal(papers.find(p => p.arxiv === '1907.06017')?.announceType, 'cross');
    });

    it('a text digest gives null', async () => {
      const result = await cli('parse', FIXTURE, '--json');
      const papers: Array<{ announceType: string | null }> = JSON.parse(result.stdout).papers;
      assert.ok(papers.length > 0 && papers.every(p => p.announceType === null));
    });
  });

  describe('metadata --online with no service reachable', () => {
    it('says once "no service could be reached: offline?", exits 1, writes no file', async () => {
      const port = await closedPort();
      const url = `http://127.0.0.1:${port}`;
      const endpoints = ['huggingface', 'arxiv', 'doi'].flatMap(name => ['--endpoint', `${name}=${url}`]);
      const result = await cli('metadata', FIXTURE, '--year', '2024', '--online', ...endpoints);
      assert.equal(result.status, 1);
      const lines = stderrLines(result);
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0], /^digest-notes: metadata: no service could be reached: offline\? \(.*connection refused \(ECONNREFUSED\)\)$/);
      assert.equal(existsSync(join(dir, '.digest-notes', 'metadata.json')), false);
    });

    it('a service that answers, even with an error, keeps one line per failed service', async () => {
      const port = await closedPort();
      const answering = await ReplayServer.start(() => ({ status: 500, body: '' }));
      try {
        const endpoints = [
          `huggingface=${answering.endpoints.huggingface}`,
          `arxiv=http://127.0.0.1:${port}`,
          `doi=http://127.0.0.1:${port}`,
        ];
        const result = await cli('metadata', FIXTURE, '--year', '2024', '--online', ...endpoints.flatMap(e => ['--endpoint', e]));
        assert.equal(result.status, 1);
        assert.ok(answering.requests.length > 0);
        assert.doesNotMatch(result.stderr, /offline/);
        assert.match(result.stderr, /metadata: huggingface: HTTP 500/);
        assert.match(result.stderr, /metadata: arxiv: connection refused/);
      } finally {
        await answering.close();
      }
    });
  });
});
