/** Messages between the extension host and the CSL worker (worker.ts). */
import type { CslData, FormattedReference } from '../core/csl/engine';

/** A shipped style by id, or a style's XML (a writer's `.csl` file). */
export type StyleSource = { readonly shipped: string } | { readonly xml: string };

export interface FormatRequest {
  readonly id: number;
  readonly style: StyleSource;
  readonly items: readonly CslData[];
  /** Each item formatted alone, as the hover shows it (a numeric style numbers each [1]); default: together. */
  readonly separately?: boolean;
}

export type FormatResponse =
  | {
      readonly id: number;
      /** Each item's reference and citation, in plain text and in HTML. */
      readonly text: readonly FormattedReference[];
      readonly html: readonly FormattedReference[];
      /** Milliseconds spent building the style's engine (0 when it was kept from before). */
      readonly buildMs: number;
    }
  | { readonly id: number; readonly error: string };
