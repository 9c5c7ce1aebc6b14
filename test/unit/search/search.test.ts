import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import type { Paper } from '../../../src/core/model';
import { PaperIndex } from '../../../src/core/search';
import { PostingsBatch, TermIndex } from '../../../src/core/search/termIndex';
import { distinctTerms, stem, termCounts, tokenize } from '../../../src/core/search/tokenize';
import { parseDigest } from '../../../src/core/digest/parser';
import { buildLibrary } from '../../../src/core/library/library';

function paper(key: string, title: string, abstract = ''): Paper {
  return { key, title, abstract, day: 'Mar 14', date: null, year: null, links: [], doi: null, occurrences: [] };
}

const PAPERS: Paper[] = [
  paper(
    'transcoders2024',
    'Transcoders Find Interpretable LLM Feature Circuits',
    'Sparse transcoders approximate MLP sublayers so that circuits through them can be analysed.',
  ),
  paper(
    'circuitsurvey',
    'A Survey of Electrical Circuit Simulation',
    'We review numerical methods for simulating analog circuits, with sparse matrix solvers.',
  ),
  paper(
    'saeattention',
    'Interpreting Attention Layer Outputs with Sparse Autoencoders',
    'Sparse autoencoders decompose attention outputs of transformers into interpretable features.',
  ),
  paper('gardening', 'Tomato Gardening for Beginners', 'Tomatoes need sun, water and patience. We also mention transcoders once, oddly.'),
  paper('videodiffusion', 'Video Diffusion Models at Scale', 'We train diffusion models that generate video from text prompts.'),
];

const keysOf = (hits: { key: string }[]) => hits.map(h => h.key);

function fixtureLibrary() {
  const path = join(__dirname, '..', '..', 'fixtures', 'hf-daily-papers-mar14.digest.txt');
  return buildLibrary([parseDigest(readFileSync(path, 'utf8'), path)]);
}

describe('tokenize', () => {
  it('lowercases, folds accents and drops function words and single characters', () => {
    assert.deepEqual(tokenize('The Schrödinger equation, a GPT-4 model of X'), ['schrodinger', 'equation', 'gpt', 'model']);
  });

  it('keeps repeats in tokenize, not in distinctTerms', () => {
    assert.deepEqual(tokenize('sparse models, sparse feature'), ['sparse', 'model', 'sparse', 'feature']);
    assert.deepEqual(distinctTerms('sparse models, sparse model'), ['sparse', 'model']);
    assert.equal(termCounts('sparse models, sparse features').get('sparse'), 2);
  });

  it('removes plural endings only', () => {
    assert.deepEqual(
      ['circuits', 'studies', 'processes', 'analysis', 'class', 'corpus', 'gas', 'llms', 'autoencoders', 'modeling'].map(stem),
      ['circuit', 'study', 'processe', 'analysis', 'class', 'corpus', 'gas', 'llm', 'autoencoder', 'modeling'],
    );
    assert.deepEqual(tokenize('Circuits'), tokenize('circuit'));
  });

  it('gives nothing for text without words', () => {
    assert.deepEqual(tokenize(' -- , ! '), []);
    assert.deepEqual(tokenize('the of and'), []);
  });
});

describe('PaperIndex.search', () => {
  const index = PaperIndex.build(PAPERS);

  it('ranks a title match above a paper that only mentions the word in its abstract', () => {
    const hits = index.search('transcoders');
    assert.deepEqual(keysOf(hits), ['transcoders2024', 'gardening']);
  });

  it('requires every word when some paper has them all', () => {
    assert.deepEqual(keysOf(index.search('sparse circuits')).sort(), ['circuitsurvey', 'transcoders2024']);
    assert.deepEqual(keysOf(index.search('interpretable circuits')), ['transcoders2024']);
  });

  it('falls back to any word when no paper has them all', () => {
    const keys = keysOf(index.search('tomato diffusion'));
    assert.deepEqual([...keys].sort(), ['gardening', 'videodiffusion']);
  });

  it('completes the word being typed and forgives a small typo', () => {
    assert.equal(index.search('transc')[0].key, 'transcoders2024');
    assert.equal(index.search('autoencodrs')[0].key, 'saeattention');
    assert.equal(index.search('diffusion vid')[0].key, 'videodiffusion');
  });

  it('finds a paper by its key', () => {
    assert.equal(index.search('saeattention')[0].key, 'saeattention');
  });

  it('returns the paper with each hit and honours the limit', () => {
    const [hit] = index.search('video', { limit: 1 });
    assert.equal(hit.paper, PAPERS[4]);
    assert.equal(hit.title, PAPERS[4].title);
    assert.ok(hit.score > 0);
    assert.equal(index.search('sparse', { limit: 2 }).length, 2);
    assert.equal(index.search('sparse').length, 3);
  });

  it('gives nothing for an empty or function-word query', () => {
    assert.deepEqual(index.search(''), []);
    assert.deepEqual(index.search('the of and'), []);
    assert.deepEqual(index.search('zzzzqqq'), []);
  });

  it('finds the transcoder paper first in the real digest', () => {
    const library = fixtureLibrary();
    const hits = PaperIndex.build(library.papers).search('transcoders circuits');
    assert.equal(hits[0].title, 'Transcoders Find Interpretable LLM Feature Circuits');
  });
});

describe('PaperIndex.search in a large library', () => {
  // More papers than COMMON_WORD_ABSTRACTS: every abstract says "model", so that word is matched
  // in titles and keys only, and still only adds to the score of the other words' matches.
  const filler = Array.from({ length: 2100 }, (_, i) =>
    paper(`filler${i}`, `Filler Study Number ${i}`, `A model of topic${i % 50} with results.`),
  );
  const special = [
    paper('modeltitle', 'Model Cards for Honest Reporting', 'A model card documents a model.'),
    paper('zebra', 'Counting Zebras from the Air', 'Our model counts zebras in aerial photographs.'),
    paper('zebramodel', 'A Zebra Model of Stripes', 'A model of how zebras grow stripes.'),
  ];
  const index = PaperIndex.build([...filler, ...special]);

  it('ranks papers with a common word in the title first', () => {
    const keys = keysOf(index.search('model', { limit: 5 }));
    assert.deepEqual(keys.slice(0, 2).sort(), ['modeltitle', 'zebramodel']);
    assert.equal(keys.length, 2, 'abstract-only mentions of so common a word do not count');
  });

  it('lets a common word add to the rarer words it comes with', () => {
    assert.deepEqual(keysOf(index.search('zebra model')), ['zebramodel', 'zebra']);
    assert.deepEqual(keysOf(index.search('model zebra')), ['zebramodel', 'zebra']);
  });
});

describe('PaperIndex related papers', () => {
  const index = PaperIndex.build(PAPERS);

  it('finds the closest paper and never the paper itself', () => {
    const keys = keysOf(index.related('transcoders2024'));
    assert.ok(!keys.includes('transcoders2024'));
    assert.ok(keys.includes('saeattention'), keys.join());
    assert.ok(!keys.includes('videodiffusion'), keys.join());
  });

  it('gives nothing for an unknown key', () => {
    assert.deepEqual(index.related('nosuchkey'), []);
  });

  it('matches a paragraph to the papers it is about', () => {
    const hits = index.relatedToText('Our draft paragraph: we generate short video clips with a diffusion model conditioned on text.');
    assert.equal(hits[0].key, 'videodiffusion');
    assert.deepEqual(index.relatedToText('the of and with'), []);
  });

  it('ranks the sparse autoencoder papers together in the real digest', () => {
    const library = fixtureLibrary();
    const sae = library.papers.find(p => p.title.startsWith('Interpreting Attention Layer Outputs'));
    assert.ok(sae);
    const related = PaperIndex.build(library.papers)
      .related(sae.key, 5)
      .map(h => h.title);
    assert.ok(
      related.some(t => /Sparse Autoencoder|Transcoders/.test(t)),
      related.join(' | '),
    );
  });
});

describe('PaperIndex.update', () => {
  it('adds, removes and re-indexes only what changed', () => {
    const index = PaperIndex.build(PAPERS);
    const renamed = paper('gardening', 'Growing Peppers on a Balcony', PAPERS[3].abstract);
    const sameContent = {
      ...PAPERS[0],
      occurrences: [{ path: 'b.digest', day: 'Mar 15', date: null, titleLine: 3, range: { start: 3, end: 5 } }],
    };
    const fresh = paper('newpaper', 'Quantum Error Correction with Surface Codes');
    const changes = index.update([sameContent, PAPERS[1], PAPERS[2], renamed, fresh]);
    assert.deepEqual(changes, { added: 1, removed: 1, changed: 1 });
    assert.equal(index.size, 5);
    assert.deepEqual(index.search('beginners'), []);
    assert.deepEqual(index.search('video'), []);
    assert.equal(index.search('peppers')[0].key, 'gardening');
    assert.equal(index.search('surface codes')[0].key, 'newpaper');
    assert.equal(index.search('transcoders')[0].paper, sameContent);
  });

  it('follows a key change', () => {
    const index = PaperIndex.build(PAPERS);
    index.update([{ ...PAPERS[0], key: 'transcoders2024a' }, ...PAPERS.slice(1)]);
    assert.equal(index.search('transcoders')[0].key, 'transcoders2024a');
    assert.deepEqual(index.related('transcoders2024'), []);
  });

  it('matches a fresh build for any sequence of edits', () => {
    const titles = ['Sparse Circuits', 'Video Diffusion', 'Tomato Growing', 'Sparse Video', 'Circuit Tomato', 'Graph Networks'];
    const paperArb = fc.record({
      key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      title: fc.constantFrom(...titles),
      abstract: fc.constantFrom('', 'sparse video models', 'tomato graph circuits', 'networks of diffusion'),
    });
    const versions = fc.array(fc.uniqueArray(paperArb, { selector: p => p.key, maxLength: 6 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(versions, lists => {
        const index = PaperIndex.build<Paper>([]);
        for (const list of lists) index.update(list.map(p => paper(p.key, p.title, p.abstract)));
        const last = lists[lists.length - 1].map(p => paper(p.key, p.title, p.abstract));
        const fresh = PaperIndex.build(last);
        for (const query of ['sparse', 'video', 'tomato circuits', 'graph', 'networks diffusion']) {
          assert.deepEqual(keysOf(index.search(query)).sort(), keysOf(fresh.search(query)).sort(), query);
        }
        assert.equal(index.size, fresh.size);
      }),
    );
  });
});

describe('PaperIndex cache', () => {
  it('restores from JSON with the same results', () => {
    const index = PaperIndex.build(PAPERS);
    const restored = PaperIndex.fromJSON(JSON.parse(JSON.stringify(index)), PAPERS);
    for (const query of ['transcoders', 'sparse circuits', 'vid', 'autoencodrs']) {
      assert.deepEqual(restored.search(query), index.search(query));
    }
    assert.deepEqual(keysOf(restored.related('saeattention')), keysOf(index.related('saeattention')));
  });

  it('re-indexes papers that changed since the cache was written', () => {
    const json = JSON.parse(JSON.stringify(PaperIndex.build(PAPERS)));
    const edited = [paper('transcoders2024', 'Crosscoders Replace Transcoders'), ...PAPERS.slice(1, 4)];
    const restored = PaperIndex.fromJSON(json, edited);
    assert.equal(restored.size, 4);
    assert.equal(restored.search('crosscoders')[0].key, 'transcoders2024');
    assert.deepEqual(restored.search('video'), []);
    assert.deepEqual(keysOf(restored.search('sparse')).sort(), keysOf(PaperIndex.build(edited).search('sparse')).sort());
  });

  it('restores in the background, and completes a cache written while abstracts were still going in', async () => {
    const many = Array.from({ length: 300 }, (_, i) => paper(`m${i}`, `Title number ${i}`, `abstract about topic${i} and things`));
    let early: unknown;
    const built = await PaperIndex.buildInBackground(many, {
      sliceMs: 1,
      onTitlesReady: index => (early = JSON.parse(JSON.stringify(index))),
    });
    const restored = await PaperIndex.fromJSONInBackground(early, many, { sliceMs: 1 });
    assert.ok(restored.isComplete);
    assert.deepEqual(keysOf(restored.search('topic17 things')), ['m17']);
    assert.deepEqual(keysOf(restored.search('title number')).sort(), keysOf(built.search('title number')).sort());
  });

  it('leaves out of the cache papers removed from the index', () => {
    const index = PaperIndex.build(PAPERS);
    index.update(PAPERS.slice(1));
    const restored = PaperIndex.fromJSON(JSON.parse(JSON.stringify(index)), PAPERS.slice(1));
    assert.equal(restored.size, 4);
    assert.deepEqual(keysOf(restored.search('transcoders')), ['gardening']);
  });

  it('rejects what is not a cache', () => {
    assert.throws(() => PaperIndex.fromJSON({ hello: 1 }, PAPERS), /not a Digest Notes search cache/);
    assert.throws(() => PaperIndex.fromJSON(null, PAPERS), /not a Digest Notes search cache/);
    const json = JSON.parse(JSON.stringify(PaperIndex.build(PAPERS)));
    assert.throws(() => PaperIndex.fromJSON({ ...json, version: 99 }, PAPERS), /version/);
    assert.throws(() => PaperIndex.fromJSON({ ...json, papers: [[1, 2, 3]] }, PAPERS), /damaged/);
    assert.throws(() => PaperIndex.fromJSON({ ...json, postings: { nonsense: true } }, PAPERS), /damaged/);
    assert.throws(() => PaperIndex.fromJSON({ ...json, postings: [['term', 0, [99]]] }, PAPERS), /damaged/);
    assert.throws(() => PaperIndex.fromJSON({ ...json, papers: [...json.papers, json.papers[0]] }, PAPERS), /damaged/);
  });
});

describe('PaperIndex.buildInBackground', () => {
  const many = Array.from({ length: 400 }, (_, i) =>
    paper(
      `p${i}`,
      `Paper ${i} about ${['sparse circuits', 'video diffusion', 'tomato growing'][i % 3]}`,
      `Abstract ${i} on ${['graphs', 'speech', 'proteins'][i % 3]} with word${i} and many filler terms `.repeat(8),
    ),
  );

  it('builds the same index as build', async () => {
    const background = await PaperIndex.buildInBackground(many, { sliceMs: 1 });
    const direct = PaperIndex.build(many);
    assert.ok(background.isComplete);
    for (const query of ['sparse circuits', 'proteins', 'word17', 'vid']) {
      assert.deepEqual(keysOf(background.search(query)), keysOf(direct.search(query)), query);
    }
  });

  it('makes titles searchable first, reports progress and yields to the event loop', async () => {
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 0);
    let atTitles: { title: number; abstract: number; complete: boolean } | undefined;
    const progress: number[] = [];
    try {
      await PaperIndex.buildInBackground(many, {
        sliceMs: 1,
        onTitlesReady: index => {
          atTitles = {
            title: index.search('tomato', { limit: 1000 }).length,
            abstract: index.search('proteins').length,
            complete: index.isComplete,
          };
        },
        onProgress: (done, total) => {
          assert.equal(total, many.length);
          progress.push(done);
        },
      });
    } finally {
      clearInterval(ticker);
    }
    assert.deepEqual(atTitles, { title: 133, abstract: 0, complete: false });
    assert.equal(progress[0], 0);
    assert.equal(progress[progress.length - 1], many.length);
    assert.equal(progress.filter(done => done === many.length).length, 1, 'the whole is reported once (the log says "complete" once)');
    assert.ok(progress.length > 2, 'several slices');
    assert.ok(ticks > 0, 'timers ran while indexing');
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const build = PaperIndex.buildInBackground(many, { sliceMs: 1, signal: controller.signal });
    controller.abort(new Error('stopped'));
    await assert.rejects(build, /stopped/);
  });

  it('keeps an update made while abstracts are still being added', async () => {
    const replaced = paper('p0', 'Completely New Title', 'fresh abstract words');
    const index = await PaperIndex.buildInBackground(many, {
      sliceMs: 1,
      onTitlesReady: early => early.update([replaced, ...many.slice(1)]),
    });
    assert.equal(index.search('completely new')[0].key, 'p0');
    assert.equal(index.search('fresh abstract')[0].key, 'p0');
    assert.ok(!keysOf(index.search('filler', { limit: 1000 })).includes('p0'));
    assert.equal(index.search('filler', { limit: 1000 }).length, many.length - 1);
  });
});

describe('TermIndex bulk additions', () => {
  it('build the same index as MiniSearch.add', () => {
    const papers = [...fixtureLibrary().papers, paper('repeats', 'Learning to Learn Learning Rates', 'Learn to learn: learning rates.')];
    const options = {
      idField: 'key',
      fields: ['title', 'key', 'abstract'],
      tokenize: (text: string, field?: string) => (field === 'abstract' ? distinctTerms(text) : tokenize(text)),
      processTerm: (term: string) => term,
    };
    const plain = new MiniSearch<Paper>(options);
    plain.addAll(papers);
    const bulk = new TermIndex<Paper>(options);
    const batches = [new PostingsBatch('title'), new PostingsBatch('key'), new PostingsBatch('abstract')];
    for (const p of papers) {
      const id = bulk.registerDocument(p.key);
      bulk.collect(id, batches[0], tokenize(p.title));
      bulk.collect(id, batches[1], tokenize(p.key));
      bulk.collect(id, batches[2], distinctTerms(p.abstract));
    }
    // Abstracts first: the order of flushes must not matter.
    for (const batch of batches.reverse()) bulk.flush(batch);
    bulk.refreshAverages();
    assert.equal(bulk.termCount, plain.termCount);
    assert.equal(bulk.documentCount, plain.documentCount);
    for (const query of ['sparse autoencoders', 'covariance', 'video summarization', 'learn', 'learning rates']) {
      const search = { prefix: true, fuzzy: 0.2, boost: { title: 3 } };
      const expected = plain.search(query, search).map(r => [r.id, r.score.toFixed(9)]);
      const actual = bulk.search(query, search).map(r => [r.id, r.score.toFixed(9)]);
      assert.ok(expected.length > 0);
      assert.deepEqual(actual, expected, query);
    }
  });
});
