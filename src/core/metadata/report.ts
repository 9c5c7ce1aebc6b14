/**
 * What a metadata lookup says when it ends, in the writer's words: once per run, never once per
 * paper, and without the errno codes the log keeps (`ECONNREFUSED`). When no service could be
 * reached at all, that is said once as "offline?".
 */
import type { ServiceFailure } from './lookup';
import type { ServiceName } from './http';

export const SERVICE_NAMES: Readonly<Record<ServiceName, string>> = { huggingface: 'Hugging Face', arxiv: 'the arXiv API', doi: 'doi.org' };

export interface LookupOutcome {
  readonly asked: number;
  readonly found: number;
  readonly notFound: number;
  readonly cancelled: boolean;
  readonly failures: readonly ServiceFailure[];
  /** How many requests got an answer from a server (any HTTP status). */
  readonly answeredRequests: number;
}

export interface LookupReport {
  readonly message: string;
  /** True when something failed: shown as a warning with the log at hand. */
  readonly warning: boolean;
  /** True when no service could be reached (no request got any answer). */
  readonly offline: boolean;
}

export function lookupReport(outcome: LookupOutcome): LookupReport {
  const { asked, found, notFound, cancelled, failures } = outcome;
  const papers = `${asked} paper${asked === 1 ? '' : 's'}`;
  if (failures.length > 0 && outcome.answeredRequests === 0 && !cancelled) {
    return {
      message:
        'Digest Notes: no metadata service could be reached (offline?). Nothing was looked up; citing works as before, ' +
        'and Complete Metadata asks again next time.',
      warning: true,
      offline: true,
    };
  }
  const summary =
    `Digest Notes: metadata found for ${found} of ${papers}` +
    `${notFound ? `; ${notFound} not found (titles must match exactly)` : ''}` +
    `${cancelled ? '; cancelled' : ''}.`;
  if (failures.length === 0) return { message: summary, warning: false, offline: false };
  const troubles = failures.map(failure => `${SERVICE_NAMES[failure.service]} (${plainReason(failure.message)})`);
  return {
    message: `${summary} ${joinWords(troubles)} could not answer; the papers left open are asked again next time.`,
    warning: true,
    offline: false,
  };
}

/** A failure's reason without errno codes: `connection refused (ECONNREFUSED)` gives `connection refused`. */
export function plainReason(message: string): string {
  const plain = message
    .replace(/\s*\((?:E[A-Z0-9_]+|UND_[A-Z_]+)\)/g, '')
    .replace(/\b(?:E[A-Z]{3,}[A-Z0-9_]*)\b:?\s*/g, '')
    .trim();
  return plain === '' ? 'no answer' : plain;
}

function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
