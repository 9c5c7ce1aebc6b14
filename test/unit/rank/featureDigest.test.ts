import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import type { RankDocument } from '../../../src/core/rank/document';
import { buildFeatureStore, type FeatureOptions, type FeatureStore } from '../../../src/core/rank/features';
import { trainLinearSvm, type Example } from '../../../src/core/rank/svm';
import { seeded } from '../../../src/core/util/random';

// The feature store's exact output (columns, values, names, idf) on a fixed corpus, and a model
// fitted on it, recorded before the store and the solver were made faster: a speed-up must not
// change a single bit of either, or the rankings (and the bench's MAP) would move. The corpus is
// generated from a seed, so it needs no data file; its text has what real digests have: capitals,
// accents, non-Latin scripts, digits, `_`, punctuation, function words, long author lists, and
// letters whose lower case is ASCII only after folding (`İ`, the Kelvin sign).

const SYLLABLES = [
  'spar',
  'se',
  'auto',
  'en',
  'cod',
  'er',
  'trans',
  'form',
  'lat',
  'ent',
  'dif',
  'fu',
  'sion',
  'gra',
  'ph',
  'ne',
  'ur',
  'al',
];
const TRICKY = [
  'Schrödinger',
  'Müller',
  'ÉCOLE',
  'naïve',
  'façade',
  'İstanbul',
  '\u212Aelvin',
  'straße',
  'ﬁnetuning',
  'αβγ',
  '注意力',
  'GPT-4',
  'Llama3',
  '70B',
  '3D',
  'x_2',
  '_private',
  'a1b2',
  'Q&A',
  'e.g.',
  'O(n)',
  'k-means',
  'the',
  'of',
  'a',
  'Is',
  'TheWorld',
];
const NAMES = [
  'José Müller',
  'Ørjan Ødegård',
  'Łukasz Kaiser',
  'Zoë Li',
  'İlker Aydın',
  '李 明',
  "Jean-Pierre O'Neil",
  'Ada Lovelace',
  'Neel Nanda',
];
const SEPARATORS = [' ', ' ', ' ', ' ', ', ', '-', '. ', ' (', ') ', '/', '\n', ': ', '—'];
const CATEGORIES = ['cs.LG', 'cs.CL', 'cs.AI', 'stat.ML', 'cs.CV'];

function corpus(size: number): RankDocument[] {
  const random = seeded(20);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const vocabulary: string[] = [];
  while (vocabulary.length < 1000) {
    const length = 1 + Math.floor(random() * 3);
    vocabulary.push(Array.from({ length }, () => pick(SYLLABLES)).join(''));
  }
  // Among the middling words: the most frequent ones are cut by the document-frequency bound.
  TRICKY.forEach((text, i) => (vocabulary[400 + 20 * i] = text));
  const word = () => {
    const text = vocabulary[Math.floor(vocabulary.length * random() ** 2)];
    const shape = random();
    return shape < 0.1 ? text.toUpperCase() : shape < 0.3 ? text[0].toUpperCase() + text.slice(1) : text;
  };
  const text = (words: number) => Array.from({ length: words }, () => word() + pick(SEPARATORS)).join('');
  return Array.from({ length: size }, (_, i) => ({
    key: `p${i}`,
    title: (random() < 0.2 ? `${word()}: ` : '') + text(3 + Math.floor(random() * 10)),
    abstract: random() < 0.05 ? '' : text(20 + Math.floor(random() * 100)),
    authors: Array.from({ length: Math.floor(random() ** 3 * 25) }, () => pick(NAMES)),
    categories: Array.from({ length: Math.floor(random() * 3) }, () => pick(CATEGORIES)),
    links: random() < 0.3 ? [{ url: random() < 0.5 ? 'https://github.com/x/y' : 'https://huggingface.co/x', kind: 'code' as const }] : [],
    date: null,
  }));
}

function digest(store: FeatureStore): string {
  const hash = createHash('sha256');
  for (const array of [store.rows.starts, store.rows.columns, store.rows.values, store.idf]) {
    hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
  hash.update(JSON.stringify([store.columnNames, store.termColumns, store.signalLabels, [...store.termColumn], [...store.rowOf]]));
  return hash.digest('hex');
}

const RECORDED: readonly { readonly options: FeatureOptions; readonly digest: string }[] = [
  { options: {}, digest: 'f423db1515bf3894dca4a570768df713ec57987221a613ae2adf4ea96f83c63a' },
  { options: { signals: false }, digest: '2fe27170035d2fba2152ba52352dadaa12030bdc2d9bc74676e1ecb1160a0084' },
  { options: { maxTerms: 150 }, digest: '0f897c82f150405be8f4078f23bc55e6a828943fa08745047aa813f04c99a20a' },
  { options: { minDf: 1, maxDfShare: 1 }, digest: '4227dbfd1cdf806777068e9845fb52e285b34661e80be124279f5f13582149dc' },
];

describe('rank feature store, bit for bit', () => {
  const documents = corpus(400);

  it('reads the corpus as expected (the digests below are not of an empty store)', () => {
    const store = buildFeatureStore(documents);
    assert.ok(store.termColumns > 300, `${store.termColumns} term columns`);
    for (const term of ['schrodinger', 'ecole', 'naive', 'istanbul', 'kelvin', 'finetuning', 'llama3', 'x_2', '_private']) {
      assert.ok(store.termColumn.has(term), term);
    }
    assert.ok(!store.termColumn.has('the') && !store.termColumn.has('70b'));
  });

  for (const { options, digest: recorded } of RECORDED) {
    it(`gives the recorded store with ${JSON.stringify(options)}`, () => {
      assert.equal(digest(buildFeatureStore(documents, options)), recorded);
    });
  }

  it('fits the recorded model on it (the solver made faster, not different)', () => {
    const store = buildFeatureStore(documents);
    const random = seeded(3);
    const examples: Example[] = documents.map((document, row) => ({
      row,
      label: /schr|kelvin|sparse/i.test(document.title) ? 1 : -1,
      ...(random() < 0.05 ? { weight: 3 } : {}),
    }));
    const model = trainLinearSvm(store.rows, store.columnNames.length, examples, { c: 0.1 });
    const hash = createHash('sha256').update(new Uint8Array(model.weights.buffer)).update(`${model.bias} ${model.epochs}`);
    assert.ok(model.epochs > 1 && examples.some(e => e.label === 1));
    assert.equal(hash.digest('hex'), 'd1c0ad390c227f0deb02ffad1cf94a0c66a2191fc76366b9515b17c49febb197');
  });
});
