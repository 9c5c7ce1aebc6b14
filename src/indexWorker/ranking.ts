/**
 * "For you" in the index worker, off the host's thread: the feature store is rebuilt only when the
 * host sends a new corpus, the taste model only when the liked, dismissed or ranked papers change.
 */
import {
  buildFeatureStore,
  fitTaste,
  rankByTaste,
  rankByText,
  type FeatureStore,
  type RankDocument,
  type RankedPaper,
  type TasteModel,
} from '../core/rank';
import type { RankArgs } from './protocol';

export class RankingState {
  private corpusVersion = -1;
  private store: FeatureStore | undefined;
  private model: { readonly signature: string; readonly taste: TasteModel } | undefined;

  private incoming: { version: number; documents: RankDocument[] } | undefined;

  /** A chunk of a new corpus; the last one builds its features (the old ones stay until then). */
  addCorpus(version: number, documents: readonly RankDocument[], last: boolean): null {
    if (this.incoming?.version !== version) this.incoming = { version, documents: [] };
    this.incoming.documents.push(...documents);
    if (last) {
      this.store = buildFeatureStore(this.incoming.documents);
      this.corpusVersion = version;
      this.model = undefined;
      this.incoming = undefined;
    }
    return null;
  }

  rank(args: RankArgs): RankedPaper[] {
    if (!this.store || this.corpusVersion !== args.corpusVersion) throw new Error('rank: the corpus was not sent');
    if (args.text !== undefined) return rankByText(this.store, args.text, args.candidates).slice(0, args.limit);
    const signature = JSON.stringify([args.liked, args.dismissed, args.candidates]);
    if (this.model?.signature !== signature) {
      const taste = fitTaste(
        this.store,
        { liked: new Set(args.liked), dismissed: new Set(args.dismissed) },
        { unlabeled: new Set(args.candidates) },
      );
      this.model = { signature, taste };
    }
    return rankByTaste(this.store, this.model.taste, args.candidates, { explain: args.limit }).slice(0, args.limit);
  }
}
