/**
 * The shipped styles' and locale's text, inlined by the bundler (esbuild's `text` loader for
 * `.csl` and `.xml`, see esbuild.mjs): only bundles import this module (the CLI and the CSL
 * worker); plain-node tests read ./styles with node:fs instead.
 */
import apa from './styles/apa.csl';
import chicagoAuthorDate from './styles/chicago-author-date.csl';
import ieee from './styles/ieee.csl';
import localeEnUs from './styles/locales-en-US.xml';
import vancouver from './styles/vancouver.csl';
import type { CslLocales } from './engine';

const STYLE_TEXTS: Readonly<Record<string, string>> = {
  'chicago-author-date': chicagoAuthorDate,
  apa,
  ieee,
  vancouver,
};

/** A shipped style's XML by id (`apa`), undefined for another id. */
export function shippedStyleText(id: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(STYLE_TEXTS, id) ? STYLE_TEXTS[id] : undefined;
}

/** The shipped locales: en-US, which every style falls back to. */
export const SHIPPED_LOCALES: CslLocales = {
  locale: lang => (lang === 'en-US' || lang === 'en' ? localeEnUs : undefined),
};
