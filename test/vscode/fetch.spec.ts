import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FetchOutcome } from '../../src/vscode/fetch';
import type { DayNode, PaperNode } from '../../src/vscode/tree/nodes';
import { hfPage, hfDay, rssAnswer, ARXIV_LISTING_DAY } from '../integration/fetchReplay';
import { ReplayServer } from '../integration/metadataReplay';
import { closeAllEditors, extensionApi, waitFor, workspaceFile, removeIfPresent } from './helpers';
import { canType, firstRowShows, press, quickInputFocused, typeText } from './keyboard';

/**
 * Fetch New Papers against a replay server on 127.0.0.1 (never a real service): nothing is sent
 * when requests are off or only a workspace turned them on; allowed, it fills digests/ and the
 * Papers view shows the new days with their papers and authors without a reload; the start-up
 * fetch runs in the background after a delay, never at once.
 */

const FEED = 'arxiv:cs.LG+cs.AI+cs.CL+stat.ML';
const HF_FILE = (day: string) => workspaceFile(`digests/huggingface/${day}.json`);
const FEED_FILE = workspaceFile(`digests/arxiv-cs.LG+cs.AI+cs.CL+stat.ML/${ARXIV_LISTING_DAY}.xml`);
const utcToday = () => new Date().toISOString().slice(0, 10);

describe('Fetch New Papers', function () {
  this.timeout(120_000);
  let server: ReplayServer;
  const settings = () => vscode.workspace.getConfiguration('digestNotes');
  const fetchNow = (options?: { quiet: boolean }) => vscode.commands.executeCommand<FetchOutcome>('digestNotes.fetchNewPapers', options);

  before(async () => {
    // Each day asked gets five papers of the real sample, featured on that day.
    let slice = 0;
    const days: Record<string, string> = {};
    server = await ReplayServer.start(request => {
      if (request.service === 'arxiv-rss') return rssAnswer(request);
      const day = request.query.get('date') ?? '';
      if (request.service === 'huggingface' && days[day] === undefined) {
        days[day] = hfDay(day, slice, slice + 5);
        slice = (slice + 5) % 25;
      }
      return request.service === 'huggingface' ? hfPage(request, days) : undefined;
    });
    await settings().update(
      'metadata.endpoints',
      { huggingface: `${server.url}/hf`, 'arxiv-rss': server.url },
      vscode.ConfigurationTarget.Workspace,
    );
    await settings().update('subscriptions', ['huggingface', FEED], vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await server?.close();
    for (const [name, target] of [
      ['metadata.endpoints', vscode.ConfigurationTarget.Workspace],
      ['subscriptions', vscode.ConfigurationTarget.Workspace],
      ['metadata.lookup', vscode.ConfigurationTarget.Workspace],
      ['metadata.lookup', vscode.ConfigurationTarget.Global],
      ['fetchOnStartup', vscode.ConfigurationTarget.Global],
    ] as const)
      await settings().update(name, undefined, target);
    await removeIfPresent(workspaceFile('digests'));
    await removeIfPresent(workspaceFile('.digest-notes/fetch.json'));
    const api = await extensionApi();
    await waitFor(async () => !api.workspace.digestUris().some(uri => uri.includes('/digests/')), {
      timeout: 20_000,
      message: 'the fetched digests gone from the library',
    });
  });

  it('sends nothing when requests are off', async () => {
    await settings().update('metadata.lookup', 'off', vscode.ConfigurationTarget.Workspace);
    const outcome = await fetchNow();
    assert.equal(outcome.allowed, false);
    assert.equal(server.requests.length, 0);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(workspaceFile('digests'))));
  });

  it("ignores a workspace's own `on`: without the writer's yes nothing is sent", async () => {
    await settings().update('metadata.lookup', 'on', vscode.ConfigurationTarget.Workspace);
    const outcome = await fetchNow({ quiet: true });
    assert.equal(outcome.allowed, false);
    assert.equal(server.requests.length, 0);
    await settings().update('metadata.lookup', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('fills digests/ and the Papers view shows the new days with papers and authors, without a reload', async () => {
    await settings().update('metadata.lookup', 'on', vscode.ConfigurationTarget.Global);
    const outcome = await fetchNow();
    assert.ok(outcome.allowed && outcome.failures.length === 0, JSON.stringify(outcome));
    // Today and yesterday of Hugging Face, and the feed.
    assert.deepEqual(
      server.requests.map(r => r.service),
      ['huggingface', 'huggingface', 'arxiv-rss'],
    );
    assert.match(String(server.requests[0].headers['user-agent']), /^digest-notes\/.* \(VS Code extension/);
    const today = utcToday();
    assert.deepEqual(
      outcome.written.map(f => [f.path, f.papers]),
      [
        [HF_FILE(today).toString(), 5],
        [HF_FILE(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)).toString(), 5],
        [FEED_FILE.toString(), 4],
      ],
    );
    const api = await extensionApi();
    const tree = api.papersTree;
    const node = await waitFor(async () => (await tree.digestNodes()).find(n => n.uri.toString() === HF_FILE(today).toString()), {
      timeout: 20_000,
      message: "today's Hugging Face file in the Papers view",
    });
    const days = (await tree.getChildren(node)) as DayNode[];
    assert.deepEqual(
      days.map(d => d.date),
      [today],
    );
    const papers = (await tree.getChildren(days[0])) as PaperNode[];
    assert.equal(papers.length, 5);
    assert.ok(
      papers.every(p => (p.metadata?.authors?.length ?? 0) > 0 && /^\d{4}\.\d{5}$/.test(p.metadata?.arxiv ?? '')),
      'papers with authors and arXiv ids',
    );
    await waitFor(async () => (await tree.digestNodes()).some(n => n.uri.toString() === FEED_FILE.toString()), {
      timeout: 20_000,
      message: 'the arXiv listing in the Papers view',
    });
    assert.match(api.fetch.statusText() ?? '', /Hugging Face: 10 new papers · arXiv cs\.LG\+cs\.AI\+cs\.CL\+stat\.ML: 4 new papers/);

    // Again at once: today and yesterday are asked again (they still fill), the feed conditionally.
    const before = server.requests.length;
    const again = await fetchNow();
    const second = server.requests.slice(before);
    assert.deepEqual(
      second.map(r => r.service),
      ['huggingface', 'huggingface', 'arxiv-rss'],
    );
    assert.ok(second[2].headers['if-none-match'], 'a conditional request for the feed');
    assert.deepEqual(again.written, []);
  });

  it('fetches on start-up once a day, in the background, after a delay', async () => {
    const api = await extensionApi();
    // As if the last fetch was yesterday: the state file says so.
    const stateUri = workspaceFile('.digest-notes/fetch.json');
    const state = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(stateUri)));
    for (const source of Object.values(state.sources) as Array<{ lastFetch: string }>)
      source.lastFetch = new Date(Date.now() - 86_400_000).toISOString();
    await vscode.workspace.fs.writeFile(stateUri, new TextEncoder().encode(JSON.stringify(state)));
    const before = server.requests.length;
    const turnedOn = Date.now();
    await settings().update('fetchOnStartup', true, vscode.ConfigurationTarget.Global);
    await new Promise(resolve => setTimeout(resolve, 2000));
    assert.equal(server.requests.length, before, 'nothing at once');
    const outcome = await waitFor(async () => (api.fetch.last()?.trigger === 'startup' ? api.fetch.last() : undefined), {
      timeout: 30_000,
      message: 'the start-up fetch',
    });
    assert.ok(outcome!.startedAt - turnedOn >= 4500, `started ${outcome!.startedAt - turnedOn} ms after`);
    assert.ok(outcome!.startedAt > api.fetch.activatedAt);
    assert.ok(server.requests.length > before);
    assert.match(api.fetch.statusText() ?? '', /Hugging Face: /);
  });

  it('subscribes from the picker of arXiv categories, kept in the workspace settings', async function () {
    if (!canType()) this.skip(); // the desktop host has no browser to type with
    // The focus back in the workbench (an earlier spec may leave it in the Welcome page's walkthrough).
    await closeAllEditors();
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    const subscribed = vscode.commands.executeCommand<string | undefined>('digestNotes.subscribe', 'arxiv');
    await quickInputFocused();
    await typeText('cs.RO');
    await firstRowShows('Robotics');
    await press('Enter');
    assert.equal(await subscribed, 'arxiv:cs.RO');
    assert.deepEqual(settings().inspect('subscriptions')?.workspaceValue, ['huggingface', FEED, 'arxiv:cs.RO']);
    // Named directly (a keybinding's argument), and once only.
    assert.equal(await vscode.commands.executeCommand('digestNotes.subscribe', 'arxiv:cs.RO'), 'arxiv:cs.RO');
    assert.deepEqual(settings().inspect('subscriptions')?.workspaceValue, ['huggingface', FEED, 'arxiv:cs.RO']);
  });
});
