/**
 * The CSL style a draft names: pandoc's `csl:` front matter key (a path, relative to the draft's
 * folder unless absolute, or a URL pandoc would fetch, which is not followed here).
 */
import { parse as parseYaml } from 'yaml';
import { frontMatterRange } from '../drafts/masking';

/** The `csl:` value of the draft's front matter, trimmed; undefined when there is none. */
export function declaredCslStyle(text: string): string | undefined {
  const front = frontMatterRange(text);
  if (front === undefined) return undefined;
  let data: unknown;
  try {
    data = parseYaml(text.slice(front.contentStart, front.contentEnd));
  } catch {
    return undefined; // broken front matter names nothing we can trust
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>).csl;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
