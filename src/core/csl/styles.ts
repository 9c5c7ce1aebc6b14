/**
 * The CSL styles that ship with Digest Notes (files in ./styles, from the Citation Style Language
 * project's repository, CC BY-SA 3.0; see ./styles/README.md), and how a writer names one: a
 * shipped style's id (`apa`), or a `.csl` file of their own.
 */

export interface ShippedStyle {
  /** What the setting, `csl:` front matter and `--csl` take (`apa`). */
  readonly id: string;
  readonly title: string;
  /** The file in ./styles. */
  readonly file: string;
}

/** Pandoc's default style: what `pandoc --citeproc` prints when the draft names none. */
export const DEFAULT_STYLE_ID = 'chicago-author-date';

export const SHIPPED_STYLES: readonly ShippedStyle[] = [
  { id: 'chicago-author-date', title: 'Chicago Manual of Style 17th edition (author-date)', file: 'chicago-author-date.csl' },
  { id: 'apa', title: 'APA Style 7th edition', file: 'apa.csl' },
  { id: 'ieee', title: 'IEEE', file: 'ieee.csl' },
  { id: 'vancouver', title: 'NLM/Vancouver: Citing Medicine 2nd edition', file: 'vancouver.csl' },
];

/** The locale every shipped style and most others fall back to. */
export const SHIPPED_LOCALE = { lang: 'en-US', file: 'locales-en-US.xml' } as const;

/**
 * The shipped style a name stands for: its id, its file name, or a path ending in either
 * (`apa`, `apa.csl`, `styles/apa.csl`), compared without case. Undefined for any other name.
 */
export function shippedStyle(name: string): ShippedStyle | undefined {
  const base = name
    .trim()
    .split(/[\\/]/)
    .pop()!
    .toLowerCase()
    .replace(/\.csl$/, '');
  return SHIPPED_STYLES.find(style => style.id === base);
}
