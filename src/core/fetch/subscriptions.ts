/**
 * Subscriptions as the writer names them in `digestNotes.subscriptions` and on the command line:
 * `huggingface` (Hugging Face Daily Papers) or `arxiv:cs.CL+cs.LG` (arXiv's listing for those
 * categories, joined with `+` as arXiv's feed addresses join them). Each has a folder of its own
 * under the fetch folder, so its files are named by source and day.
 */

export type Subscription =
  | { readonly kind: 'huggingface'; readonly id: 'huggingface'; readonly folder: 'huggingface'; readonly label: string }
  | {
      readonly kind: 'arxiv';
      /** `arxiv:cs.CL+cs.LG`, categories as written (arXiv's case: `cs.CL`, `astro-ph.CO`, `hep-th`). */
      readonly id: string;
      readonly categories: readonly string[];
      /** `arxiv-cs.CL+cs.LG` */
      readonly folder: string;
      readonly label: string;
    };

/** `cs.CL`, `math.AG`, `astro-ph.CO`, `hep-th`, `q-bio.NC`, `stat.ML`: arXiv's category names. */
const CATEGORY = /^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[A-Za-z]+)?)?$/;

/** The subscription a string names, or a one-line reason it names none. */
export function parseSubscription(text: string): Subscription | { readonly error: string } {
  const trimmed = text.trim();
  if (/^(huggingface|hf)$/i.test(trimmed)) {
    return { kind: 'huggingface', id: 'huggingface', folder: 'huggingface', label: 'Hugging Face' };
  }
  const match = /^arxiv:(.+)$/i.exec(trimmed);
  if (!match) {
    return { error: `'${trimmed}' is not a source: use huggingface or arxiv:CATEGORIES (for example arxiv:cs.CL+cs.LG)` };
  }
  const categories = match[1].split('+').map(c => c.trim());
  const wrong = categories.find(c => !CATEGORY.test(c));
  if (wrong !== undefined) {
    return { error: `'${wrong === '' ? trimmed : wrong}' is not an arXiv category (for example cs.CL, stat.ML, hep-th)` };
  }
  const unique = [...new Set(categories)];
  const joined = unique.join('+');
  return { kind: 'arxiv', id: `arxiv:${joined}`, categories: unique, folder: `arxiv-${joined}`, label: `arXiv ${joined}` };
}

/** The subscriptions of a list; duplicates once; the strings that name none in `errors`. */
export function parseSubscriptions(texts: readonly unknown[]): { subscriptions: Subscription[]; errors: string[] } {
  const subscriptions: Subscription[] = [];
  const errors: string[] = [];
  for (const text of texts) {
    if (typeof text !== 'string') {
      errors.push(`${JSON.stringify(text)} is not a source name`);
      continue;
    }
    const parsed = parseSubscription(text);
    if ('error' in parsed) errors.push(parsed.error);
    else if (!subscriptions.some(s => s.id === parsed.id)) subscriptions.push(parsed);
  }
  return { subscriptions, errors };
}
