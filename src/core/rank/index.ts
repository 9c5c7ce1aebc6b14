/**
 * Ranking papers by the writer's taste ("For you") and by a draft ("Relevant to this draft"): a
 * feature store built once per corpus (`buildFeatureStore`), a model fitted per change of the
 * liked and dismissed papers (`fitTaste`), and rankings with why (`rankByTaste`, `rankByText`).
 */
export { rankDocumentOf, type RankDocument } from './document';
export { orderByScore } from './order';
export { buildFeatureStore, type FeatureOptions, type FeatureStore } from './features';
export {
  DEFAULT_C,
  fitTaste,
  MIN_LIKED_FOR_MODEL,
  NOTHING_IN_COMMON,
  rankByTaste,
  rankByText,
  rankingBasis,
  type FitOptions,
  type RankedPaper,
  type RankOptions,
  type Taste,
  type TasteModel,
} from './ranker';
