/**
 * Recognising the digest sources by content, from the head of a file only: a Hugging Face
 * daily-papers JSON, an arXiv listing e-mail (text or `.eml`), an arXiv RSS feed. Anything else
 * that is JSON or XML (a `package.json`, another site's feed) is none of them.
 */
import { splitLines } from '../../util/text';
import { readMail } from './mime';

export type SourceKind = 'hf-json' | 'arxiv-email' | 'arxiv-rss';

/** Lines after an `arXiv:` line within which a listing entry has its `Title:` and `Authors:`. */
const ENTRY_HEAD_LINES = 12;

/** The source this head of a file is, if any (the text digest is `looksLikeDigest`'s). */
export function sniffSource(head: string): SourceKind | undefined {
  const start = firstNonSpace(head);
  const first = head[start];
  if (first === '[' || first === '{') return looksLikeHfJson(head) ? 'hf-json' : undefined;
  if (first === '<') return looksLikeArxivRss(head) ? 'arxiv-rss' : undefined;
  return looksLikeArxivEmail(head) ? 'arxiv-email' : undefined;
}

/**
 * Hugging Face's paper objects have `title`, `summary`, `authors` and `publishedAt` keys and an
 * arXiv id as `id`; a `package.json` or another API's JSON has not all of them.
 */
export function looksLikeHfJson(head: string): boolean {
  return (
    ['title', 'summary', 'authors', 'publishedAt'].every(key => hasKey(head, key)) &&
    /"id"\s*:\s*"(\d{4}\.\d{4,5}|[a-z-]+\/\d{7})(v\d+)?"/.test(head)
  );
}

/** arXiv's RSS 2.0: an `<rss>` root with arXiv's namespace or its announce types or its host. */
export function looksLikeArxivRss(head: string): boolean {
  if (!head.includes('<rss')) return false;
  return (
    head.includes('xmlns:arxiv="http://arxiv.org/schemas/atom"') ||
    head.includes('<arxiv:announce_type>') ||
    head.includes('rss.arxiv.org/')
  );
}

/**
 * An arXiv listing: an `arXiv:ID` line with `Title:` and `Authors:` lines right after it, or the
 * mailing's ` Submissions to:` and ` received from` header lines; for an `.eml`, in its decoded
 * body, or a message from arxiv.org whose subject names a mailing.
 */
export function looksLikeArxivEmail(head: string): boolean {
  const lines = splitLines(head);
  const mail = readMail(lines);
  if (mail) {
    const from = `${mail.headers.get('from') ?? ''} ${mail.headers.get('sender') ?? ''}`.toLowerCase();
    if (from.includes('arxiv.org') && /mailing/i.test(mail.headers.get('subject') ?? '')) return true;
  }
  return hasListingEntry(mail?.lines ?? lines);
}

function hasListingEntry(lines: readonly string[]): boolean {
  let submissionsTo = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith(' Submissions to:')) submissionsTo = true;
    if (submissionsTo && line.startsWith(' received from')) return true;
    if (!/^arXiv:(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?\/\d{7})(v\d+)?\b/.test(line)) continue;
    let title = false;
    let authors = false;
    for (let j = i + 1; j < lines.length && j <= i + ENTRY_HEAD_LINES; j++) {
      title ||= lines[j].startsWith('Title:');
      authors ||= lines[j].startsWith('Authors:') || lines[j].startsWith('Author:');
    }
    if (title && authors) return true;
  }
  return false;
}

/** `"key"` followed by a colon: a key, not a value that happens to be the word. */
function hasKey(head: string, key: string): boolean {
  const needle = `"${key}"`;
  for (let at = head.indexOf(needle); at !== -1; at = head.indexOf(needle, at + 1)) {
    let after = at + needle.length;
    while (after < head.length && (head[after] === ' ' || head[after] === '\n' || head[after] === '\r' || head[after] === '\t')) after++;
    if (head[after] === ':') return true;
  }
  return false;
}

function firstNonSpace(text: string): number {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (at < text.length && /\s/.test(text[at])) at++;
  return at;
}
