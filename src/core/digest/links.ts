/**
 * Links in an abstract: found, stripped of the sentence punctuation around them, classified and
 * deduplicated; plus the paper's DOI.
 *
 * Classification (first rule that applies):
 * - `doi`: doi.org, dx.doi.org, www.doi.org.
 * - `code`: source hosts — github.com (incl. gist), gitlab.com, bitbucket.org, codeberg.org,
 *   sourceforge.net, git.sr.ht, and huggingface.co except Spaces (model and dataset pages on the
 *   Hub are git repositories holding the released artefacts).
 * - `other`: pages that are not about the work itself — the paper on an archive or venue (arxiv,
 *   openreview, ACL anthology, ...), social and video sites, generic file shares, data archives.
 * - `project`: everything else — *.github.io / *.gitlab.io pages, Hugging Face Spaces (demos), and
 *   personal, lab or project sites (`sinc.is.tue.mpg.de`, `vcc.tech/EmoSet`): a URL an author
 *   puts in an abstract that is neither code nor a known elsewhere is almost always the project's
 *   page.
 */
import type { LinkKind, PaperLink } from '../model';

export interface ExtractedLinks {
  readonly links: PaperLink[];
  /** The first DOI found (bare `10.xxxx/...` form), from a doi.org URL or written bare. */
  readonly doi: string | null;
}

const CODE_HOSTS = new Set([
  'github.com',
  'gist.github.com',
  'gitlab.com',
  'bitbucket.org',
  'codeberg.org',
  'sourceforge.net',
  'git.sr.ht',
  'huggingface.co',
]);
const DOI_HOSTS = new Set(['doi.org', 'dx.doi.org']);
const OTHER_HOSTS = new Set([
  'arxiv.org',
  'export.arxiv.org',
  'openreview.net',
  'aclanthology.org',
  'semanticscholar.org',
  'scholar.google.com',
  'paperswithcode.com',
  'proceedings.neurips.cc',
  'proceedings.mlr.press',
  'openaccess.thecvf.com',
  'dl.acm.org',
  'ieeexplore.ieee.org',
  'link.springer.com',
  'sciencedirect.com',
  'biorxiv.org',
  'medrxiv.org',
  'ssrn.com',
  'researchgate.net',
  'zenodo.org',
  'figshare.com',
  'kaggle.com',
  'wikipedia.org',
  'en.wikipedia.org',
  'youtube.com',
  'youtu.be',
  'vimeo.com',
  'twitter.com',
  'x.com',
  'linkedin.com',
  'drive.google.com',
  'docs.google.com',
  'colab.research.google.com',
  'dropbox.com',
  'bit.ly',
]);
const PROJECT_HOST_SUFFIXES = ['.github.io', '.gitlab.io', '.pages.dev', '.netlify.app', '.vercel.app'];

/**
 * `http(s)://` then anything but whitespace, quotes and angle brackets (which delimit URLs in
 * text). One character class with no alternation: linear. Trailing punctuation is trimmed after.
 */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`\u201c\u201d\u2018\u2019\u00ab\u00bb]+/gi;
/** A DOI written bare, as `10.<registrant>/<suffix>`, not inside a word or URL. */
const BARE_DOI_PATTERN = /(?<![\w./-])10\.\d{4,9}\/[^\s<>"'`\u201c\u201d]+/g;
const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', '"', "'", '`', '\u201d', '\u2019', '\u00bb', '>', '*', '_']);

/**
 * Finds the links and DOI in an abstract. URLs keep their exact text except for trailing
 * sentence punctuation (`...sep_clr.` gives `...sep_clr`) and a closing `)`/`]` that the URL did
 * not open. Duplicates (same URL up to host case and a trailing slash) are kept once.
 *
 * Only `http(s)://` URLs are links: a scheme-less mention such as `github.com/owner/repo` is left
 * as text (the issue counts 18 links in the seed, which holds 18 URLs and one such mention).
 */
export function extractLinks(text: string): ExtractedLinks {
  const links: PaperLink[] = [];
  const seen = new Set<string>();
  let doi: string | null = null;
  // The `includes` checks skip the regex passes for the many abstracts without links.
  if (text.includes('://')) {
    for (const m of text.matchAll(URL_PATTERN)) {
      const url = trimTrailing(m[0]);
      const link = classified(url);
      if (!link) continue;
      addLink(links, seen, link);
      if (link.kind === 'doi') doi ??= doiFromUrl(url);
    }
  }
  if (doi === null && text.includes('10.')) {
    for (const m of text.matchAll(BARE_DOI_PATTERN)) {
      const bare = trimTrailing(m[0]);
      if (bare.includes('/') && bare.length > bare.indexOf('/') + 1) {
        doi = bare;
        break;
      }
    }
  }
  return { links, doi };
}

function addLink(links: PaperLink[], seen: Set<string>, link: PaperLink): void {
  const key = dedupeKey(link.url);
  if (seen.has(key)) return;
  seen.add(key);
  links.push(link);
}

/** Two URLs are the same link when they differ only in the case of scheme and host or a final `/`. */
function dedupeKey(url: string): string {
  const schemeEnd = url.indexOf('://') + 3;
  const pathStart = url.indexOf('/', schemeEnd);
  const host = (pathStart === -1 ? url.slice(schemeEnd) : url.slice(schemeEnd, pathStart)).toLowerCase();
  const rest = pathStart === -1 ? '' : url.slice(pathStart);
  return url.slice(0, schemeEnd).toLowerCase() + host + rest.replace(/\/+$/, '');
}

/** Strips sentence punctuation and unbalanced closing brackets from the end of a URL. */
function trimTrailing(raw: string): string {
  let end = raw.length;
  for (;;) {
    const last = raw[end - 1];
    if (TRAILING_PUNCTUATION.has(last)) end--;
    else if (last === ')' && unbalanced(raw, end, '(', ')')) end--;
    else if (last === ']' && unbalanced(raw, end, '[', ']')) end--;
    else if (last === '}' && unbalanced(raw, end, '{', '}')) end--;
    else break;
  }
  return raw.slice(0, end);
}

function unbalanced(raw: string, end: number, open: string, close: string): boolean {
  let depth = 0;
  for (let i = 0; i < end; i++) {
    if (raw[i] === open) depth++;
    else if (raw[i] === close) depth--;
  }
  return depth < 0;
}

/** Null when nothing of a URL is left after the scheme (e.g. `https://.`). */
function classified(url: string): PaperLink | null {
  const host = hostOf(url);
  if (!host) return null;
  return { url, kind: kindOf(host, url) };
}

function hostOf(url: string): string {
  const rest = url.slice(url.indexOf('://') + 3);
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  // Drop user info and port; hosts compare case-insensitively and without `www.`.
  const host = authority
    .slice(authority.lastIndexOf('@') + 1)
    .replace(/:\d*$/, '')
    .toLowerCase();
  return host.startsWith('www.') ? host.slice(4) : host;
}

function kindOf(host: string, url: string): LinkKind {
  if (DOI_HOSTS.has(host)) return doiFromUrl(url) !== null ? 'doi' : 'other';
  if (host === 'huggingface.co') return /huggingface\.co\/spaces\//i.test(url) ? 'project' : 'code';
  if (CODE_HOSTS.has(host)) return 'code';
  if (PROJECT_HOST_SUFFIXES.some(suffix => host.endsWith(suffix))) return 'project';
  if (isUnder(host, OTHER_HOSTS)) return 'other';
  return 'project';
}

/** True when the host or one of its parent domains is in the set (`m.youtube.com` is under `youtube.com`). */
function isUnder(host: string, hosts: ReadonlySet<string>): boolean {
  for (let at = 0; at !== -1; at = host.indexOf('.', at + 1)) {
    if (hosts.has(at === 0 ? host : host.slice(at + 1))) return true;
  }
  return false;
}

/** The bare DOI in a doi.org URL (`https://doi.org/10.1/x` gives `10.1/x`), else null. */
function doiFromUrl(url: string): string | null {
  const m = /doi\.org\/(10\.\d{4,9}\/.+)$/i.exec(url);
  return m ? m[1] : null;
}
