/**
 * Locators (issue 21): the page, chapter, section or figure a citation points at, written as each
 * syntax expects it: `[@key, p. 12]` (Pandoc: Markdown, Quarto, R Markdown), `\cite[p.~12]{key}`
 * (LaTeX, a tie so the number never starts a line), `@key[p. 12]` (Typst's supplement). The
 * labels are the abbreviations citeproc recognises (`p.`, `chap.`, `sec.`, `fig.`), so Pandoc
 * prints the locator in the style's own form.
 */
import type { CitationSyntax } from './citations';

export type LocatorLabel = 'page' | 'chapter' | 'section' | 'figure';

export interface Locator {
  readonly label: LocatorLabel;
  /** As typed: `12`, `12-14`, `3.2`. */
  readonly value: string;
}

export const LOCATOR_LABELS: readonly LocatorLabel[] = ['page', 'chapter', 'section', 'figure'];

const ABBREVIATION: Readonly<Record<LocatorLabel, string>> = { page: 'p.', chapter: 'chap.', section: 'sec.', figure: 'fig.' };

/** A locator from a command's argument (`{ label: 'page', value: '12' }`), undefined when it is not one. */
export function locatorFrom(arg: unknown): Locator | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { label, value } = arg as { label?: unknown; value?: unknown };
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return LOCATOR_LABELS.includes(label as LocatorLabel) && text !== '' ? { label: label as LocatorLabel, value: text } : undefined;
}

/** Why a typed value cannot be a locator (brackets, braces and `;` would break the citation), undefined when it can. */
export function locatorValueError(value: string): string | undefined {
  if (value.trim() === '') return 'a value is needed, such as 12';
  return /[[\]{};@\n]/.test(value) ? 'brackets, braces, ";" and "@" cannot stand in a locator' : undefined;
}

/** `p. 12`, `pp. 12–14` for a range; `p.~12` in LaTeX. */
export function formatLocator(locator: Locator, syntax: CitationSyntax): string {
  const value = locator.value.trim().replace(/\s+/g, ' ');
  const range = locator.label === 'page' && /^\d+\s*[-–]+\s*\d+$/.test(value);
  const label = range ? 'pp.' : ABBREVIATION[locator.label];
  const written = range ? value.replace(/\s*[-–]+\s*/, syntax.kind === 'latex' ? '--' : '–') : value;
  return `${label}${syntax.kind === 'latex' ? '~' : ' '}${written}`;
}

/**
 * What follows a key to give it the locator: `, p. 12` in a Pandoc cluster or a template,
 * `[p. 12]` after a Typst key. LaTeX puts it before the keys (see `formatCitationWithLocator`).
 */
export function locatorAfterKey(locator: Locator, syntax: CitationSyntax): string {
  return syntax.kind === 'typst' ? `[${formatLocator(locator, syntax)}]` : `, ${formatLocator(locator, syntax)}`;
}

/** A new citation of `key` at `locator`: `[@key, p. 12]`, `\cite[p.~12]{key}`, `@key[p. 12]`. */
export function formatCitationWithLocator(key: string, locator: Locator, syntax: CitationSyntax): string {
  switch (syntax.kind) {
    case 'pandoc':
      return `[@${key}${locatorAfterKey(locator, syntax)}]`;
    case 'latex':
      return `\\${syntax.command}[${formatLocator(locator, syntax)}]{${key}}`;
    case 'typst':
      return `@${key}${locatorAfterKey(locator, syntax)}`;
    case 'template': {
      const at = syntax.template.indexOf('${keys}');
      return syntax.template.slice(0, at) + key + locatorAfterKey(locator, syntax) + syntax.template.slice(at + '${keys}'.length);
    }
  }
}
