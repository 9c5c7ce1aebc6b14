/**
 * Paper identifiers in what a writer types or pastes: arXiv ids (`2406.11944`, `2406.11944v2`,
 * `arXiv:2406.11944`, old style `hep-th/0507171`), arXiv abs/pdf/html URLs, Hugging Face paper
 * URLs, DOIs (`10.1145/...`, `doi:10.1145/...`, `https://doi.org/10.1145/...`). Text is read word
 * by word, so identifiers may stand several to a line or inside a sentence; the punctuation of the
 * sentence around a word is not part of it (`(see 10.1145/3442188.3445922).` gives the DOI).
 *
 * An arXiv DOI (`10.48550/arXiv.2405.00208`) is read as the arXiv id it names: the arXiv API
 * answers for it with the same record, and the library keys papers by arXiv id.
 */

export type Identifier =
  | {
      readonly kind: 'arxiv';
      /** Without version: `2406.11944`, `hep-th/0507171`. */
      readonly id: string;
      readonly version?: number;
      /** The text it was read from, as written (trimmed of sentence punctuation). */
      readonly text: string;
    }
  | {
      readonly kind: 'doi';
      /** Bare, as written (`10.1145/3442188.3445922`); DOIs compare case-insensitively. */
      readonly doi: string;
      readonly text: string;
    };

/**
 * The archives of old-style arXiv ids (before April 2007). Listed, so that any `word/1234567` in a
 * sentence is not taken for an id.
 */
const OLD_ARCHIVES = new Set([
  'acc-phys',
  'adap-org',
  'alg-geom',
  'ao-sci',
  'astro-ph',
  'atom-ph',
  'bayes-an',
  'chao-dyn',
  'chem-ph',
  'cmp-lg',
  'comp-gas',
  'cond-mat',
  'cs',
  'dg-ga',
  'funct-an',
  'gr-qc',
  'hep-ex',
  'hep-lat',
  'hep-ph',
  'hep-th',
  'math',
  'math-ph',
  'mtrl-th',
  'nlin',
  'nucl-ex',
  'nucl-th',
  'patt-sol',
  'physics',
  'plasm-ph',
  'q-alg',
  'q-bio',
  'quant-ph',
  'solv-int',
  'supr-con',
]);

/** `2406.11944`, `0704.0001`, with an optional version. Month 01-12 checked. */
const NEW_ID = /^(\d{2}(?:0[1-9]|1[0-2])\.\d{4,5})(?:v(\d+))?$/;
/** `hep-th/0507171`, `math.GT/0309136`, with an optional version. */
const OLD_ID = /^([a-z]+(?:-[a-z]+)?)(\.[A-Z]{2})?\/(\d{7})(?:v(\d+))?$/;
/** `10.<registrant>/<suffix>`: the registrant is digits (with dotted sub-parts), the suffix anything printable. */
const DOI = /^10\.\d{4,9}(?:\.\d+)*\/\S+$/;

const OPENERS = new Set(['(', '[', '{', '<', '"', "'", '`', '\u201c', '\u2018', '\u00ab', '*', '_']);
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', '"', "'", '`', '\u201d', '\u2019', '\u00bb', '>', '*', '_']);

/** Every identifier in the text, in order, each once (the same paper written twice is one). */
export function findIdentifiers(text: string): Identifier[] {
  const found: Identifier[] = [];
  const seen = new Set<string>();
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    const identifier = parseIdentifier(word);
    if (identifier === undefined) continue;
    const key = identifierKey(identifier);
    if (seen.has(key)) continue;
    seen.add(key);
    found.push(identifier);
  }
  return found;
}

/**
 * The identifiers of a text that holds nothing else (separated by spaces or lines; a comma after
 * one is sentence punctuation), undefined when any word is no identifier: what a paste may offer to cite. A
 * sentence that mentions a DOI is text, not a citation.
 */
export function identifiersOnly(text: string): Identifier[] | undefined {
  const words = text.split(/\s+/).filter(word => word !== '');
  if (words.length === 0 || words.some(word => parseIdentifier(word) === undefined)) return undefined;
  return findIdentifiers(text);
}

/**
 * The identifier one word names, undefined when it names none. Sentence punctuation around the
 * word is dropped first; a closing bracket stays when the identifier opened it (DOIs such as
 * `10.1016/S0140-6736(20)30183-5`).
 */
export function parseIdentifier(word: string): Identifier | undefined {
  const text = trimWord(word);
  if (text === '') return undefined;
  const url = /^https?:\/\/(?:www\.)?([^/?#]+)(.*)$/i.exec(text);
  if (url !== null) return fromUrl(text, url[1].toLowerCase(), url[2]);
  // Scheme-less links as people copy them from a browser's address bar (known hosts only:
  // `math.GT/0309136` is an old-style arXiv id, not a host and a path).
  const bare = /^(?:www\.)?(arxiv\.org|export\.arxiv\.org|huggingface\.co|doi\.org|dx\.doi\.org)(\/.*)$/i.exec(text);
  if (bare !== null) return fromUrl(text, bare[1].toLowerCase(), bare[2]);
  const prefixed = /^(arxiv|doi):\s*(.+)$/i.exec(text);
  if (prefixed !== null) {
    const rest = prefixed[2];
    return prefixed[1].toLowerCase() === 'arxiv' ? arxivId(rest, text) : doiOf(rest, text);
  }
  return arxivId(text, text) ?? doiOf(text, text);
}

/** One string per paper, for deduplication: `arxiv:2406.11944`, `doi:10.1145/x` (lower case). */
export function identifierKey(identifier: Identifier): string {
  return identifier.kind === 'arxiv' ? `arxiv:${identifier.id}` : `doi:${identifier.doi.toLowerCase()}`;
}

/** How the identifier reads in a message: `arXiv:2406.11944`, `doi:10.1145/x`. */
export function describeIdentifier(identifier: Identifier): string {
  return identifier.kind === 'arxiv' ? `arXiv:${identifier.id}` : `doi:${identifier.doi}`;
}

function fromUrl(text: string, host: string, path: string): Identifier | undefined {
  const clean = path.replace(/[?#].*$/, '');
  if (host === 'arxiv.org' || host === 'export.arxiv.org') {
    const match = /^\/(?:abs|pdf|html)\/(.+?)(?:\.pdf)?\/?$/i.exec(clean);
    return match === null ? undefined : arxivId(match[1], text);
  }
  if (host === 'huggingface.co') {
    const match = /^\/papers\/([^/]+)\/?$/.exec(clean);
    return match === null ? undefined : arxivId(match[1], text);
  }
  if (host === 'doi.org' || host === 'dx.doi.org') {
    let doi: string;
    try {
      doi = decodeURIComponent(path.slice(1).replace(/#.*$/, ''));
    } catch {
      return undefined;
    }
    return doiOf(doi, text);
  }
  return undefined;
}

function arxivId(raw: string, text: string): Identifier | undefined {
  const fresh = NEW_ID.exec(raw);
  if (fresh !== null) return withVersion(fresh[1], fresh[2], text);
  const old = OLD_ID.exec(raw);
  if (old !== null && OLD_ARCHIVES.has(old[1])) return withVersion(`${old[1]}${old[2] ?? ''}/${old[3]}`, old[4], text);
  return undefined;
}

function withVersion(id: string, version: string | undefined, text: string): Identifier {
  return { kind: 'arxiv', id, ...(version !== undefined ? { version: Number(version) } : {}), text };
}

function doiOf(raw: string, text: string): Identifier | undefined {
  if (!DOI.test(raw)) return undefined;
  const arxiv = /^10\.48550\/arxiv\.(.+)$/i.exec(raw);
  if (arxiv !== null) {
    const id = arxivId(arxiv[1], text);
    if (id !== undefined) return id;
  }
  return { kind: 'doi', doi: raw, text };
}

/** The word without the sentence's punctuation before and after it. */
function trimWord(word: string): string {
  let start = 0;
  while (start < word.length && OPENERS.has(word[start])) start++;
  let end = word.length;
  for (;;) {
    if (end <= start) break;
    const last = word[end - 1];
    if (TRAILING.has(last)) end--;
    else if (last === ')' && unbalanced(word, start, end, '(', ')')) end--;
    else if (last === ']' && unbalanced(word, start, end, '[', ']')) end--;
    else if (last === '}' && unbalanced(word, start, end, '{', '}')) end--;
    else break;
  }
  return word.slice(start, end);
}

function unbalanced(word: string, start: number, end: number, open: string, close: string): boolean {
  let depth = 0;
  for (let i = start; i < end; i++) {
    if (word[i] === open) depth++;
    else if (word[i] === close) depth--;
  }
  return depth < 0;
}
