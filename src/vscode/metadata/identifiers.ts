/**
 * Papers by identifier (issue 21), for Insert Citation by Identifier and the paste provider
 * (src/vscode/identifiers): `digestNotes.addPapersByIdentifier` takes the identifiers' text and
 * returns the titles of the papers it found. Those the metadata file holds cost no request; the
 * others are looked up with the same consent, endpoints, log and client as Complete Metadata, and
 * recorded in the metadata file as added, so they join the library under "Added".
 */
import { version } from '../../../package.json';
import * as vscode from 'vscode';
import { recordAdded } from '../../core/identifiers/added';
import { describeIdentifier, findIdentifiers } from '../../core/identifiers/identifiers';
import { describeUnresolved, recordForIdentifier, resolveIdentifiers } from '../../core/identifiers/resolve';
import type { Services } from '../services';
import { log } from '../util/log';
import { mayLookUp, refusedHere } from './consent';
import { endpointsSetting } from './index';
import { nodeFetch } from '../util/nodeFetch';

export interface AddedByIdentifier {
  /** Titles of the papers found (known or looked up), in the order written. */
  readonly titles: readonly string[];
  /** One line per identifier not resolved (`doi:10.1/x: not found`, `arXiv:...: offline...`). */
  readonly unresolved: readonly string[];
  /** Whether requests were allowed (false: only the file was used). */
  readonly asked: boolean;
}

export function registerIdentifierLookup(context: vscode.ExtensionContext, services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('digestNotes.addPapersByIdentifier', (text: unknown) =>
    typeof text === 'string' ? addPapers(services, context.workspaceState, text) : undefined,
  );
}

async function addPapers(services: Services, state: vscode.Memento, text: string): Promise<AddedByIdentifier> {
  const identifiers = findIdentifiers(text);
  const { file } = await services.metadata.read();
  const unknown = identifiers.filter(identifier => recordForIdentifier(file, identifier)?.metadata === undefined);
  let allowed = false;
  if (unknown.length > 0 && !refusedHere(state)) {
    const endpoints = endpointsSetting();
    const plan = {
      huggingfaceDays: [],
      arxivTitles: [],
      arxivIds: unknown.flatMap(identifier => (identifier.kind === 'arxiv' ? [identifier.id] : [])),
      dois: unknown.flatMap(identifier => (identifier.kind === 'doi' ? [identifier.doi] : [])),
    };
    allowed = await mayLookUp(state, plan, endpoints);
  }
  const options = allowed
    ? {
        fetch: nodeFetch,
        endpoints: endpointsSetting(),
        userAgent: `digest-notes/${version} (VS Code)`,
        log: (entry: { url: string; status?: number; error?: string; ms: number }) =>
          log.info(`GET ${entry.url} ${entry.status ?? entry.error} (${entry.ms} ms)`),
      }
    : undefined;
  const resolution = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Digest Notes: looking up {0}', identifiers.map(describeIdentifier).join(', ')),
    },
    () => resolveIdentifiers(identifiers, file, options),
  );
  if (resolution.found.length > 0) {
    const answers = resolution.found.map(found => found.answer);
    await services.metadata.update(current => {
      const next = recordAdded(current, answers, new Date().toISOString());
      return JSON.stringify(next) === JSON.stringify(current) ? current : next;
    });
  }
  const unresolved = describeUnresolved(resolution);
  if (unresolved.length > 0) log.info(`Identifiers not resolved: ${unresolved.join('; ')}`);
  return { titles: resolution.found.map(found => found.answer.title), unresolved, asked: allowed };
}
