/**
 * The lookup against a local replay server in the services' real formats: matches, misses,
 * every kind of failure said once, Cancel, the rate limit measured where the server sees it, and
 * the metadata file making a second run free.
 */
import assert from 'node:assert/strict';
import { parseDigest } from '../../src/core/digest/parser';
import { buildLibrary } from '../../src/core/library/library';
import { completeMetadataFile, completePaper, keepKeys, paperBaseKey, type CompletionOptions } from '../../src/core/metadata/apply';
import type { RequestLogEntry } from '../../src/core/metadata/http';
import { lookupMetadata, type PaperQuery } from '../../src/core/metadata/lookup';
import {
  EMPTY_METADATA_FILE,
  formatMetadataFile,
  MetadataIndex,
  parseMetadataFile,
  recordedKeyEntries,
} from '../../src/core/metadata/store';
import type { Paper } from '../../src/core/model';
import { SEED_TEXT } from '../unit/helpers/seed';
import {
  ARXIV_EMPTY,
  ARXIV_SEPARATING,
  atom,
  FakeClock,
  HF_SEED_DAY,
  json,
  nodeFetch,
  ReplayServer,
  SEPARATING_TITLE,
  type ReplayHandler,
} from './metadataReplay';

const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';
/** The Separating answer claiming 40 results in all: a page cut short. */
const CUT_SHORT = ARXIV_SEPARATING.replace(/<opensearch:totalResults>\d+</, '<opensearch:totalResults>40<');
const SEED_DAY = '2024-03-14';

describe('metadata lookups against a replay server', function () {
  let server: ReplayServer | undefined;
  let clock: FakeClock;

  async function serve(handler?: ReplayHandler, withClock = true): Promise<ReplayServer> {
    clock = new FakeClock();
    server = await ReplayServer.start(handler, withClock ? clock : undefined);
    return server;
  }

  function options(extra: Partial<CompletionOptions> = {}): CompletionOptions {
    return { fetch: nodeFetch, clock, endpoints: server!.endpoints, ...extra };
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const seedPapers = (): Paper[] => [
    ...buildLibrary([parseDigest(SEED_TEXT, '/ws/hf-daily-papers-mar14.digest.txt', { defaultYear: 2024 })]).papers,
  ];

  it('matches a seed paper on its digest day with one Hugging Face request, authors split', async () => {
    await serve();
    const result = await lookupMetadata([{ title: TRANSCODERS, date: SEED_DAY }], options());
    assert.equal(server!.count('huggingface'), 1);
    assert.equal(server!.requests[0].query.get('date'), SEED_DAY);
    assert.equal(server!.count('arxiv'), 0);
    const [answer] = result.answers;
    assert.equal(answer.found, true);
    assert.equal(answer.source, 'huggingface');
    assert.equal(answer.metadata?.arxiv, '2406.11944');
    assert.equal(answer.metadata?.published, '2024-06-17');
    assert.deepEqual(
      answer.metadata?.authors?.map(a => [a.family, a.given]),
      [
        ['Dunefsky', 'Jacob'],
        ['Chlenski', 'Philippe'],
        ['Nanda', 'Neel'],
      ],
    );
    assert.deepEqual(result.failures, []);
  });

  it('asks the arXiv API by title phrase for a paper Hugging Face does not have', async () => {
    await serve();
    const result = await lookupMetadata([{ title: SEPARATING_TITLE, date: SEED_DAY }], options());
    assert.equal(server!.count('arxiv'), 1);
    const arxivRequest = server!.requests.find(r => r.service === 'arxiv')!;
    assert.equal(arxivRequest.query.get('search_query'), `ti:"${SEPARATING_TITLE.toLowerCase()}"`);
    assert.match(arxivRequest.accept ?? '', /atom/);
    assert.equal(result.answers[0].source, 'arxiv-api');
    assert.equal(result.answers[0].metadata?.primaryClass, 'cs.CV');
    assert.deepEqual(
      result.answers[0].metadata?.authors?.map(a => a.family),
      ['Louiset', 'Duchesnay', 'Grigis', 'Gori'],
    );
  });

  it('asks arXiv by id_list, in one batch, for papers whose id is known', async () => {
    await serve();
    const result = await lookupMetadata(
      [
        { title: SEPARATING_TITLE, date: null, arxiv: '2402.11928' },
        { title: 'A Title arXiv Gives Otherwise', date: null, arxiv: '2402.11928' },
        { title: 'Unknown', date: null, arxiv: '2401.00001' },
      ],
      options(),
    );
    assert.equal(server!.count('arxiv'), 1);
    assert.equal(server!.requests[0].query.get('id_list'), '2402.11928,2401.00001');
    assert.deepEqual(
      result.answers.map(a => [a.found, a.metadata?.arxiv]),
      [
        [true, '2402.11928'],
        [false, undefined],
        [false, undefined],
      ],
    );
  });

  it('asks doi.org for CSL-JSON with a DOI and accepts it only on an equal title', async () => {
    await serve();
    const result = await lookupMetadata(
      [
        { title: 'Shield bugs (nymphs)', date: null, doi: '10.5281/zenodo.8242099' },
        { title: 'A paper that cites the shield bugs', date: null, doi: '10.5281/zenodo.8242099' },
      ],
      options(),
    );
    const doiRequests = server!.requests.filter(r => r.service === 'doi');
    assert.equal(doiRequests.length, 2);
    assert.equal(doiRequests[0].accept, 'application/vnd.citationstyles.csl+json');
    assert.equal(result.answers[0].found, true);
    assert.equal(result.answers[0].metadata?.journalDoi, '10.5281/zenodo.8242099');
    assert.deepEqual(result.answers[0].metadata?.authors?.[0], { literal: 'Lars Willighagen', family: 'Willighagen', given: 'Lars' });
    assert.equal(result.answers[1].found, false, 'the DOI in an abstract may be another paper: a title mismatch is not found');
  });

  it('says "not found" when every service answered and none had the paper', async () => {
    await serve();
    const result = await lookupMetadata([{ title: 'A Paper No Service Knows', date: SEED_DAY }], options());
    assert.deepEqual(result.answers, [{ title: 'A Paper No Service Knows', found: false, source: 'arxiv-api' }]);
    assert.equal(server!.requests.length, 2);
  });

  it('takes only the equal title of two similar ones, and none when only a similar one is there', async () => {
    const similar = JSON.parse(HF_SEED_DAY);
    similar[0].paper.title = `${TRANSCODERS} in GPT-2`;
    similar[0].paper.id = '2499.00001';
    await serve(r => (r.service === 'huggingface' ? json(JSON.stringify(similar)) : undefined));
    const alone = await lookupMetadata([{ title: TRANSCODERS, date: SEED_DAY }], options());
    assert.equal(alone.answers[0].found, false);
    await server!.close();
    const both = JSON.parse(HF_SEED_DAY);
    both.push(similar[0]);
    await serve(r => (r.service === 'huggingface' ? json(JSON.stringify(both)) : undefined));
    const withBoth = await lookupMetadata(
      [
        { title: TRANSCODERS, date: SEED_DAY },
        { title: `${TRANSCODERS} in GPT-2`, date: SEED_DAY },
      ],
      options(),
    );
    assert.deepEqual(
      withBoth.answers.map(a => a.metadata?.arxiv),
      ['2406.11944', '2499.00001'],
    );
  });

  it('searches several titles in one arXiv request, and one by one when the page was cut short', async () => {
    const titles = [SEPARATING_TITLE, 'Unknown Title One', 'Unknown Title Two'];
    await serve();
    const batched = await lookupMetadata(
      titles.map(title => ({ title, date: null })),
      options(),
    );
    assert.equal(server!.count('arxiv'), 1);
    const phrases = [...server!.requests[0].query.get('search_query')!.matchAll(/ti:"([^"]*)"/g)].map(m => m[1]);
    assert.deepEqual(phrases, [SEPARATING_TITLE.toLowerCase(), 'unknown title one', 'unknown title two']);
    assert.match(server!.requests[0].query.get('search_query')!, /" OR ti:"/);
    assert.deepEqual(
      batched.answers.map(a => a.found),
      [true, false, false],
    );
    await server!.close();
    // The server says the query has more results than it sent: the unmatched titles are asked alone.
    await serve(r => (r.service === 'arxiv' && / OR /.test(r.query.get('search_query')!) ? atom(CUT_SHORT) : undefined));
    const cut = await lookupMetadata(
      titles.map(title => ({ title, date: null })),
      options(),
    );
    assert.equal(server!.count('arxiv'), 1 + 2);
    assert.deepEqual(
      cut.answers.map(a => a.found),
      [true, false, false],
    );
  });

  it('waits out a 429 with Retry-After, then gets its answer', async () => {
    let first = true;
    await serve(r => {
      if (r.service !== 'huggingface' || !first) return undefined;
      first = false;
      return { status: 429, headers: { 'retry-after': '7' }, body: 'Too Many Requests' };
    });
    const log: RequestLogEntry[] = [];
    const result = await lookupMetadata([{ title: TRANSCODERS, date: SEED_DAY }], options({ log: e => log.push(e) }));
    const hf = server!.requests.filter(r => r.service === 'huggingface');
    assert.equal(hf.length, 2);
    assert.ok(hf[1].at - hf[0].at >= 7000, `retried ${hf[1].at - hf[0].at} ms later`);
    assert.deepEqual(
      log.map(e => e.status),
      [429, 200],
    );
    assert.equal(result.answers[0].found, true);
    assert.deepEqual(result.failures, []);
  });

  it('backs off exponentially on 503 without Retry-After and gives up after the retries, once', async () => {
    await serve(r => (r.service === 'huggingface' ? { status: 503, body: '' } : undefined));
    const result = await lookupMetadata([{ title: TRANSCODERS, date: SEED_DAY }], options({ maxRetries: 2 }));
    const hf = server!.requests.filter(r => r.service === 'huggingface');
    assert.equal(hf.length, 3);
    assert.ok(hf[1].at - hf[0].at >= 1000 && hf[2].at - hf[1].at >= 2000, 'waits 1 s, then 2 s');
    assert.deepEqual(
      result.failures.map(f => [f.service, f.failedRequests]),
      [['huggingface', 1]],
    );
    assert.deepEqual(result.answers, [], 'a failed service is no verdict: no "not found" is recorded');
  });

  it('reports a 500 once for the service and still asks the next one', async () => {
    await serve(r => (r.service === 'huggingface' ? { status: 500, body: 'oops' } : undefined));
    const result = await lookupMetadata(
      [
        { title: TRANSCODERS, date: SEED_DAY },
        { title: SEPARATING_TITLE, date: SEED_DAY },
      ],
      options(),
    );
    assert.deepEqual(result.failures, [{ service: 'huggingface', message: 'HTTP 500', failedRequests: 1, gaveUp: false }]);
    assert.equal(server!.count('huggingface'), 1, 'one request per day, not per paper');
    assert.deepEqual(
      result.answers.map(a => [a.title, a.found]),
      [[SEPARATING_TITLE, true]],
    );
  });

  it('reports malformed JSON and malformed XML as malformed answers', async () => {
    await serve(r =>
      r.service === 'huggingface'
        ? json('[{"paper": {"id": "2406.11944", "title": ')
        : r.service === 'arxiv'
          ? atom('<feed><entry><title>x</entry></feed>')
          : undefined,
    );
    const result = await lookupMetadata([{ title: TRANSCODERS, date: SEED_DAY }], options());
    assert.deepEqual(
      result.failures.map(f => f.service),
      ['huggingface', 'arxiv'],
    );
    for (const failure of result.failures) assert.match(failure.message, /^malformed answer/);
    assert.deepEqual(result.answers, []);
  });

  it('gives up on a slow answer after the timeout', async () => {
    await serve(r => (r.service === 'huggingface' ? { ...json(HF_SEED_DAY), delayMs: 3000 } : undefined));
    const started = performance.now();
    const result = await lookupMetadata([{ title: TRANSCODERS, date: SEED_DAY }], options({ timeoutMs: 200 }));
    assert.ok(performance.now() - started < 2000, 'did not wait for the slow answer');
    assert.deepEqual(
      result.failures.map(f => [f.service, f.message]),
      [['huggingface', 'no answer within 0.2 s']],
    );
  });

  it('stops at Cancel: the request under way is aborted, no other is sent', async () => {
    const controller = new AbortController();
    await serve(r => {
      if (r.service === 'arxiv') controller.abort();
      return r.service === 'arxiv' ? { ...atom(ARXIV_EMPTY), delayMs: 500 } : undefined;
    });
    const queries: PaperQuery[] = ['One Title Here', 'Two Title Here', 'Three Title Here'].map(title => ({ title, date: SEED_DAY }));
    // One title per search, so that three requests would follow if Cancel did not stop them.
    const result = await lookupMetadata(queries, options({ signal: controller.signal, arxivTitleBatch: 1 }));
    assert.equal(result.cancelled, true);
    assert.equal(server!.count('arxiv'), 1);
    assert.deepEqual(result.answers, []);
  });

  it('says once per service when nothing listens (connection refused)', async () => {
    const closed = await serve();
    const endpoints = closed.endpoints;
    await closed.close();
    server = undefined;
    const log: RequestLogEntry[] = [];
    const queries: PaperQuery[] = [TRANSCODERS, SEPARATING_TITLE, 'Third'].map(title => ({ title, date: SEED_DAY, doi: '10.1/x' }));
    const result = await lookupMetadata(queries, { fetch: nodeFetch, clock, endpoints, log: e => log.push(e) });
    assert.deepEqual(
      result.failures.map(f => [f.service, f.message, f.gaveUp]),
      ['huggingface', 'arxiv', 'doi'].map(s => [s, 'connection refused (ECONNREFUSED)', true]),
    );
    assert.equal(log.length, 3, 'one request per service, then it is dropped for the run');
    assert.deepEqual(result.answers, []);
  });

  it('keeps arXiv requests at least 3 s apart as the server sees them (fake clock)', async () => {
    await serve();
    // 31 titles at 10 per search: 4 requests.
    const titles = Array.from({ length: 31 }, (_, i) => `Unknown Title Number ${i}`);
    const started = performance.now();
    await lookupMetadata(
      titles.map(title => ({ title, date: null })),
      options(),
    );
    const arrivals = server!.requests.filter(r => r.service === 'arxiv').map(r => r.at);
    assert.equal(arrivals.length, 4);
    for (let i = 1; i < arrivals.length; i++) assert.ok(arrivals[i] - arrivals[i - 1] >= 3000, `gap ${arrivals[i] - arrivals[i - 1]} ms`);
    assert.ok(performance.now() - started < 2000, 'the fake clock costs no real time');
  });

  it('keeps two arXiv requests at least 3 s apart in real time', async function () {
    this.timeout(15000);
    server = await ReplayServer.start();
    await lookupMetadata(
      ['First Unknown Title', 'Second Unknown Title'].map(title => ({ title, date: null })),
      { fetch: nodeFetch, endpoints: server.endpoints, arxivTitleBatch: 1 },
    );
    const arrivals = server.requests.filter(r => r.service === 'arxiv').map(r => r.realAt);
    assert.equal(arrivals.length, 2);
    const [a, b] = arrivals;
    assert.ok(b - a >= 3000, `gap ${Math.round(b - a)} ms on the server`);
  });

  it('fills the metadata file for the seed; a second run sends zero requests', async () => {
    await serve();
    const papers = seedPapers();
    const progress: Array<[number, number]> = [];
    const first = await completeMetadataFile(
      EMPTY_METADATA_FILE,
      papers,
      options({ now: () => new Date('2026-12-01T12:00:00Z'), progress: (done, total) => progress.push([done, total]) }),
    );
    assert.deepEqual(progress[progress.length - 1], [61, 61]);
    assert.deepEqual(
      progress.slice(0, 3),
      [
        [1, 61],
        [2, 61],
        [3, 61],
      ],
      'counted as papers settle, Hugging Face first',
    );
    assert.equal(first.queries, 61);
    assert.equal(server!.count('huggingface'), 1);
    // Hugging Face matched three; the other 58 titles go to arXiv 10 to a search.
    assert.equal(server!.count('arxiv'), 6);
    assert.equal(first.result.answers.filter(a => a.found).length, 4);
    assert.equal(first.result.answers.filter(a => !a.found).length, 57);
    const text = formatMetadataFile(first.file);
    const index = new MetadataIndex(parseMetadataFile(text).file);
    const transcoders = completePaper(
      papers.find(p => p.title === TRANSCODERS)!,
      index,
    );
    assert.equal(transcoders.metadata?.authors?.length, 3);
    assert.equal(index.find(TRANSCODERS)?.retrieved, '2026-12-01T12:00:00.000Z');
    const before = server!.requests.length;
    const second = await completeMetadataFile(parseMetadataFile(text).file, papers, options());
    assert.equal(server!.requests.length - before, 0);
    assert.equal(second.queries, 0);
    assert.equal(formatMetadataFile(second.file), text);
  });

  it('a key used before the lookup is unchanged after it; a new paper gets the author key', async () => {
    await serve();
    const before = seedPapers();
    const used = before.find(p => p.title === TRANSCODERS)!;
    const bibliography = [{ key: used.key, title: used.title }];
    const { file } = await completeMetadataFile(EMPTY_METADATA_FILE, before, options());
    const index = new MetadataIndex(file);
    const digest = parseDigest(SEED_TEXT, '/ws/renamed.digest.txt', { defaultYear: 2024 });
    const after = buildLibrary([digest], { existing: [...bibliography, ...recordedKeyEntries(file)] }).papers.map(p =>
      completePaper(p, index),
    );
    assert.equal(after.find(p => p.title === TRANSCODERS)!.key, used.key);
    const kept = new MetadataIndex(keepKeys(file, after));
    assert.equal(kept.find(TRANSCODERS)?.key, used.key, 'the metadata file records the key in use');
    const itransformer = after.find(p => p.title.startsWith('iTransformer'))!;
    assert.equal(paperBaseKey(itransformer), 'liu2023itransformer');
  });
});
