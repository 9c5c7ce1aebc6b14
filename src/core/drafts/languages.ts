/**
 * The draft languages: which VS Code language ids and file extensions are Markdown, Quarto,
 * R Markdown, LaTeX or Typst drafts. Citing, completion, Cited In, the drafts glob and the
 * declared-bibliography reader all ask here, so a `.typ` file is a Typst draft even where no
 * Typst extension gives it a language id.
 */

export type DraftLanguage = 'markdown' | 'quarto' | 'rmarkdown' | 'latex' | 'typst';

/** How citations are written and found: Pandoc's `[@key]` for the Markdown family. */
export type CitationLanguage = 'markdown' | 'latex' | 'typst';

const BY_LANGUAGE_ID: Readonly<Record<string, DraftLanguage>> = {
  markdown: 'markdown',
  pandoc: 'markdown',
  quarto: 'quarto',
  rmd: 'rmarkdown',
  rmarkdown: 'rmarkdown',
  latex: 'latex',
  tex: 'latex',
  doctex: 'latex',
  'latex-expl3': 'latex',
  typst: 'typst',
};

/** Lower-case extensions (R Markdown is `.Rmd` as often as `.rmd`). */
const BY_EXTENSION: Readonly<Record<string, DraftLanguage>> = {
  md: 'markdown',
  markdown: 'markdown',
  qmd: 'quarto',
  rmd: 'rmarkdown',
  tex: 'latex',
  ltx: 'latex',
  typ: 'typst',
};

/** Every draft file extension, as a glob for `findFiles` and watchers (both case spellings of Rmd). */
export const DRAFT_GLOB = `**/*.{${[...Object.keys(BY_EXTENSION), 'Rmd'].join(',')}}`;

/** Language ids that name drafts, for document selectors. */
export const DRAFT_LANGUAGE_IDS: readonly string[] = Object.keys(BY_LANGUAGE_ID);

/** Extensions without a language id of their own unless an extension adds one. */
export const DRAFT_EXTENSIONS: readonly string[] = Object.keys(BY_EXTENSION);

/**
 * The draft language of a document: its language id first (an `.md` opened as Quarto is
 * Quarto), else its file name's extension (a `.typ` shown as plain text is Typst).
 */
export function draftLanguageOf(languageId: string | undefined, path = ''): DraftLanguage | undefined {
  const byId = languageId ? BY_LANGUAGE_ID[languageId] : undefined;
  if (byId) {
    return byId;
  }
  const dot = path.lastIndexOf('.');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return dot > slash ? BY_EXTENSION[path.slice(dot + 1).toLowerCase()] : undefined;
}

/** The citation syntax family of a draft language. */
export function citationLanguageOfDraft(language: DraftLanguage): CitationLanguage {
  return language === 'latex' || language === 'typst' ? language : 'markdown';
}

/** `draftLanguageOf` then its family; a language id or a path alone also works. */
export function citationLanguageOf(languageIdOrPath: string, path = languageIdOrPath): CitationLanguage | undefined {
  const language = draftLanguageOf(languageIdOrPath, path);
  return language && citationLanguageOfDraft(language);
}
