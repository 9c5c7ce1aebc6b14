import * as vscode from 'vscode';
import { referenceGaps } from '../../core/bib/missing';
import { citedKeyRefs } from '../../core/drafts/draftKeys';
import { citationLanguageOf } from '../../core/drafts/languages';
import type { Library } from '../../core/library/library';
import { keepKeys, lookupPlan, queriesFor } from '../../core/metadata/apply';
import { DEFAULT_ENDPOINTS, lookupMetadata, type LookupEndpoints, type PaperQuery, type ServiceFailure } from '../../core/metadata/lookup';
import { lookupReport, type LookupReport } from '../../core/metadata/report';
import { mergeAnswers } from '../../core/metadata/store';
import type { Paper } from '../../core/model';
import type { Services } from '../services';
import { config } from '../util/config';
import { uriFromArgument } from '../util/files';
import { log } from '../util/log';
import { nodeFetch } from '../util/nodeFetch';
import { sharedLimiters, userAgent } from '../util/network';
import { keysFromArguments, papersForKeys } from '../workspace/paperArguments';
import { pickPapers } from '../workspace/paperPicker';
import { mayLookUp, refusedHere } from './consent';
import { recordKeysInUse } from './keysInUse';
import { datedQueries, registerDigestYear } from './years';
import { registerIdentifierLookup } from './identifiers';
import { registerBibliographyUpdate } from './updateBibliography';

/**
 * Paper metadata: "Complete Metadata" looks up authors, year, arXiv id and DOI for the papers of
 * a digest, the papers cited in the draft, those missing metadata, the papers picked, or all, only
 * once the writer allows it (consent.ts, asked before anything else, the digests' years included):
 * Hugging Face Daily Papers by day, then the arXiv API, then doi.org (core/metadata/lookup.ts).
 * A year the writer gives a digest is kept as its year (years.ts). Answers go to
 * the workspace's metadata file, so the next run, a co-author and CI need no network. Keys in use
 * (a note, a citation, a bibliography entry) never move; new ones follow the author rule.
 */

/** What `digestNotes.completeMetadata` did; returned to callers and specs. */
export interface CompleteMetadataResult {
  readonly asked: number;
  readonly found: number;
  readonly notFound: number;
  readonly requests: number;
  readonly cancelled: boolean;
  readonly allowed: boolean;
  readonly failures: readonly ServiceFailure[];
  /** What the writer was told at the end (absent when nothing was looked up). */
  readonly message?: string;
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('digestNotes.completeMetadata', (arg?: unknown, selected?: unknown) =>
      completeMetadata(services, context.workspaceState, arg, selected),
    ),
    registerBibliographyUpdate(services),
    registerDigestYear(services, context.workspaceState),
    registerIdentifierLookup(context, services),
  );
}

/** The services' addresses: the defaults, or mirrors from `digestNotes.metadata.endpoints`. */
export function endpointsSetting(): LookupEndpoints {
  const setting = config.get<Partial<Record<keyof LookupEndpoints, unknown>>>('metadata.endpoints', {});
  const pick = (name: keyof LookupEndpoints) => {
    const value = setting?.[name];
    return typeof value === 'string' && /^https?:\/\//.test(value) ? value.replace(/\/+$/, '') : DEFAULT_ENDPOINTS[name];
  };
  return { huggingface: pick('huggingface'), arxiv: pick('arxiv'), doi: pick('doi') };
}

async function completeMetadata(
  services: Services,
  state: vscode.Memento,
  arg: unknown,
  selected: unknown,
): Promise<CompleteMetadataResult | undefined> {
  const papers = await papersToComplete(services, arg, selected);
  if (!papers) {
    return undefined;
  }
  const none = { asked: 0, found: 0, notFound: 0, requests: 0, cancelled: false, failures: [] };
  const undated = queriesFor(papers, await services.metadata.index());
  if (undated.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Digest Notes: the metadata of {0} is known already; nothing to look up.', count(papers.length, 'paper')),
    );
    return { ...none, allowed: true };
  }
  // Consent first: no question about years (nor anything else) for a lookup the writer refuses.
  const endpoints = endpointsSetting();
  const undatedDigests = new Set(papersWithoutDate(papers, undated).map(paper => paper.occurrences[0]?.path)).size;
  if (refusedHere(state) || !(await mayLookUp(state, lookupPlan(undated), endpoints, undatedDigests))) {
    return { ...none, allowed: false };
  }
  // Keys already in use stay as they are, whatever the answers say (the author rule is for new keys).
  await recordKeysInUse(services, papers);
  const queries = await datedQueries(services, state, papers, undated);

  let answeredRequests = 0;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Digest Notes: looking up metadata'), cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      return lookupMetadata(queries, {
        fetch: nodeFetch,
        endpoints,
        signal: controller.signal,
        userAgent: userAgent(),
        limiters: sharedLimiters,
        log: entry => {
          if (entry.status !== undefined) {
            answeredRequests++;
          }
          log.info(`${entry.service} GET ${entry.url} -> ${entry.status ?? entry.error ?? 'no answer'} (${entry.ms.toFixed(0)} ms)`);
        },
        progress: (done, total) => {
          const percent = Math.floor((done / Math.max(total, 1)) * 100);
          progress.report({ message: `${done} of ${total} papers`, increment: percent - reported });
          reported = percent;
        },
      });
    },
  );
  const now = new Date().toISOString();
  if (result.answers.length > 0) {
    await services.metadata.update(file => mergeAnswers(file, result.answers, now));
    const library = await services.workspace.library(); // built again with the answers
    await services.metadata.update(file => keepKeys(file, library.papers));
  }
  const found = result.answers.filter(a => a.found).length;
  const notFound = result.answers.length - found;
  const said = lookupReport({
    asked: queries.length,
    found,
    notFound,
    cancelled: result.cancelled,
    failures: result.failures,
    answeredRequests,
  });
  show(said, result.failures);
  return {
    asked: queries.length,
    found,
    notFound,
    requests: result.requests,
    cancelled: result.cancelled,
    allowed: true,
    failures: result.failures,
    message: said.message,
  };
}

/** The papers whose query has no date (their digest's year is unknown). */
function papersWithoutDate(papers: readonly Paper[], queries: readonly PaperQuery[]): Paper[] {
  const titles = new Set(queries.filter(query => query.date === null).map(query => query.title));
  return papers.filter(paper => titles.has(paper.title));
}

/** Said once per run, not per paper; each service's trouble in detail goes to the log. */
function show(report: LookupReport, failures: readonly ServiceFailure[]): void {
  log.info(report.message);
  if (!report.warning) {
    void vscode.window.showInformationMessage(report.message);
    return;
  }
  log.warn(`lookup trouble: ${failures.map(f => `${f.service}: ${f.message} (${f.failedRequests} failed)`).join('; ')}`);
  void vscode.window.showWarningMessage(report.message, 'Show Log').then(choice => choice && log.show());
}

/**
 * The papers named: a digest (its URI, a tree node), keys, else the writer's choice of scope: the
 * papers cited in the draft at hand, the papers missing authors or a year, all, or some picked.
 */
async function papersToComplete(services: Services, arg: unknown, selected: unknown): Promise<readonly Paper[] | undefined> {
  const library = await services.workspace.library();
  const keys = keysFromArguments(arg, selected);
  if (keys) {
    return papersForKeys(services, keys);
  }
  const digest = uriFromArgument(arg, { plainPaths: false }) ?? activeDigest(services);
  if (digest) {
    const path = digest.toString();
    return library.papers.filter(p => p.occurrences.some(o => o.path === path));
  }
  const draft = services.drafts.lastDraft();
  const cited = draft ? citedPapers(draft, library) : [];
  const missing = library.papers.filter(paper => referenceGaps(paper) !== undefined);
  type Scope = vscode.QuickPickItem & { readonly papers?: readonly Paper[] };
  const scopes: Scope[] = [
    ...(draft && cited.length > 0
      ? [
          {
            label: vscode.l10n.t('Papers cited in this draft'),
            description: `${vscode.workspace.asRelativePath(draft.uri, false)} · ${count(cited.length, 'paper')}`,
            papers: cited,
          },
        ]
      : []),
    {
      label: vscode.l10n.t('Papers missing metadata'),
      description: vscode.l10n.t('{0} without authors or a year', count(missing.length, 'paper')),
      papers: missing,
    },
    { label: vscode.l10n.t('All papers'), description: count(library.papers.length, 'paper'), papers: library.papers },
    { label: vscode.l10n.t('Papers I pick…') },
  ];
  const scope = await vscode.window.showQuickPick(scopes, { title: vscode.l10n.t('Complete Metadata: which papers?') });
  if (!scope) {
    return undefined;
  }
  return scope.papers ?? pickPapers(services, { title: vscode.l10n.t('Complete Metadata: check the papers') });
}

/** The library's papers the draft cites, in order of first citation. */
function citedPapers(draft: vscode.TextDocument, library: Library): Paper[] {
  const language = citationLanguageOf(draft.languageId, draft.uri.path);
  if (!language) {
    return [];
  }
  const papers = new Map<string, Paper>();
  for (const ref of citedKeyRefs(draft.getText(), language)) {
    const paper = library.byKey(ref.key);
    if (paper && !papers.has(paper.key)) {
      papers.set(paper.key, paper);
    }
  }
  return [...papers.values()];
}

function activeDigest(services: Services): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document && services.workspace.isDigestDocument(document) ? document.uri : undefined;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
