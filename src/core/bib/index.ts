/** The bibliography formats: writing, reading and adding entries. */
export { formatBibtexEntry, formatBibtex } from './bibtex';
export { toCslItem, type CslItem } from './csl';
export { bibFormatForPath, formatBibliography, type BibFormat } from './format';
export { planBibliographyInsert, type BibInsertPlan } from './insert';
export { readBibliography, type BibError, type BibReadResult } from './read';
