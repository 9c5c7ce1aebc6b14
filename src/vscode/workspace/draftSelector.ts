import type * as vscode from 'vscode';

/** Drafts by language id, plus file names for when no extension gives Quarto, R Markdown or Typst a language. */
export const DRAFT_SELECTOR: vscode.DocumentSelector = [
  ...['markdown', 'quarto', 'rmd', 'rmarkdown', 'latex', 'tex', 'typst'].map(language => ({ language })),
  { pattern: '**/*.{qmd,rmd,Rmd,typ}' },
];
