import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ForYouNode, ForYouPaperNode } from '../../src/vscode/tree/nodes';
import type { PapersTreeProvider } from '../../src/vscode/tree/papersTreeProvider';
import { closeAllEditors, extensionApi, waitFor, workspaceFile } from './helpers';
import { canType, clickInWebview, press } from './keyboard';
import { specFolder } from './specFolder';

// Days later than any other digest of the workspace, so they are the latest three "For you" ranks.
const DAYS: Record<string, [string, string][]> = {
  '2031-01-05': [
    [
      'Sparse Autoencoders Find Interpretable Circuits in Language Models',
      'We train sparse autoencoders on the residual stream of a language model and find interpretable features ' +
        'that compose into circuits; the sparse features explain attention heads and neurons.',
    ],
    [
      'Dictionary Learning of Sparse Features for Mechanistic Interpretability',
      'Sparse dictionary learning recovers monosemantic features of transformer language models; ' +
        'we trace circuits through the sparse autoencoder features and ablate them.',
    ],
    [
      'Rainfall Nowcasting With Radar Images',
      'We forecast rainfall over the next hour from weather radar images with a convolutional network trained on ten years of storms.',
    ],
  ],
  '2031-01-06': [
    [
      'Transcoders Replace Sparse Autoencoders for Circuit Discovery',
      'Transcoders learn sparse interpretable features of MLP layers in language models, ' +
        'and the circuits they reveal are simpler than those of sparse autoencoders.',
    ],
    [
      'Protein Structure Prediction at Low Cost',
      'We predict protein structures from amino acid sequences with a small folding network and a cheap multiple sequence alignment.',
    ],
    [
      'Legged Robots Climb Stairs From Video',
      'A quadruped robot learns to climb stairs from videos of animals, with reinforcement learning in simulation.',
    ],
  ],
  // The topic's paper last in its day: sorted for you, it comes first.
  '2031-01-07': [
    [
      'Bread Baking With Sourdough Starters',
      'We measure how sourdough starters ferment wheat dough at several temperatures and how the bread rises in the oven.',
    ],
    ['Ocean Waves Forecast by Diffusion Models', 'A diffusion model forecasts ocean wave heights from satellite weather data days ahead.'],
    [
      'Sparse Feature Circuits Explain Language Model Behaviour',
      'We find circuits of sparse autoencoder features that explain a language model behaviour, ' +
        'and edit the interpretable features to change it.',
    ],
  ],
};
const LAST_DAY_TOPIC = DAYS['2031-01-07'][2][0];
const DISMISSED = DAYS['2031-01-07'][1][0];

function threeDays(): string {
  return Object.entries(DAYS)
    .flatMap(([day, papers]) => [day, '', ...papers.flatMap(([title, abstract]) => [title, '', abstract, ''])])
    .join('\n');
}

const INTERPRETABILITY = /sparse|circuit|transcoder|interpretab/i;

describe('For you', function () {
  this.timeout(90_000);
  const folder = specFolder('for-you-spec');
  let tree: PapersTreeProvider;
  const readingFile = workspaceFile('.digest-notes/reading.json');

  /** Every title the spec writes: its reading-state entries are found (and removed) by them. */
  const TITLES = new Set(Object.values(DAYS).flatMap(papers => papers.map(([title]) => title)));
  /** Whether reading.json was there before the spec (if not, and the spec's entries were its only ones, it goes). */
  let readingFileExisted = false;

  before(async () => {
    tree = (await extensionApi()).papersTree;
    readingFileExisted = await vscode.workspace.fs.stat(readingFile).then(
      () => true,
      () => false,
    );
    await folder.write('three-days.digest.txt', threeDays());
  });
  after(async () => {
    await vscode.commands.executeCommand('digestNotes.sortPapersNewest');
    await closeAllEditors();
    await removeOwnReadingEntries();
    await vscode.workspace.fs.delete(workspaceFile(folder.name), { recursive: true }).then(undefined, () => undefined);
    // Later specs find the tree as it was: the spec's digest gone, and no For you row of its papers.
    await waitFor(
      async () => {
        const roots = await tree.getChildren();
        const own = roots.some(root =>
          root.kind === 'forYou'
            ? root.papers.some(p => TITLES.has(p.paper.title))
            : root.kind === 'digest' && root.uri.path.includes(folder.name),
        );
        return !own;
      },
      { timeout: 20_000, message: "the spec's digest and its For you rows gone from the Papers view" },
    );
  });

  /** Takes the spec's own entries out of reading.json (other specs' and the writer's stay), and waits for the state to follow. */
  async function removeOwnReadingEntries(): Promise<void> {
    const text = await vscode.workspace.fs.readFile(readingFile).then(
      bytes => new TextDecoder().decode(bytes),
      () => undefined,
    );
    if (text !== undefined) {
      const file = JSON.parse(text) as { papers: Record<string, { title?: string }> };
      for (const [id, record] of Object.entries(file.papers)) {
        if (record.title !== undefined && TITLES.has(record.title)) delete file.papers[id];
      }
      if (!readingFileExisted && Object.keys(file.papers).length === 0) await vscode.workspace.fs.delete(readingFile);
      else await vscode.workspace.fs.writeFile(readingFile, new TextEncoder().encode(JSON.stringify(file, null, 2) + '\n'));
    }
    const reading = (await extensionApi()).reading;
    await waitFor(() => [...TITLES].every(title => reading.status({ title }) === 'unread'), {
      timeout: 20_000,
      message: "the spec's papers back to unread in the reading state",
    });
  }

  it('lists the latest days ranked by the starred papers, their topic first, each with why, the dismissed one left out', async () => {
    const api = await extensionApi();
    const paper = async (title: string) =>
      waitFor(async () => (await tree.paperNodes()).find(p => p.title === title), { timeout: 20_000, message: `"${title}" in the view` });
    const starred = [await paper(DAYS['2031-01-05'][0][0]), await paper(DAYS['2031-01-05'][1][0])];
    const dismissed = await paper(DISMISSED);
    assert.ok(await api.reading.set(starred, 'starred'));
    assert.ok(await api.reading.set([dismissed], 'dismissed'));

    const section = await waitFor(
      async () => {
        const roots = await tree.getChildren();
        const first = roots[0];
        return first?.kind === 'forYou' && (first as ForYouNode).papers.some(p => p.paper.title === LAST_DAY_TOPIC)
          ? (first as ForYouNode)
          : undefined;
      },
      {
        timeout: 30_000,
        message: 'a For you section at the top of the Papers view listing the spec papers',
        explain: async () => `roots: ${(await tree.getChildren()).map(r => r.kind).join(', ')}`,
      },
    );
    const rows = (await tree.getChildren(section)) as ForYouPaperNode[];
    const titles = rows.map(r => r.paper.title);
    const explain = rows.map(r => `${r.paper.title} (${r.score.toFixed(3)}: ${r.why.join('; ')})`).join('\n');
    assert.ok(rows.length <= 10, explain);
    // The two unstarred papers of the starred papers' topic come first.
    assert.ok(INTERPRETABILITY.test(titles[0]) && INTERPRETABILITY.test(titles[1]), explain);
    assert.deepEqual(new Set(titles.slice(0, 2)), new Set([DAYS['2031-01-06'][0][0], LAST_DAY_TOPIC]), explain);
    assert.ok(!titles.includes(dismissed.title), `the dismissed paper is not listed:\n${explain}`);
    for (const starredPaper of starred) assert.ok(!titles.includes(starredPaper.title), `a starred paper is not listed:\n${explain}`);
    for (const row of rows) {
      assert.ok(row.why.length > 0, `${row.paper.title} says why`);
      const item = tree.getTreeItem(row);
      assert.equal(item.description, row.why.join('; '));
      assert.equal(tree.getParent(row), section);
    }
    // The other topics' papers rank below the topic's.
    const firstOther = titles.findIndex(t => !INTERPRETABILITY.test(t));
    assert.ok(firstOther === -1 || firstOther >= 2, explain);
    // The digests follow the section.
    assert.ok((await tree.getChildren()).slice(1).every(r => r.kind === 'digest'));
  });

  it("Sort Papers: For You puts each day's best ranked papers first; Newest First puts the digest's order back", async () => {
    const titlesOfDay = async (date: string) => {
      const digest = (await tree.digestNodes()).find(node => node.uri.path.includes(folder.name));
      return digest?.days.find(day => day.date === date)?.papers.map(p => p.title) ?? [];
    };
    const [bread, dismissedTitle, topic] = DAYS['2031-01-07'].map(([title]) => title);
    assert.deepEqual(await titlesOfDay('2031-01-07'), [bread, topic], 'as listed, the dismissed paper hidden');

    assert.equal(await vscode.commands.executeCommand('digestNotes.sortPapersForYou'), 'forYou');
    await waitFor(async () => (await titlesOfDay('2031-01-07'))[0] === topic, {
      timeout: 30_000,
      message: "the topic's paper first in its day, sorted for you",
      explain: async () => (await titlesOfDay('2031-01-07')).join(' | '),
    });
    assert.deepEqual(await titlesOfDay('2031-01-07'), [topic, bread]);
    assert.equal((await titlesOfDay('2031-01-06'))[0], DAYS['2031-01-06'][0][0]);
    // The starred papers are "to read": first in their day, in the digest's order, then the ranked one.
    assert.deepEqual(await titlesOfDay('2031-01-05'), [DAYS['2031-01-05'][0][0], DAYS['2031-01-05'][1][0], DAYS['2031-01-05'][2][0]]);

    // The preview follows the same order, each ranked card saying why.
    const preview = (await extensionApi()).preview;
    assert.ok(preview);
    const digest = folder.file('three-days.digest.txt');
    await vscode.commands.executeCommand('digestNotes.openPreview', digest);
    const sorted = await preview.waitFor('rendered', m => m.source === digest.toString() && m.titles[0] === topic, { timeoutMs: 30_000 });
    assert.deepEqual(sorted.titles.slice(0, 3), [topic, bread, dismissedTitle], 'the dismissed paper is not ranked: last of its day');
    const topicCard = preview
      .find(digest)
      ?.cards()
      .find(card => card.title === topic);
    assert.ok(topicCard?.why?.length, 'the ranked card says why');
    // How the cards were ranked is said once, above them; each card gives only its own reasons.
    assert.match(sorted.orderNote, /^Sorted for you: .*ranked by (similarity to|a model learned from) your \d+ liked papers?/);
    for (const card of preview.find(digest)?.cards() ?? []) {
      for (const reason of card.why ?? []) assert.match(reason, /^(because of|like): |^nothing in common/, `${card.title}: ${reason}`);
    }

    assert.equal(await vscode.commands.executeCommand('digestNotes.sortPapersNewest'), 'newest');
    assert.deepEqual(await titlesOfDay('2031-01-07'), [bread, topic]);
    const listed = await preview.waitFor('rendered', m => m.source === digest.toString() && m.titles[0] === bread, { timeoutMs: 30_000 });
    assert.deepEqual(listed.titles.slice(0, 3), [bread, dismissedTitle, topic]);
    assert.equal(listed.orderNote, '', 'as listed, nothing to say about the order');
    assert.equal(
      preview
        .find(digest)
        ?.cards()
        .find(card => card.title === topic)?.why,
      undefined,
      'as listed, no card says why',
    );
    await closeAllEditors();
  });

  it('triages by keyboard sorted for you: the cards hold their order, and each key acts on the paper the writer is on', async () => {
    assert.ok(canType(), 'keyboard specs run in the code-server host (npm run test:vscode)');
    const api = await extensionApi();
    const probe = api.preview;
    assert.ok(probe);
    const digest = folder.file('three-days.digest.txt');
    const source = digest.toString();
    const [bread, dismissedTitle, topic] = DAYS['2031-01-07'].map(([title]) => title);
    const keyOf = async (title: string) => (await api.workspace.library()).byTitle(title)?.key;
    const [breadKey, topicKey] = [await keyOf(bread), await keyOf(topic)];
    assert.ok(breadKey && topicKey);
    const cards = () => probe.find(digest)?.cards() ?? [];
    /** Waits until the page shows the cards built after `card` holds (a new state reached the webview). */
    const shownWhen = async (what: string, holds: () => boolean) => {
      await waitFor(holds, { timeout: 20_000, message: what });
      const version = probe.find(digest)!.report().version;
      return probe.waitFor('rendered', m => m.source === source && m.version >= version, { timeoutMs: 20_000 });
    };
    const nextAction = (action: string) =>
      probe.waitFor('action', m => m.source === source && m.action === action, { fresh: true, timeoutMs: 20_000 });

    assert.equal(await vscode.commands.executeCommand('digestNotes.sortPapersForYou'), 'forYou');
    const opened = probe.waitFor('rendered', m => m.source === source && m.titles[0] === topic, { fresh: true, timeoutMs: 30_000 });
    await vscode.commands.executeCommand('digestNotes.openPreview', digest);
    await opened;
    await clickInWebview('.order-note'); // the keyboard goes to the preview (a click on plain text does nothing else)
    await press('j'); // the first card, the topic's paper

    // Sorted anew (as listed), the current card stays the paper the writer was on, not the place.
    const listed = probe.waitFor('rendered', m => m.source === source && m.titles[0] === bread, { fresh: true, timeoutMs: 30_000 });
    await vscode.commands.executeCommand('digestNotes.sortPapersNewest');
    await listed;
    let starred = nextAction('star');
    await press('s');
    assert.equal((await starred).key, topicKey, 's stars the paper the writer was on');
    await shownWhen('the topic paper starred in the preview', () => cards().find(c => c.title === topic)?.status === 'starred');

    // Sorted for you again: the starred paper first in its day, then the next card is the bread paper.
    const again = probe.waitFor('rendered', m => m.source === source && m.titles[0] === topic, { fresh: true, timeoutMs: 30_000 });
    await vscode.commands.executeCommand('digestNotes.sortPapersForYou');
    const before = await again;
    assert.deepEqual(before.titles.slice(0, 3), [topic, bread, dismissedTitle]);
    await press('j');
    starred = nextAction('star');
    await press('s');
    assert.equal((await starred).key, breadKey, 'j went to the next paper shown');

    // The star changes the ranking (and would put the bread paper first of its starred ones), but
    // the cards hold the order they are shown in while the writer triages...
    const afterStar = await shownWhen(
      'the bread paper starred in the preview',
      () => cards().find(c => c.title === bread)?.status === 'starred',
    );
    assert.deepEqual(afterStar.titles, before.titles, 'the order held under the star');
    // ...so d dismisses the paper just starred, not the one that took its place.
    const dismissed = nextAction('dismiss');
    await press('d');
    assert.equal((await dismissed).key, breadKey, 'd acts on the paper the writer is on');
    const afterDismiss = await shownWhen(
      'the bread paper dismissed in the preview',
      () => cards().find(c => c.title === bread)?.status === 'dismissed',
    );
    assert.deepEqual(afterDismiss.titles, before.titles, 'the order held under the dismissal');
    await closeAllEditors();
  });

  it('Relevant to This Draft offers the papers like the draft first; Enter previews the first', async () => {
    await folder.openDraft('draft.md', 'How sparse autoencoder features form circuits in language models, and how to interpret them.|');
    let picked: string | undefined | null = null;
    void vscode.commands.executeCommand<string | undefined>('digestNotes.relevantToDraft').then(key => (picked = key));
    // Enter is ignored until the ranked papers are in the picker.
    const key = await waitFor(
      async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return picked ?? undefined;
      },
      { timeout: 30_000, interval: 300, message: 'a paper picked in Relevant to This Draft' },
    );
    const paper = await (await extensionApi()).workspace.paper(key);
    assert.ok(paper && INTERPRETABILITY.test(paper.title), `first offered: ${paper?.title ?? key}`);
  });
});
