import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareWithFile, readArxivFeed, readHuggingFacePage, UnreadableAnswer } from '../../../src/core/fetch/answers';
import { addDays, huggingFaceDays, isIsoDay, isSettled } from '../../../src/core/fetch/days';
import { formatFetchState, parseFetchState } from '../../../src/core/fetch/state';
import { parseSubscription, parseSubscriptions } from '../../../src/core/fetch/subscriptions';

const SOURCES = join(__dirname, '..', '..', 'fixtures', 'sources');
const HF = readFileSync(join(SOURCES, 'hf-daily-papers.json'), 'utf8');
const RSS = readFileSync(join(SOURCES, 'arxiv-rss.xml'), 'utf8');

describe('fetch subscriptions', () => {
  it('reads huggingface and arxiv:CATS, naming a folder per source', () => {
    assert.deepEqual(parseSubscription('huggingface'), {
      kind: 'huggingface',
      id: 'huggingface',
      folder: 'huggingface',
      label: 'Hugging Face',
    });
    const arxiv = parseSubscription(' arxiv:cs.CL+cs.LG+cs.CL ');
    assert.ok(!('error' in arxiv) && arxiv.kind === 'arxiv');
    assert.deepEqual([arxiv.id, arxiv.folder, arxiv.categories], ['arxiv:cs.CL+cs.LG', 'arxiv-cs.CL+cs.LG', ['cs.CL', 'cs.LG']]);
    assert.equal(
      (parseSubscription('arxiv:hep-th+astro-ph.CO+cond-mat.stat-mech') as { folder: string }).folder,
      'arxiv-hep-th+astro-ph.CO+cond-mat.stat-mech',
    );
  });

  it('refuses what names no source, and never a path', () => {
    for (const bad of ['medium', 'arxiv:', 'arxiv:cs.CL+', 'arxiv:../etc', 'arxiv:cs/CL', 'arxiv:cs CL'])
      assert.ok('error' in parseSubscription(bad), bad);
    const { subscriptions, errors } = parseSubscriptions(['huggingface', 'huggingface', 3, 'arxiv:cs.CL']);
    assert.deepEqual(
      subscriptions.map(s => s.id),
      ['huggingface', 'arxiv:cs.CL'],
    );
    assert.equal(errors.length, 1);
  });
});

describe('fetch days', () => {
  const onDisk = new Set<string>();
  it('first fetch: today and yesterday; later: since the last fetch, newest first, capped', () => {
    assert.deepEqual(huggingFaceDays(undefined, { newest: '2026-12-07', today: '2026-12-07', catchUpDays: 14, onDisk }), [
      '2026-12-07',
      '2026-12-06',
    ]);
    const state = {
      lastFetch: '2026-12-03T10:00:00Z',
      days: { '2026-12-03': { checked: '2026-12-03', papers: 4 }, '2026-12-02': { checked: '2026-12-03', papers: 9 } },
    };
    assert.deepEqual(huggingFaceDays(state, { newest: '2026-12-07', today: '2026-12-07', catchUpDays: 14, onDisk }), [
      '2026-12-07',
      '2026-12-06',
      '2026-12-05',
      '2026-12-04',
      '2026-12-03',
    ]);
    assert.equal(huggingFaceDays(state, { newest: '2026-12-07', today: '2026-12-07', catchUpDays: 3, onDisk }).length, 3);
    assert.deepEqual(huggingFaceDays(state, { newest: '2026-12-02', today: '2026-12-07', catchUpDays: 14, days: 2, onDisk }), [
      '2026-12-01',
    ]);
  });

  it('a day is settled once asked on a later day, or when a file of it is there and no fetch of ours asked for it', () => {
    const today = '2026-12-07';
    assert.equal(
      isSettled('2026-12-06', { days: { '2026-12-06': { checked: '2026-12-09', papers: 1 } } }, { today, onDisk }),
      false,
      'yesterday never',
    );
    assert.equal(isSettled('2026-12-04', { days: { '2026-12-04': { checked: '2026-12-04', papers: 1 } } }, { today, onDisk }), false);
    assert.equal(isSettled('2026-12-04', { days: { '2026-12-04': { checked: '2026-12-05', papers: 0 } } }, { today, onDisk }), true);
    assert.equal(isSettled('2026-12-01', undefined, { today, onDisk: new Set(['2026-12-01']) }), true);
    assert.equal(isSettled('2026-12-01', undefined, { today, onDisk }), false);
  });

  it('checks ISO days and counts across months and leap days', () => {
    assert.equal(isIsoDay('2028-02-29'), true);
    assert.equal(isIsoDay('2026-02-29'), false);
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  });
});

describe('fetch answers', () => {
  it("reads Hugging Face's answer and refuses a cut one", () => {
    const page = readHuggingFacePage(HF);
    assert.equal(page.papers.length, 30);
    assert.equal(page.papers[0].id, '2606.00467');
    assert.throws(() => readHuggingFacePage(HF.slice(0, HF.length - 10)), UnreadableAnswer);
    assert.throws(() => readHuggingFacePage('{"error":"Invalid date"}'), /not a list/);
    assert.equal(readHuggingFacePage('[]').papers.length, 0);
  });

  it("reads arXiv's feed with its listing day; an empty feed has no papers; a cut one is refused", () => {
    const feed = readArxivFeed(RSS);
    assert.equal(feed.listingDay, '2026-09-24');
    assert.deepEqual(feed.papers.map(p => p.id).slice(0, 1), ['2609.26811']);
    assert.equal(feed.papers.length, 4);
    assert.equal(readArxivFeed(RSS.replace(/\s*<item>[\s\S]*<\/item>/, '')).papers.length, 0);
    assert.throws(() => readArxivFeed(RSS.slice(0, 4000)), /not well-formed/);
    assert.throws(() => readArxivFeed('<html><body>Service Unavailable</body></html>'), /not an RSS feed/);
  });

  it('replaces a day only when the answer has more or changed papers; upvotes do not count', () => {
    const items = JSON.parse(HF) as Array<{ paper: { upvotes: number; summary: string } }>;
    const before = readHuggingFacePage(JSON.stringify(items.slice(0, 10))).papers;
    assert.deepEqual(compareWithFile(readHuggingFacePage(JSON.stringify(items.slice(0, 12))).papers, before), {
      added: 2,
      changed: 0,
      replace: true,
    });
    const upvoted = items.slice(0, 10).map(item => ({ ...item, paper: { ...item.paper, upvotes: item.paper.upvotes + 5 } }));
    assert.equal(compareWithFile(readHuggingFacePage(JSON.stringify(upvoted)).papers, before).replace, false);
    const edited = items
      .slice(0, 10)
      .map((item, i) => (i === 3 ? { ...item, paper: { ...item.paper, summary: 'A corrected abstract.' } } : item));
    assert.deepEqual(compareWithFile(readHuggingFacePage(JSON.stringify(edited)).papers, before), { added: 0, changed: 1, replace: true });
    assert.equal(
      compareWithFile(readHuggingFacePage(JSON.stringify(items.slice(0, 8))).papers, before).replace,
      false,
      'fewer papers: kept',
    );
  });
});

describe('fetch state file', () => {
  it('round-trips, drops days older than two months, and refuses a file that is not one', () => {
    const state = {
      sources: {
        huggingface: {
          lastFetch: '2026-12-07T08:00:00.000Z',
          days: { '2026-12-06': { checked: '2026-12-07', papers: 3 }, '2026-09-01': { checked: '2026-09-02', papers: 2 } },
        },
        'arxiv:cs.CL': { lastFetch: '2026-12-07T08:00:00.000Z', listingDay: '2026-12-07', etag: '"x"' },
      },
    };
    const text = formatFetchState(state, '2026-12-07');
    const read = parseFetchState(text);
    assert.equal(read.error, undefined);
    assert.deepEqual(Object.keys(read.state.sources.huggingface.days ?? {}), ['2026-12-06']);
    assert.equal(read.state.sources['arxiv:cs.CL'].etag, '"x"');
    assert.match(parseFetchState('{"papers": []}').error ?? '', /not a fetch state file/);
    assert.match(parseFetchState('{').error ?? '', /not JSON/);
  });
});
