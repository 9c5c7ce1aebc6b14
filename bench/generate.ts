/**
 * Synthetic digests for the benchmark: the seed format at any size, with word frequencies close
 * enough to real abstracts (a Zipf-like distribution over a large vocabulary, function words at the
 * top) that tokenising, indexing and querying cost what they would on real data. Deterministic for
 * a given seed, so runs compare.
 */

import { seeded } from '../src/core/util/random';

/** Small, fast, seedable PRNG (mulberry32): the core's. */
export const createRandom = seeded;

// The most frequent words of English abstracts, most frequent first.
const FUNCTION_WORDS = (
  'the of and to in a is we that for on with this as by are an be our from which it can these ' +
  'both than at or has have not such their also its into between while more over only each other ' +
  'however when but through two three using based all new most well via they been without'
).split(' ');

// Content words of machine-learning abstracts, roughly by frequency.
const CONTENT_WORDS = (
  'model models learning language data performance method results training task tasks large ' +
  'approach neural network networks show propose methods existing paper generation image work ' +
  'framework information quality state art benchmark dataset datasets video text reasoning ' +
  'evaluation propose novel efficient diffusion visual knowledge code previous human agents ' +
  'multimodal representation representations features feature attention transformer llms llm ' +
  'inference fine tuning alignment reward policy reinforcement agent robot control planning ' +
  'retrieval generation generative understanding vision scene depth motion segmentation ' +
  'detection tracking synthesis rendering gaussian splatting radiance fields geometry mesh ' +
  'point cloud pretraining instruction prompts prompt context window memory compute scaling ' +
  'laws sparse dense mixture experts routing tokens token vocabulary embedding embeddings ' +
  'encoder decoder autoregressive latent space sampling noise denoising score matching flow ' +
  'optimization gradient descent convergence theory analysis empirical experiments ablation ' +
  'baseline baselines accuracy robustness safety bias fairness privacy interpretability ' +
  'mechanistic circuits neurons probing steering editing unlearning hallucination factuality ' +
  'evaluation metrics human preference feedback distillation compression quantization pruning ' +
  'speech audio music speaker recognition translation multilingual summarization dialogue ' +
  'question answering mathematical theorem proving program synthesis software engineering ' +
  'medical clinical biology protein molecule chemistry materials physics climate weather ' +
  'graph graphs node temporal spatial structure structured unstructured causal counterfactual ' +
  'uncertainty calibration bayesian probabilistic kernel regression classification clustering ' +
  'contrastive self supervised semi weakly zero shot few transfer domain adaptation ' +
  'generalization distribution shift adversarial attack defense watermark detection ' +
  'simulation environment environments navigation manipulation humanoid locomotion'
).split(' ');

const ONSETS = [
  'b',
  'c',
  'd',
  'f',
  'g',
  'h',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'z',
  'br',
  'cr',
  'st',
  'tr',
  'pl',
  'sh',
  'th',
  'qu',
];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'io', 'ou', 'y'];
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 't', 'x', 'nd', 'rk', 'st'];

/** Words built from syllables, unique, to stand in for the long tail of a real vocabulary. */
function syntheticWords(count: number, random: () => number, taken: Set<string>): string[] {
  const words: string[] = [];
  while (words.length < count) {
    const syllables = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < syllables; i++) {
      word += pick(ONSETS, random) + pick(NUCLEI, random) + (i === syllables - 1 ? pick(CODAS, random) : '');
    }
    if (!taken.has(word)) {
      taken.add(word);
      words.push(word);
    }
  }
  return words;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

/** Draws ranks 0..n-1 with probability proportional to 1/(rank+offset)^exponent. */
class ZipfSampler {
  private readonly cumulative: Float64Array;

  constructor(
    size: number,
    exponent: number,
    offset: number,
    private readonly random: () => number,
  ) {
    this.cumulative = new Float64Array(size);
    let sum = 0;
    for (let rank = 0; rank < size; rank++) {
      sum += 1 / Math.pow(rank + offset, exponent);
      this.cumulative[rank] = sum;
    }
  }

  next(): number {
    const target = this.random() * this.cumulative[this.cumulative.length - 1];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

export interface SyntheticOptions {
  readonly papers: number;
  readonly seed?: number;
  /** Papers per day section; default 50 (a busy day on the real page). */
  readonly papersPerDay?: number;
  /** Share of papers listed a second time on a later day; default 0.02. */
  readonly repeatRate?: number;
}

export interface SyntheticDigest {
  readonly text: string;
  /** Every distinct title, in order of first appearance. */
  readonly titles: readonly string[];
  /** The vocabulary, most frequent first, for drawing queries. */
  readonly vocabulary: readonly string[];
}

/** Share of an abstract's words drawn from its own topic words. */
const TOPIC_SHARE = 0.3;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HEADER = 'new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n';

/** A digest in the seed format holding `papers` distinct papers (plus a few repeats). */
export function generateDigest(options: SyntheticOptions): SyntheticDigest {
  const random = createRandom(options.seed ?? 1);
  const taken = new Set([...FUNCTION_WORDS, ...CONTENT_WORDS]);
  const vocabulary = [...FUNCTION_WORDS, ...new Set(CONTENT_WORDS), ...syntheticWords(40_000, random, taken)];
  const words = new ZipfSampler(vocabulary.length, 1.05, 2.7, random);
  const contentStart = FUNCTION_WORDS.length;
  const contentWords = new ZipfSampler(vocabulary.length - contentStart, 0.9, 4, random);
  const writer = new DigestWriter(random, vocabulary, words, contentWords, contentStart);

  const perDay = options.papersPerDay ?? 50;
  const repeatRate = options.repeatRate ?? 0.02;
  const parts: string[] = [HEADER];
  const titles: string[] = [];
  const seen = new Set<string>();
  const repeats: string[] = [];
  let day = new Date(Date.UTC(2024, 2, 14));
  while (titles.length < options.papers) {
    parts.push(`${MONTHS[day.getUTCMonth()]} ${day.getUTCDate()}, ${day.getUTCFullYear()}\n\n`);
    for (const block of repeats.splice(0)) parts.push(block);
    for (let i = 0; i < perDay && titles.length < options.papers; i++) {
      const title = writer.title();
      if (seen.has(title.toLowerCase())) continue;
      seen.add(title.toLowerCase());
      titles.push(title);
      const block = `${title}\n\n${writer.abstract()}\n\n${random() < 0.05 ? '\n' : ''}`;
      parts.push(block);
      if (random() < repeatRate) repeats.push(block);
    }
    day = new Date(day.getTime() - 86_400_000);
  }
  return { text: parts.join(''), titles, vocabulary };
}

/** Writes titles and abstracts from the samplers. */
class DigestWriter {
  constructor(
    private readonly random: () => number,
    private readonly vocabulary: readonly string[],
    private readonly words: ZipfSampler,
    private readonly contentWords: ZipfSampler,
    private readonly contentStart: number,
  ) {}

  title(): string {
    const length = 6 + Math.floor(this.random() * 10);
    const out: string[] = [];
    if (this.random() < 0.25) out.push(capitalize(this.content()) + capitalize(this.content()) + ':');
    while (out.length < length) {
      out.push(this.random() < 0.2 ? pick(['of', 'for', 'with', 'in', 'and', 'via'], this.random) : capitalize(this.content()));
    }
    return out.join(' ');
  }

  abstract(): string {
    if (this.random() < 0.01) return ''; // a title whose abstract is missing
    const target = 150 + Math.floor(this.random() * 100);
    // Real abstracts come back to their subject: a few topic words recur (about 100 distinct
    // non-function words per 220-word abstract in the seed digest; this matches that).
    const topic = Array.from({ length: 12 }, () => this.content());
    const sentences: string[] = [];
    let count = 0;
    while (count < target) {
      const length = 12 + Math.floor(this.random() * 18);
      const sentence: string[] = [];
      for (let i = 0; i < length; i++) {
        sentence.push(this.random() < TOPIC_SHARE ? pick(topic, this.random) : this.vocabulary[this.words.next()]);
      }
      sentence[0] = capitalize(sentence[0]);
      if (this.random() < 0.15) sentence[Math.floor(length / 2)] += ',';
      sentences.push(sentence.join(' ') + '.');
      count += length;
    }
    if (this.random() < 0.3) {
      sentences.push(`Code is available at https://github.com/${this.content()}/${this.content()}-${this.content()}.`);
    }
    const text = sentences.join(' ');
    return this.random() < 0.05 ? hardWrap(text, 80) : text;
  }

  private content(): string {
    return this.vocabulary[this.contentStart + this.contentWords.next()];
  }
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function hardWrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** A query and, when it was drawn from a title, that title (to check the ranking). */
export interface SyntheticQuery {
  readonly text: string;
  readonly title?: string;
  /** True when the query has a deliberate typo. */
  readonly typo: boolean;
}

/**
 * Queries a writer might type: a few words of a title they half remember, the last one often
 * unfinished, now and then with a typo; and some single topic words.
 */
export function generateQueries(digest: Pick<SyntheticDigest, 'titles' | 'vocabulary'>, count: number, seed = 7): SyntheticQuery[] {
  const random = createRandom(seed);
  const queries: SyntheticQuery[] = [];
  while (queries.length < count) {
    if (random() < 0.2) {
      const rank = FUNCTION_WORDS.length + Math.floor(random() * 2000);
      queries.push({ text: digest.vocabulary[rank], typo: false });
      continue;
    }
    const title = pick(digest.titles, random);
    const words = title
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(w => w.length > 3);
    if (words.length === 0) continue;
    const start = Math.floor(random() * words.length);
    const chosen = words.slice(start, start + 1 + Math.floor(random() * 3));
    const roll = random();
    const last = chosen.length - 1;
    let typoed = false;
    if (roll < 0.3 && chosen[last].length > 4) {
      chosen[last] = chosen[last].slice(0, 3 + Math.floor(random() * (chosen[last].length - 3)));
    } else if (roll < 0.4 && chosen[0].length >= 6) {
      chosen[0] = typo(chosen[0], random);
      typoed = true;
    }
    queries.push({ text: chosen.join(' '), title, typo: typoed });
  }
  return queries;
}

function typo(word: string, random: () => number): string {
  const at = 1 + Math.floor(random() * (word.length - 2));
  const letter = String.fromCharCode(97 + Math.floor(random() * 26));
  return word.slice(0, at) + letter + word.slice(at + 1);
}
