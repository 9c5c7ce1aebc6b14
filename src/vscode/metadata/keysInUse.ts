import { recordKeys } from '../../core/metadata/store';
import type { Paper } from '../../core/model';
import type { Services } from '../services';

/**
 * Records in the metadata file the keys of the papers that are in use (a literature note, a
 * citation in a draft), before anything that could give a new key: answers with authors (the
 * author rule) or a digest's year (the year appended). A key once written never changes; the
 * bibliography's keys are kept by the library itself.
 */
export async function recordKeysInUse(services: Services, papers: readonly Paper[]): Promise<void> {
  const inUse: Paper[] = [];
  for (const paper of papers) {
    if (services.notes.has(paper.key) || (await services.citedIn.citationCount(paper.key)) > 0) {
      inUse.push(paper);
    }
  }
  if (inUse.length > 0) {
    await services.metadata.update(file => recordKeys(file, inUse));
  }
}
