import assert from 'node:assert/strict';
import { parseDigest } from '../../../src/core/digest/parser';
import { buildCards, entryAtLine } from '../../../src/vscode/preview/cards';
import { SEED_LINES, SEED_TEXT, seedBlocks, seedPairs } from '../helpers/seed';

describe('preview cards', () => {
  const seed = parseDigest(SEED_TEXT, 'file:///ws/hf-daily-papers-mar14.digest.txt');

  it('makes one card per entry of the seed, in file order, with the key the library gives', () => {
    const keyOf = (title: string) => ({ key: `k${title.length}` });
    const cards = buildCards(seed, keyOf);
    assert.equal(cards.length, 61);
    assert.deepEqual(
      cards.map(c => c.title),
      seedPairs().map(p => p.title),
    );
    cards.forEach((card, i) => {
      assert.equal(card.key, keyOf(card.title).key);
      assert.equal(card.day, 'Mar 14');
      assert.equal(card.abstract, seedPairs()[i].abstract);
      assert.equal(SEED_LINES[card.line], card.title, 'line is the title line');
    });
    const sepclr = cards.find(c => c.title.startsWith('Separating common'));
    assert.deepEqual(
      sepclr?.links.map(l => l.url),
      ['https://github.com/neurospin-projects/2024_rlouiset_sep_clr'],
    );
  });

  it("sorted for you: each day's ranked papers first, best first, each saying why; the days stay newest first", () => {
    const text = [
      '2031-01-06',
      '',
      'Old Liked',
      '',
      'a.',
      '',
      'Old Ranked',
      '',
      'b.',
      '',
      '2031-01-07',
      '',
      'New Unranked',
      '',
      'c.',
      '',
      'New Second',
      '',
      'd.',
      '',
      'New Best',
      '',
      'e.',
      '',
    ].join('\n');
    const keyOf = (title: string) => ({ key: title.toLowerCase().replace(/ /g, '') });
    const ranking = new Map([
      ['newbest', { score: 0.9, why: ['because of: sparse'] }],
      ['newsecond', { score: -0.2, why: ['like: Old Liked'] }],
      ['oldranked', { score: 0.1, why: ['because of: circuits'] }],
    ]);
    const cards = buildCards(parseDigest(text, 'x.digest'), keyOf, undefined, ranking);
    assert.deepEqual(
      cards.map(c => c.title),
      ['New Best', 'New Second', 'New Unranked', 'Old Ranked', 'Old Liked'],
    );
    assert.deepEqual(cards[0].why, ['because of: sparse']);
    assert.equal(cards[2].why, undefined, 'an unranked card says nothing');
    assert.deepEqual(
      buildCards(parseDigest(text, 'x.digest'), keyOf).map(c => c.title),
      ['New Unranked', 'New Second', 'New Best', 'Old Liked', 'Old Ranked'],
      'without a ranking, as listed',
    );
  });

  describe('sorted for you while the writer triages', () => {
    const text = ['2031-01-07', '', 'Unranked', '', 'a.', '', 'Second', '', 'b.', '', 'Best', '', 'c.', ''].join('\n');
    const keyOf = (title: string) => ({ key: title.toLowerCase() });
    const ranking = new Map([
      ['best', { score: 0.9, why: ['because of: sparse'] }],
      ['second', { score: 0.2, why: ['because of: circuits'] }],
    ]);

    it("puts the day's starred papers first, then the ranked ones", () => {
      const status = (paper: { title: string }) => (paper.title === 'Unranked' ? 'starred' : 'unread');
      assert.deepEqual(
        buildCards(parseDigest(text, 'x.digest'), keyOf, status, ranking).map(c => c.title),
        ['Unranked', 'Best', 'Second'],
      );
    });

    it('keeps the order shown when a star changes the ranking, and orders afresh when the entries changed', () => {
      const digest = parseDigest(text, 'x.digest');
      const shown = buildCards(digest, keyOf, undefined, ranking);
      assert.deepEqual(
        shown.map(c => c.title),
        ['Best', 'Second', 'Unranked'],
      );
      const starred = (paper: { title: string }) => (paper.title === 'Second' ? 'starred' : 'unread');
      const reranked = new Map([
        ['best', { score: 0.1, why: [] }],
        ['unranked', { score: 0.5, why: ['like: Second'] }],
      ]);
      const kept = buildCards(
        digest,
        keyOf,
        starred,
        reranked,
        shown.map(c => c.line),
      );
      assert.deepEqual(
        kept.map(c => c.title),
        ['Best', 'Second', 'Unranked'],
        'the order shown',
      );
      assert.equal(kept[1].status, 'starred', 'the new state shows');
      assert.deepEqual(kept[2].why, ['like: Second'], 'and the new why');
      assert.deepEqual(
        buildCards(digest, keyOf, starred, reranked).map(c => c.title),
        ['Second', 'Unranked', 'Best'],
        'asked afresh, the new order',
      );
      const edited = parseDigest(text + '\nAdded\n\nd.\n', 'x.digest');
      assert.deepEqual(
        buildCards(
          edited,
          keyOf,
          starred,
          reranked,
          shown.map(c => c.line),
        ).map(c => c.title),
        ['Second', 'Unranked', 'Best', 'Added'],
        'another entry: the kept order no longer fits',
      );
    });
  });

  it('leaves the key empty when the library has none for a title', () => {
    const cards = buildCards(seed, () => undefined);
    assert.ok(cards.every(c => c.key === ''));
  });

  it('adds a doi.org link for a DOI the abstract names without linking it', () => {
    const text = 'Mar 14\n\nA Paper With a DOI\n\nWe study things (doi: 10.1234/abc.5678). More text here.\n';
    const [card] = buildCards(parseDigest(text, 'x.digest'), () => ({ key: 'k' }));
    assert.ok(
      card.links.some(l => l.kind === 'doi' && l.url === 'https://doi.org/10.1234/abc.5678'),
      JSON.stringify(card.links),
    );
  });

  it('maps title, abstract and trailing blank lines to their entry, and the header and day line to none', () => {
    const dayLine = SEED_LINES.indexOf('Mar 14');
    const [first, second] = seed.entries;
    assert.equal(entryAtLine(seed, 0), undefined, 'header boilerplate');
    assert.equal(entryAtLine(seed, dayLine), undefined, 'day line');
    assert.equal(entryAtLine(seed, first.titleLine), first);
    assert.equal(entryAtLine(seed, first.range.end), first, 'abstract');
    assert.equal(entryAtLine(seed, first.range.end + 1), first, 'blank line after the abstract');
    assert.equal(entryAtLine(seed, second.titleLine), second);
    const last = seed.entries[seed.entries.length - 1];
    assert.equal(entryAtLine(seed, SEED_LINES.length + 5), last, 'past the end reads as the last entry');
  });

  it('does not carry an entry across the next day line', () => {
    const text = `Mar 14\n\n${seedBlocks(0, 2)}\n\nMar 15\n\n${seedBlocks(2, 3)}\n`;
    const digest = parseDigest(text, 'two-days.digest');
    const lines = text.split('\n');
    const secondDay = lines.indexOf('Mar 15');
    assert.equal(digest.entries.length, 3);
    assert.equal(entryAtLine(digest, secondDay - 1), digest.entries[1], 'blank line before the next day');
    assert.equal(entryAtLine(digest, secondDay), undefined);
    assert.equal(entryAtLine(digest, secondDay + 1), undefined, 'between the day line and its first entry');
    assert.equal(entryAtLine(digest, secondDay + 2), digest.entries[2]);
  });
});
