/**
 * `digest-notes fetch` (runFetch) on a temporary folder, Hugging Face and arXiv's feed played by
 * the replay server on 127.0.0.1 in their real formats: a day fetched, a second run free for a
 * settled day, a growing today, missed days caught up newest first, an empty weekend feed, 429
 * with Retry-After, 503, a cut answer, arXiv's pacing on the server's clock. No real service.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFetchArguments, runFetch, type FetchRequest } from '../../src/cli/fetchCommand';
import { runParse } from '../../src/cli/parseCommand';
import { runInProcess, stderrLines } from './cliHarness';
import { NodeFileStore } from '../../src/cli/nodeFileStore';
import { fetchSubscriptions } from '../../src/core/fetch/run';
import { parseSubscription, type Subscription } from '../../src/core/fetch/subscriptions';
import { DEFAULT_INTERVALS_MS, lookupMetadata } from '../../src/core/metadata/lookup';
import { RateLimiter } from '../../src/core/metadata/rateLimit';
import { FakeClock, nodeFetch, ReplayServer, SEPARATING_TITLE, type ReplayHandler } from './metadataReplay';
import { ARXIV_LISTING_DAY, ARXIV_RSS, emptyFeed, hfDay, hfPage, rssAnswer, RSS_ETAG } from './fetchReplay';

const FEED = 'arxiv:cs.LG+cs.AI+cs.CL+stat.ML';
const FEED_FOLDER = 'arxiv-cs.LG+cs.AI+cs.CL+stat.ML';

describe('digest-notes fetch', function () {
  let dir = '';
  let server: ReplayServer;
  let out: string[];
  let errors: string[];
  let clock: FakeClock;
  /** What the services answer; each test sets it. */
  let answer: ReplayHandler;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'digest-notes-fetch-'));
    clock = new FakeClock();
    answer = () => undefined;
    server = await ReplayServer.start(request => answer(request), clock);
  });

  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function fetch(args: string[], now: string): Promise<number> {
    out = [];
    errors = [];
    const request = readFetchArguments([...args, '--out', join(dir, 'digests'), '--json']) as FetchRequest;
    const context = {
      store: new NodeFileStore(),
      print: (text: string) => out.push(text),
      report: (m: string) => errors.push(m),
      metadataFile: join(dir, '.digest-notes', 'metadata.json'),
    };
    return runFetch({ ...request, endpoints: server.fetchEndpoints }, context, { fetch: nodeFetch, clock, now: () => new Date(now) });
  }
  const json = () => JSON.parse(out.join(''));
  const file = (path: string) => join(dir, 'digests', path);
  const hfDates = () => server.requests.filter(r => r.service === 'huggingface').map(r => r.query.get('date'));

  it('writes a day of each source in its own format; the files parse to papers with authors, year and arXiv id', async () => {
    const days: Record<string, string> = { '2026-06-12': hfDay('2026-06-12', 0, 10) };
    answer = request =>
      request.service === 'huggingface' ? hfPage(request, days) : request.service === 'arxiv-rss' ? rssAnswer(request) : undefined;
    assert.equal(await fetch(['huggingface', FEED, '--date', '2026-06-12', '--days', '1'], '2026-06-14T08:00:00Z'), 0, errors.join('\n'));
    assert.deepEqual(
      json().files.map((f: { path: string; papers: number; newPapers: number }) => [f.path, f.papers, f.newPapers]),
      [
        [file('huggingface/2026-06-12.json'), 10, 10],
        [file(`${FEED_FOLDER}/${ARXIV_LISTING_DAY}.xml`), 4, 4],
      ],
    );
    assert.equal(readFileSync(file(`${FEED_FOLDER}/${ARXIV_LISTING_DAY}.xml`), 'utf8'), ARXIV_RSS, 'the feed as it came');
    // The requests: one page of Hugging Face (10 < limit), the feed; a descriptive User-Agent.
    assert.deepEqual(
      server.requests.map(r => [r.service, r.path, r.query.get('date'), r.query.get('p')]),
      [
        ['huggingface', '/api/daily_papers', '2026-06-12', '0'],
        ['arxiv-rss', '/cs.LG+cs.AI+cs.CL+stat.ML', null, null],
      ],
    );
    assert.match(String(server.requests[0].headers['user-agent']), /^digest-notes\/\d+\.\d+\.\d+ \(/);

    const parsed: string[] = [];
    const status = await runParse(
      { command: 'parse', files: [join(dir, 'digests')], json: true, maxSize: 1 << 26 },
      { store: new NodeFileStore(), print: t => parsed.push(t), report: m => errors.push(m), metadataFile: join(dir, 'none.json') },
    );
    assert.equal(status, 0, errors.join('\n'));
    const papers = JSON.parse(parsed.join('')).papers as Array<{
      authors: unknown[];
      year: number | null;
      arxiv: string | null;
      date: string;
    }>;
    assert.equal(papers.length, 14);
    assert.ok(
      papers.every(p => p.authors.length > 0 && p.year !== null && /^\d{4}\.\d{4,5}$/.test(p.arxiv ?? '')),
      JSON.stringify(papers[0]),
    );
    assert.equal(papers.filter(p => p.date === '2026-06-12').length, 10);
  });

  it('a second run sends nothing for a settled day, and a conditional request for the feed', async () => {
    const days: Record<string, string> = { '2026-06-10': hfDay('2026-06-10', 0, 5) };
    answer = request => (request.service === 'huggingface' ? hfPage(request, days) : rssAnswer(request));
    assert.equal(await fetch(['huggingface', FEED, '--date', '2026-06-10', '--days', '1'], '2026-06-14T08:00:00Z'), 0);
    const before = server.requests.length;
    assert.equal(await fetch(['huggingface', FEED, '--date', '2026-06-10', '--days', '1'], '2026-06-14T09:00:00Z'), 0, errors.join('\n'));
    const second = server.requests.slice(before);
    assert.deepEqual(
      second.map(r => r.service),
      ['arxiv-rss'],
      'no request for the settled Hugging Face day',
    );
    assert.equal(second[0].headers['if-none-match'], RSS_ETAG);
    assert.equal(second[0].headers['if-modified-since'], 'Thu, 24 Sep 2026 04:00:00 GMT');
    assert.deepEqual(json().files, [], 'nothing written');
    const state = JSON.parse(readFileSync(join(dir, '.digest-notes', 'fetch.json'), 'utf8'));
    assert.equal(state.sources[FEED].etag, RSS_ETAG);
  });

  it('today grows: asked again, replaced when it has more papers, kept when it has not', async () => {
    const days: Record<string, string> = { '2026-06-12': hfDay('2026-06-12', 0, 3) };
    answer = request => hfPage(request, days);
    assert.equal(await fetch(['huggingface'], '2026-06-12T07:00:00Z'), 0);
    assert.deepEqual(hfDates(), ['2026-06-12', '2026-06-11'], 'today and yesterday the first time');
    assert.equal(JSON.parse(readFileSync(file('huggingface/2026-06-12.json'), 'utf8')).length, 3);
    assert.equal(existsSync(file('huggingface/2026-06-11.json')), false, 'an empty day writes nothing');

    days['2026-06-12'] = hfDay('2026-06-12', 0, 5);
    assert.equal(await fetch(['huggingface'], '2026-06-12T15:00:00Z'), 0);
    assert.deepEqual(
      json().files.map((f: { papers: number; newPapers: number; replaced: boolean }) => [f.papers, f.newPapers, f.replaced]),
      [[5, 2, true]],
    );
    assert.equal(JSON.parse(readFileSync(file('huggingface/2026-06-12.json'), 'utf8')).length, 5);

    // The same list again (upvotes aside): asked, kept as it is.
    assert.equal(await fetch(['huggingface'], '2026-06-12T18:00:00Z'), 0);
    assert.deepEqual(json().files, []);
    assert.deepEqual(json().sources[0].unchanged, [file('huggingface/2026-06-12.json')]);
  });

  it('catches up the days missed since the last fetch, newest first, up to the limit', async () => {
    const days: Record<string, string> = {};
    for (const [i, day] of ['2026-06-12', '2026-06-11', '2026-06-10', '2026-06-09', '2026-06-08', '2026-06-07'].entries())
      days[day] = hfDay(day, i * 5, i * 5 + 5);
    answer = request => hfPage(request, days);
    assert.equal(await fetch(['huggingface'], '2026-06-08T12:00:00Z'), 0);
    assert.deepEqual(hfDates(), ['2026-06-08', '2026-06-07']);
    server.requests.length = 0;
    // Away three days (9, 10, 11): on the 12th those are caught up with today, newest first, and
    // the 8th (asked only on its own day) once more; the 7th was asked as "yesterday": settled.
    assert.equal(await fetch(['huggingface'], '2026-06-12T12:00:00Z'), 0);
    assert.deepEqual(hfDates(), ['2026-06-12', '2026-06-11', '2026-06-10', '2026-06-09', '2026-06-08']);
    assert.deepEqual(
      readdirSync(file('huggingface')).sort(),
      ['2026-06-07', '2026-06-08', '2026-06-09', '2026-06-10', '2026-06-11', '2026-06-12'].map(d => `${d}.json`),
    );
    // The next day only today and yesterday are asked: the rest are settled.
    server.requests.length = 0;
    assert.equal(await fetch(['huggingface'], '2026-06-13T12:00:00Z'), 0);
    assert.deepEqual(hfDates(), ['2026-06-13', '2026-06-12']);
    // Back after a month: at most 14 days.
    server.requests.length = 0;
    assert.equal(await fetch(['huggingface'], '2026-07-20T12:00:00Z'), 0);
    assert.equal(hfDates().length, 14);
    assert.equal(hfDates()[0], '2026-07-20');
  });

  it('pages through a long day until a page is short', async () => {
    const days: Record<string, string> = {
      '2026-06-12': JSON.stringify([
        ...JSON.parse(hfDay('2026-06-12', 0, 30)),
        ...JSON.parse(hfDay('2026-06-12', 0, 30)).map((item: { paper: { id: string } }, i: number) => ({
          ...item,
          paper: { ...item.paper, id: `2606.${String(90000 + i)}` },
        })),
        ...JSON.parse(hfDay('2026-06-12', 0, 30)).map((item: { paper: { id: string } }, i: number) => ({
          ...item,
          paper: { ...item.paper, id: `2606.${String(91000 + i)}` },
        })),
        ...JSON.parse(hfDay('2026-06-12', 0, 30)).map((item: { paper: { id: string } }, i: number) => ({
          ...item,
          paper: { ...item.paper, id: `2606.${String(92000 + i)}` },
        })),
      ]),
    };
    answer = request => hfPage(request, days);
    assert.equal(await fetch(['huggingface', '--date', '2026-06-12', '--days', '1'], '2026-06-12T12:00:00Z'), 0);
    assert.deepEqual(
      server.requests.map(r => r.query.get('p')),
      ['0', '1'],
    );
    assert.equal(JSON.parse(readFileSync(file('huggingface/2026-06-12.json'), 'utf8')).length, 120);
  });

  it('an empty weekend feed writes nothing and says so calmly', async () => {
    answer = request => rssAnswer(request, emptyFeed(), '"empty"');
    assert.equal(await fetch([FEED], '2026-09-26T12:00:00Z'), 0, errors.join('\n'));
    assert.deepEqual(errors, []);
    assert.equal(existsSync(file(FEED_FOLDER)), false);
    assert.match(json().sources[0].notes[0], /no announcement.*weekends and holidays/);
  });

  it('429 with Retry-After: waits as asked, then writes the day', async () => {
    const days: Record<string, string> = { '2026-06-12': hfDay('2026-06-12', 0, 4) };
    let first = true;
    answer = request => {
      if (first) {
        first = false;
        return { status: 429, headers: { 'retry-after': '7' }, body: 'slow down' };
      }
      return hfPage(request, days);
    };
    assert.equal(await fetch(['huggingface', '--date', '2026-06-12', '--days', '1'], '2026-06-12T12:00:00Z'), 0, errors.join('\n'));
    assert.equal(server.requests.length, 2);
    assert.ok(server.requests[1].at - server.requests[0].at >= 7000, `${server.requests[1].at - server.requests[0].at} ms apart`);
    assert.equal(JSON.parse(readFileSync(file('huggingface/2026-06-12.json'), 'utf8')).length, 4);
  });

  it('an exhausted request budget (RateLimit r=0) makes the next request wait for the window', async () => {
    const days: Record<string, string> = { '2026-06-12': hfDay('2026-06-12', 0, 2), '2026-06-11': hfDay('2026-06-11', 2, 4) };
    answer = request => ({ ...hfPage(request, days), headers: { 'content-type': 'application/json', ratelimit: '"api";r=0;t=30' } });
    assert.equal(await fetch(['huggingface'], '2026-06-12T12:00:00Z'), 0, errors.join('\n'));
    assert.equal(server.requests.length, 2);
    assert.ok(server.requests[1].at - server.requests[0].at >= 30_000);
  });

  it('503: the source fails once, nothing of it is written, the other source still is (exit 1)', async () => {
    answer = request => (request.service === 'huggingface' ? { status: 503, body: 'down' } : rssAnswer(request));
    assert.equal(await fetch(['huggingface', FEED], '2026-06-12T12:00:00Z'), 1);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /^fetch: huggingface: HTTP 503 after 4 tries/);
    assert.equal(existsSync(file('huggingface')), false);
    assert.ok(existsSync(file(`${FEED_FOLDER}/${ARXIV_LISTING_DAY}.xml`)));
    assert.equal(server.count('huggingface'), 4, 'retried 3 times, then dropped: yesterday not asked');
  });

  it('a cut answer writes nothing', async () => {
    const whole = hfDay('2026-06-12', 0, 10);
    answer = request =>
      request.service === 'huggingface'
        ? { headers: { 'content-type': 'application/json' }, body: whole.slice(0, whole.length / 2) }
        : { headers: { 'content-type': 'application/rss+xml' }, body: ARXIV_RSS.slice(0, 5000) };
    assert.equal(await fetch(['huggingface', FEED, '--date', '2026-06-12', '--days', '1'], '2026-06-12T12:00:00Z'), 1);
    assert.equal(existsSync(file('')), false, 'no folder, no file');
    assert.equal(errors.length, 2);
    assert.match(errors[0], /huggingface: unreadable answer: not JSON .*nothing of it was written/);
    assert.match(errors[1], /arxiv:cs\.LG.*unreadable answer: not well-formed XML/);
  });

  it("arXiv's feeds are one request every three seconds, measured on the server's clock", async () => {
    answer = request => rssAnswer(request);
    assert.equal(await fetch([FEED, 'arxiv:cs.CL', 'arxiv:stat.ML'], '2026-09-24T12:00:00Z'), 0, errors.join('\n'));
    const times = server.requests.map(r => r.at);
    assert.equal(times.length, 3);
    for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 3000, `gap ${times[i] - times[i - 1]} ms`);
  });

  it('bad usage is exit status 2 material: unknown sources, days and endpoints are refused', () => {
    assert.throws(() => readFetchArguments(['medium']), /not a source/);
    assert.throws(() => readFetchArguments(['arxiv:cs CL']), /not an arXiv category/);
    assert.throws(() => readFetchArguments(['huggingface', '--date', '2026-02-30']), /--date/);
    assert.throws(() => readFetchArguments(['huggingface', '--days', '0']), /--days/);
    assert.throws(() => readFetchArguments(['huggingface', '--endpoint', 'doi=http://x']), /huggingface or arxiv-rss/);
  });
});

describe('fetching and metadata lookups share arXiv pacing', function () {
  it("keeps three seconds between all arXiv requests, feed and API alike, on the server's clock", async () => {
    const clock = new FakeClock();
    const server = await ReplayServer.start(request => (request.service === 'arxiv-rss' ? rssAnswer(request) : undefined), clock);
    try {
      const arxiv = new RateLimiter(clock, DEFAULT_INTERVALS_MS.arxiv);
      const files = { read: async () => undefined, write: async () => undefined, list: async () => [] };
      const titles = ['A first title nobody has', 'A second title nobody has', SEPARATING_TITLE];
      await Promise.all([
        lookupMetadata(
          titles.map(title => ({ title, date: null })),
          { fetch: nodeFetch, clock, endpoints: server.endpoints, limiters: { arxiv }, arxivTitleBatch: 1 },
        ),
        fetchSubscriptions(
          ['arxiv:cs.CL', 'arxiv:cs.LG'].map(s => parseSubscription(s) as Subscription),
          { sources: {} },
          files,
          { fetch: nodeFetch, clock, now: new Date('2026-09-24T12:00:00Z'), endpoints: server.fetchEndpoints, limiters: { arxiv } },
        ),
      ]);
      const arxivRequests = server.requests.filter(r => r.service === 'arxiv' || r.service === 'arxiv-rss');
      assert.deepEqual([...new Set(arxivRequests.map(r => r.service))].sort(), ['arxiv', 'arxiv-rss']);
      assert.equal(arxivRequests.length, 5);
      const times = arxivRequests.map(r => r.at).sort((a, b) => a - b);
      for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 3000, `gap ${times[i] - times[i - 1]} ms`);
    } finally {
      await server.close();
    }
  });
});

describe('digest-notes fetch on the command line', function () {
  it('is listed in the help, has its own, and exits 2 on bad usage with one line', async () => {
    const main = await runInProcess(['--help']);
    assert.match(main.stdout, /^ {2}fetch SOURCE\.\.\. \[--out DIR\]/m);
    for (const args of [
      ['fetch', '--help'],
      ['help', 'fetch'],
    ]) {
      const own = await runInProcess(args);
      assert.equal(own.status, 0);
      assert.match(own.stdout, /^Usage: digest-notes fetch SOURCE\.\.\. \[--date YYYY-MM-DD\] \[--days N\] \[--out DIR\]/);
    }
    for (const args of [['fetch'], ['fetch', 'medium'], ['fetch', 'huggingface', '--days', 'x'], ['fetch', 'huggingface', '--bogus']]) {
      const result = await runInProcess(args);
      assert.equal(result.status, 2, args.join(' '));
      const lines = stderrLines(result);
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0], /\(see 'digest-notes fetch --help'\)$/);
    }
  });
});
