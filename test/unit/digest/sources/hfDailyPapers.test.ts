import assert from 'node:assert/strict';
import { hfDailyPapersSteps } from '../../../../src/core/digest/sources/hfDailyPapers';
import type { DigestEntry, ParsedDigest } from '../../../../src/core/model';
import { completeNow } from '../../../../src/core/util/slices';
import { fixture } from './mailFixtures';

const parseHf = (text: string, path = '/ws/hf.json'): ParsedDigest => completeNow(hfDailyPapersSteps(text, path));

const SAMPLE = fixture('hf-daily-papers.json');
/** The sample as JSON.parse reads it: the oracle the reader is compared with. */
const ITEMS = JSON.parse(SAMPLE) as Array<{
  paper: {
    id: string;
    title: string;
    summary: string;
    authors: Array<{ name: string; hidden: boolean }>;
    publishedAt: string;
    submittedOnDailyAt: string;
    githubRepo?: string;
    projectPage?: string;
  };
}>;
const parsed = parseHf(SAMPLE);

function byId(digest: ParsedDigest, id: string): DigestEntry {
  const entry = digest.entries.find(e => e.metadata?.arxiv === id);
  assert.ok(entry, id);
  return entry;
}

/** A small hand-made answer, pretty-printed, with the given papers. */
function answer(papers: object[]): string {
  return JSON.stringify(
    papers.map(paper => ({ paper, publishedAt: '2024-03-13T20:00:00.000Z', title: (paper as { title?: string }).title })),
    null,
    2,
  );
}

const PAPER = {
  id: '2406.11944',
  authors: [
    { _id: 'a', name: 'Jacob Dunefsky', hidden: false },
    { _id: 'b', name: 'Philippe Chlenski', hidden: true },
    { _id: 'c', name: 'Neel Nanda', hidden: false },
  ],
  publishedAt: '2024-06-17T00:00:00.000Z',
  submittedOnDailyAt: '2024-06-18T00:00:00.000Z',
  title: 'Transcoders Find Interpretable LLM Feature Circuits',
  summary: 'A key goal in mechanistic interpretability is circuit analysis.',
  githubRepo: 'https://github.com/jacobdunefsky/transcoder_circuits',
};

describe('Hugging Face daily-papers JSON', () => {
  it('reads every item of the real answer, under its featured day', () => {
    assert.equal(parsed.entries.length, ITEMS.length);
    assert.equal(parsed.entries.length, 30);
    assert.deepEqual(
      parsed.entries.map(e => e.metadata?.arxiv),
      ITEMS.map(item => item.paper.id),
    );
    assert.deepEqual(
      parsed.entries.map(e => e.title),
      ITEMS.map(item => item.paper.title.trim()),
    );
    assert.deepEqual(
      parsed.days.map(d => [d.label, d.date, d.entries.length]),
      [['2026-06-12', '2026-06-12', 30]],
    );
    assert.deepEqual(parsed.diagnostics, []);
  });

  it('reads authors, dates, summary and landing page exactly', () => {
    const entry = byId(parsed, '2606.00467');
    assert.deepEqual(entry.metadata?.authors, [
      { literal: 'Etienne Casanova', family: 'Casanova', given: 'Etienne' },
      { literal: 'Rafal Kocielnik', family: 'Kocielnik', given: 'Rafal' },
      { literal: 'R. Michael Alvarez', family: 'Alvarez', given: 'R. Michael' },
    ]);
    assert.equal(entry.metadata?.published, '2026-05-30');
    assert.equal(entry.metadata?.url, 'https://arxiv.org/abs/2606.00467');
    assert.equal(entry.metadata?.source, 'huggingface');
    assert.equal(entry.abstract, ITEMS[0].paper.summary.replace(/\s+/g, ' ').trim());
    assert.equal(entry.year, 2026);
  });

  it('gives every author in order, hidden ones too', () => {
    for (const [i, entry] of parsed.entries.entries()) {
      assert.deepEqual(
        entry.metadata?.authors?.map(a => a.literal),
        ITEMS[i].paper.authors.map(a => a.name.trim()),
      );
    }
    const hidden = ITEMS.flatMap(item => item.paper.authors.filter(a => a.hidden).map(a => [item.paper.id, a.name]));
    assert.deepEqual(hidden, [['2606.12575', 'Dengyang Jiang']]);
    assert.ok(byId(parsed, '2606.12575').metadata?.authors?.some(a => a.literal === 'Dengyang Jiang'));
  });

  it('makes githubRepo a code link and projectPage a project link, never the landing page', () => {
    for (const [i, entry] of parsed.entries.entries()) {
      const { githubRepo, projectPage } = ITEMS[i].paper;
      if (githubRepo)
        assert.deepEqual(
          entry.links.find(l => l.url === githubRepo),
          { url: githubRepo, kind: 'code' },
        );
      if (projectPage)
        assert.deepEqual(
          entry.links.find(l => l.url === projectPage),
          { url: projectPage, kind: 'project' },
        );
      assert.ok(!entry.links.some(l => l.url.includes('huggingface.co/papers') || l.url.includes('arxiv.org/abs')));
    }
    // The source's own links come first, before those found in the summary.
    const own = (i: number) => [ITEMS[i].paper.githubRepo, ITEMS[i].paper.projectPage].filter(url => url !== undefined);
    assert.ok(parsed.entries.every((e, i) => e.links.slice(0, own(i).length).every(l => own(i).includes(l.url))));
    assert.ok(parsed.entries.filter((e, i) => own(i).length > 0).length >= 20);
  });

  it('points each item at the line of its title in a pretty-printed file', () => {
    const pretty = JSON.stringify(ITEMS, null, 2);
    const lines = pretty.split('\n');
    const result = parseHf(pretty);
    for (const entry of result.entries) {
      assert.equal(lines[entry.titleLine].trim(), `"title": ${JSON.stringify(entry.title)},`);
      assert.match(lines[entry.abstractRange!.start], /^\s*"summary": /);
    }
    const titleLines = result.entries.map(e => e.titleLine);
    assert.deepEqual(
      [...titleLines].sort((a, b) => a - b),
      titleLines,
      'in file order',
    );
    assert.equal(new Set(titleLines).size, titleLines.length);
  });

  it('finds titles written with \\u escapes (as Python writes JSON)', () => {
    const escaped = JSON.stringify(
      [{ paper: { ...PAPER, title: 'Schrödinger Bridges' } }, { paper: { ...PAPER, id: '2406.00001', title: 'Ünïcode Twice' } }],
      null,
      1,
    ).replace(/[\u007f-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const result = parseHf(escaped);
    const lines = escaped.split('\n');
    assert.deepEqual(
      result.entries.map(e => e.title),
      ['Schrödinger Bridges', 'Ünïcode Twice'],
    );
    for (const entry of result.entries) assert.match(lines[entry.titleLine], /"title"/);
  });

  it('keeps a name the name parser cannot split as a literal (it throws on "DC")', () => {
    const result = parseHf(
      answer([
        {
          ...PAPER,
          authors: [
            { name: 'DC', hidden: false },
            { name: 'Neel Nanda', hidden: false },
          ],
        },
      ]),
    );
    assert.deepEqual(result.entries[0].metadata?.authors, [{ literal: 'DC' }, { literal: 'Neel Nanda', family: 'Nanda', given: 'Neel' }]);
  });

  it('reads the single paper object of /api/papers/{id}', () => {
    const result = parseHf(JSON.stringify(PAPER, null, 2));
    assert.equal(result.entries.length, 1);
    const [entry] = result.entries;
    assert.deepEqual(
      entry.metadata?.authors?.map(a => a.literal),
      ['Jacob Dunefsky', 'Philippe Chlenski', 'Neel Nanda'],
    );
    assert.equal(entry.date, '2024-06-18');
    assert.equal(entry.metadata?.arxiv, '2406.11944');
  });

  it('accepts missing optional fields and reports missing summary, id and day', () => {
    const bare = { title: 'A Paper With Little Else', authors: [], publishedAt: 'not a date' };
    const result = parseHf(answer([bare]).replace(/"publishedAt": "2024-03-13T20:00:00.000Z"/, '"x": 1'));
    assert.equal(result.entries.length, 1);
    const [entry] = result.entries;
    assert.equal(entry.abstract, '');
    assert.equal(entry.links.length, 0);
    assert.equal(entry.metadata?.authors, undefined);
    assert.equal(entry.metadata?.arxiv, undefined);
    assert.equal(entry.date, null);
    const messages = result.diagnostics.map(d => d.message).join('\n');
    assert.match(messages, /no summary/);
    assert.match(messages, /no arXiv id/);
    assert.match(messages, /no featured day/);
  });

  it('falls back to the item publishedAt for the day when no submittedOnDailyAt is given', () => {
    const { submittedOnDailyAt: _dropped, ...withoutDay } = PAPER;
    const result = parseHf(answer([withoutDay]));
    assert.equal(result.entries[0].date, '2024-03-13');
  });

  it('reports a cut file and reads no papers from it, without throwing', () => {
    const cut = SAMPLE.slice(0, Math.floor(SAMPLE.length / 2));
    const result = parseHf(cut);
    assert.equal(result.entries.length, 0);
    const error = result.diagnostics.find(d => d.severity === 'error');
    assert.match(error?.message ?? '', /Not readable as JSON/);
    const prettyCut = JSON.stringify(ITEMS, null, 2);
    const cutPretty = parseHf(prettyCut.slice(0, prettyCut.length / 2));
    const cutError = cutPretty.diagnostics.find(d => d.severity === 'error');
    assert.equal(cutError?.line, cutPretty.lineCount - 1, 'the error stands where the text stops');
  });

  it('skips items that are not papers, with a diagnostic', () => {
    const result = parseHf(JSON.stringify([3, { paper: PAPER }, { paper: { id: '2406.1' } }]));
    assert.equal(result.entries.length, 1);
    assert.equal(result.diagnostics.filter(d => d.severity === 'warning').length, 2);
  });
});
