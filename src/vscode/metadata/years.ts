import * as vscode from 'vscode';
import { isoDate, isValidDate, parseDayLine } from '../../core/digest/dates';
import { lacksYear } from '../../core/metadata/digestYears';
import type { PaperQuery } from '../../core/metadata/lookup';
import type { Paper } from '../../core/model';
import type { Services } from '../services';
import { uriFromArgument } from '../util/files';
import { showError } from '../util/log';
import { keysFromArguments } from '../workspace/paperArguments';
import { recordKeysInUse } from './keysInUse';

/**
 * A digest's year, when its day lines (`Mar 14`) and file name state none: asked once, then kept
 * in the metadata file (core/metadata/digestYears.ts) and used everywhere: the Papers view, the
 * keys of papers not keyed yet, bibliography entries, the lookups by date, the command line.
 * Keys already in use (a note, a citation, a bibliography entry) are recorded first, so none moves.
 */

/** What `digestNotes.setDigestYear` did. */
export interface SetDigestYearResult {
  /** The digest's URI string. */
  readonly digest: string;
  /** Its path in the metadata file. */
  readonly path: string;
  readonly year: number;
}

/** Older versions kept the answer in the workspace's memento; it is taken over as the digest's year. */
const OLD_YEARS_KEY = 'digestNotes.metadata.digestYears';

export function registerDigestYear(services: Services, state: vscode.Memento): vscode.Disposable {
  return vscode.commands.registerCommand('digestNotes.setDigestYear', async (arg?: unknown, given?: unknown) => {
    const digest = await digestOf(services, arg);
    if (!digest) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Digest Notes: open a digest (or pick one in the Papers view) to set its year.'),
      );
      return undefined;
    }
    const day = firstDayLabel(services, digest);
    const year = typeof given === 'number' ? given : await askYear(digest, day, 'set', await services.metadata.digestYear(digest));
    if (year === undefined || !validYear(year)) {
      return undefined;
    }
    return setDigestYear(services, digest, year, state);
  });
}

/** Keeps `year` for the digest, after recording the keys in use of its papers; undefined when it could not. */
export async function setDigestYear(
  services: Services,
  digest: vscode.Uri,
  year: number,
  state?: vscode.Memento,
): Promise<SetDigestYearResult | undefined> {
  const path = services.metadata.digestPath(digest);
  if (path === undefined) {
    void showError(vscode.l10n.t('Digest Notes: {0} is outside the workspace folder; its year cannot be kept.', digest.path));
    return undefined;
  }
  try {
    const library = await services.workspace.library();
    const papers = library.papers.filter(paper => paper.occurrences.some(o => o.path === digest.toString()));
    await recordKeysInUse(services, papers);
    await services.metadata.setDigestYear(digest, year);
  } catch (error) {
    void showError(vscode.l10n.t('Digest Notes: the year was not kept: {0}', (error as Error).message));
    return undefined;
  }
  if (state) {
    const old = state.get<Record<string, number>>(OLD_YEARS_KEY);
    if (old?.[digest.toString()] !== undefined) {
      const { [digest.toString()]: _dropped, ...rest } = old;
      await state.update(OLD_YEARS_KEY, rest);
    }
  }
  void vscode.window.setStatusBarMessage(`$(calendar) ${path}: year ${year}, kept in .digest-notes/metadata.json`, 8000);
  return { digest: digest.toString(), path, year };
}

/**
 * The queries with the date each undated digest's papers have once its year is known: the year
 * kept for it (or an older version's answer), else the writer's answer to one question per digest
 * (kept as the digest's year). Asked only after the writer allowed the lookup.
 */
export async function datedQueries(
  services: Services,
  state: vscode.Memento,
  papers: readonly Paper[],
  queries: readonly PaperQuery[],
): Promise<PaperQuery[]> {
  const byTitle = new Map(papers.map(paper => [paper.title, paper]));
  const old = state.get<Record<string, number>>(OLD_YEARS_KEY, {});
  const years = new Map<string, number | undefined>();
  const dated: PaperQuery[] = [];
  for (const query of queries) {
    const paper = byTitle.get(query.title);
    const occurrence = paper?.occurrences[0];
    const day = paper && parseDayLine(paper.day);
    if (query.date !== null || !occurrence || !day) {
      dated.push(query);
      continue;
    }
    if (!years.has(occurrence.path)) {
      const uri = vscode.Uri.parse(occurrence.path);
      let year: number | undefined = (await services.metadata.digestYear(uri)) ?? old[occurrence.path];
      year ??= await askYear(uri, paper.day, 'lookup');
      if (year !== undefined) {
        await setDigestYear(services, uri, year, state);
      }
      years.set(occurrence.path, year);
    }
    const year = years.get(occurrence.path);
    dated.push(year !== undefined && isValidDate(year, day.month, day.day) ? { ...query, date: isoDate(year, day.month, day.day) } : query);
  }
  return dated;
}

async function askYear(digest: vscode.Uri, day: string | undefined, why: 'set' | 'lookup', current?: number): Promise<number | undefined> {
  const name = vscode.workspace.asRelativePath(digest, false);
  const question = day
    ? vscode.l10n.t('Which year is "{0}" in {1}?', day, name)
    : vscode.l10n.t('Which year are the papers of {0} from?', name);
  const purpose =
    why === 'lookup'
      ? vscode.l10n.t("Hugging Face's daily papers are looked up by date; the year is kept as the digest's (leave empty to skip).")
      : vscode.l10n.t("It is kept in .digest-notes/metadata.json and dates the digest's papers everywhere.");
  const answer = await vscode.window.showInputBox({
    title: vscode.l10n.t('Digest Year'),
    prompt: `${question} ${purpose}`,
    value: current !== undefined ? String(current) : undefined,
    placeHolder: String(new Date().getFullYear()),
    validateInput: value => (value.trim() === '' || validYear(Number(value.trim())) ? undefined : 'A four-digit year, e.g. 2024'),
  });
  const year = Number(answer?.trim());
  return answer && validYear(year) ? year : undefined;
}

function validYear(year: number): boolean {
  return Number.isInteger(year) && year >= 1900 && year <= 2100;
}

/** The digest named: its URI, a tree node, a paper key (its first digest), else the active digest editor's. */
async function digestOf(services: Services, arg: unknown): Promise<vscode.Uri | undefined> {
  const named = uriFromArgument(arg, { plainPaths: false });
  if (named) {
    return named;
  }
  const key = keysFromArguments(arg)?.[0];
  const paper = key ? await services.workspace.paper(key) : undefined;
  if (paper?.occurrences[0]) {
    return vscode.Uri.parse(paper.occurrences[0].path);
  }
  const document = vscode.window.activeTextEditor?.document;
  return document && services.workspace.isDigestDocument(document) ? document.uri : undefined;
}

/** The first undated day line of the digest, for the question ("Which year is "Mar 14" in ...?"). */
function firstDayLabel(services: Services, digest: vscode.Uri): string | undefined {
  const parsed = services.workspace.digest(digest);
  if (parsed && !lacksYear(parsed)) {
    return parsed.days[0]?.label;
  }
  return parsed?.days.find(day => day.date === null)?.label;
}
