import { planCitationKeys, type CitationKeyPlan } from '../drafts/bibTarget';
import type { BibFormat } from './format';
import { planBibliographyInsert } from './insert';
import { readBibliography } from './read';

/** What writing planned citations into a bibliography comes to; pure, so the glue only applies it. */
export interface BibliographyWritePlan {
  /** Keys of the entries to add. */
  readonly added: string[];
  /** Keys already in the bibliography: nothing is written for them. */
  readonly alreadyPresent: string[];
  /** The one insertion to make, absent when there is nothing to add (or an error). */
  readonly insert?: { readonly offset: number; readonly text: string };
  /** Why nothing may be written (the file cannot be parsed, or the insertion would not read back). */
  readonly error?: { readonly line: number; readonly message: string };
}

/**
 * Plans adding the papers planned with `add` to the bibliography whose text is `text` now: keys
 * planned against an older read are checked again against what stands there (an entry added
 * meanwhile is reused, never duplicated), and existing entries are never changed.
 */
export function planBibliographyWrite(text: string, format: BibFormat, plans: readonly CitationKeyPlan[]): BibliographyWritePlan {
  const read = readBibliography(text, format);
  if (read.error) {
    return { added: [], alreadyPresent: [], error: read.error };
  }
  const replanned = planCitationKeys(
    plans.filter(p => p.add).map(p => ({ ...p.paper, key: p.key })),
    read.entries,
  );
  const toAdd = replanned.filter(p => p.add).map(p => ({ ...p.paper, key: p.key }));
  const alreadyPresent = [...plans.filter(p => !p.add).map(p => p.key), ...replanned.filter(p => !p.add).map(p => p.key)];
  if (toAdd.length === 0) {
    return { added: [], alreadyPresent };
  }
  const insert = planBibliographyInsert(text, format, toAdd);
  const present = [...alreadyPresent, ...insert.alreadyPresent];
  if (insert.error || !insert.insert) {
    return { added: [], alreadyPresent: present, error: insert.error };
  }
  return { added: [...insert.added], alreadyPresent: present, insert: insert.insert };
}
