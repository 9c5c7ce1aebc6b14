import * as vscode from 'vscode';
import { keepKeys, lookupPlan, queriesFor } from '../../core/metadata/apply';
import { isoDate, isValidDate, parseDayLine } from '../../core/digest/dates';
import { DEFAULT_ENDPOINTS, lookupMetadata, type LookupEndpoints, type PaperQuery, type ServiceFailure } from '../../core/metadata/lookup';
import { mergeAnswers, recordKeys } from '../../core/metadata/store';
import type { Paper } from '../../core/model';
import type { Services } from '../services';
import { config } from '../util/config';
import { uriFromArgument } from '../util/files';
import { log } from '../util/log';
import { keysFromArguments, papersForKeys } from '../workspace/paperArguments';
import { pickPapers } from '../workspace/paperPicker';
import { mayLookUp, refusedHere } from './consent';
import { nodeFetch } from './nodeFetch';
import { registerIdentifierLookup } from './identifiers';
import { registerBibliographyUpdate } from './updateBibliography';

/**
 * Paper metadata: "Complete Metadata" looks up authors, year, arXiv id and DOI for the papers of
 * a digest, the papers picked, or all, only once the writer allows it (consent.ts): Hugging Face
 * Daily Papers by day, then the arXiv API, then doi.org (core/metadata/lookup.ts). Answers go to
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
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('digestNotes.completeMetadata', (arg?: unknown, selected?: unknown) =>
      completeMetadata(services, context.workspaceState, arg, selected),
    ),
    registerBibliographyUpdate(services),
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
  const queries = await withYears(state, papers, queriesFor(papers, await services.metadata.index()));
  if (queries.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Digest Notes: the metadata of {0} is known already; nothing to look up.', count(papers.length, 'paper')),
    );
    return { ...none, allowed: true };
  }
  const endpoints = endpointsSetting();
  if (refusedHere(state) || !(await mayLookUp(state, lookupPlan(queries), endpoints))) {
    return { ...none, allowed: false };
  }
  // Keys already in use stay as they are, whatever the answers say (the author rule is for new keys).
  const inUse: Paper[] = [];
  for (const paper of papers) {
    if (services.notes.has(paper.key) || (await services.citedIn.citationCount(paper.key)) > 0) {
      inUse.push(paper);
    }
  }
  await services.metadata.update(file => (inUse.length ? recordKeys(file, inUse) : file));

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
        userAgent: `digest-notes/${vscode.extensions.getExtension('digest-notes.digest-notes')?.packageJSON.version ?? 'dev'}`,
        log: entry =>
          log.info(`${entry.service} GET ${entry.url} -> ${entry.status ?? entry.error ?? 'no answer'} (${entry.ms.toFixed(0)} ms)`),
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
  report(found, notFound, queries.length, result.failures, result.cancelled);
  return {
    asked: queries.length,
    found,
    notFound,
    requests: result.requests,
    cancelled: result.cancelled,
    allowed: true,
    failures: result.failures,
  };
}

/**
 * Hugging Face is asked by date, and a digest's day line rarely has a year (nor its file name, nor
 * the digestNotes.defaultYear setting). The writer is asked once per digest; the answer is kept
 * for the workspace and used for the lookup only (the digest is not changed).
 */
async function withYears(state: vscode.Memento, papers: readonly Paper[], queries: PaperQuery[]): Promise<PaperQuery[]> {
  const byTitle = new Map(papers.map(paper => [paper.title, paper]));
  const years = state.get<Record<string, number>>(YEARS_KEY, {});
  const asked = new Set<string>();
  const dated: PaperQuery[] = [];
  for (const query of queries) {
    const paper = byTitle.get(query.title);
    const occurrence = paper?.occurrences[0];
    const day = paper && parseDayLine(paper.day);
    if (query.date !== null || !occurrence || !day) {
      dated.push(query);
      continue;
    }
    if (years[occurrence.path] === undefined && !asked.has(occurrence.path)) {
      asked.add(occurrence.path);
      const year = await askYear(occurrence.path, paper.day);
      if (year !== undefined) {
        years[occurrence.path] = year;
        await state.update(YEARS_KEY, years);
      }
    }
    const year = years[occurrence.path];
    dated.push(year !== undefined && isValidDate(year, day.month, day.day) ? { ...query, date: isoDate(year, day.month, day.day) } : query);
  }
  return dated;
}

const YEARS_KEY = 'digestNotes.metadata.digestYears';

async function askYear(digestPath: string, day: string): Promise<number | undefined> {
  const name = vscode.workspace.asRelativePath(vscode.Uri.parse(digestPath), false);
  const answer = await vscode.window.showInputBox({
    title: vscode.l10n.t('Complete Metadata'),
    prompt: vscode.l10n.t(
      'Which year is "{0}" in {1}? Hugging Face\'s daily papers are looked up by date (leave empty to skip it).',
      day,
      name,
    ),
    placeHolder: String(new Date().getFullYear()),
    validateInput: value => (value.trim() === '' || /^(19|20)\d\d$/.test(value.trim()) ? undefined : 'A four-digit year, e.g. 2024'),
  });
  return answer && /^(19|20)\d\d$/.test(answer.trim()) ? Number(answer.trim()) : undefined;
}

/** Said once per run, not per paper: what was found, and each service's trouble. */
function report(found: number, notFound: number, asked: number, failures: readonly ServiceFailure[], cancelled: boolean): void {
  const summary =
    `Digest Notes: metadata found for ${found} of ${count(asked, 'paper')}` +
    `${notFound ? `; ${notFound} not found (titles must match exactly)` : ''}` +
    `${cancelled ? '; cancelled' : ''}.`;
  log.info(summary);
  if (failures.length === 0) {
    void vscode.window.showInformationMessage(summary);
    return;
  }
  const troubles = failures.map(f => `${f.service}: ${f.message}`).join('; ');
  log.warn(`lookup trouble: ${troubles}`);
  void vscode.window
    .showWarningMessage(
      vscode.l10n.t(
        '{0} Some services could not answer ({1}); citing works as before, and the papers left open are asked again next time.',
        summary,
        troubles,
      ),
      'Show Log',
    )
    .then(choice => choice && log.show());
}

/** The papers named: a digest (its URI, a tree node), keys, else the writer's choice of scope. */
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
  const scope = await vscode.window.showQuickPick(
    [
      { label: 'All papers', description: count(library.papers.length, 'paper'), scope: 'all' as const },
      { label: 'Papers I pick…', scope: 'pick' as const },
    ],
    { title: vscode.l10n.t('Complete Metadata') },
  );
  if (!scope) {
    return undefined;
  }
  return scope.scope === 'all' ? library.papers : pickPapers(services, { title: vscode.l10n.t('Complete Metadata: check the papers') });
}

function activeDigest(services: Services): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document && services.workspace.isDigestDocument(document) ? document.uri : undefined;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
