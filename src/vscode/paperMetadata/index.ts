import * as vscode from 'vscode';
import {
  arxivError,
  doiError,
  manualFieldsOf,
  readManualFields,
  withManualRecord,
  yearError,
  type ManualFields,
} from '../../core/metadata/manual';
import { titleMatchText } from '../../core/metadata/match';
import type { Paper } from '../../core/model';
import type { Services } from '../services';
import { showError } from '../util/log';
import { paperFromArgument } from '../workspace/paperArguments';
import { EDIT_PAPER_METADATA } from '../workspace/referenceGaps';

/**
 * Edit Paper Metadata (issue 21): authors, year, arXiv id, DOI and venue typed by the writer,
 * kept in the metadata file as a `manual` record that lookups never overwrite. Takes a key (or a
 * tree node), else asks with the paper picker; a second argument `{ authors, year, arxiv, doi,
 * venue }` gives the answers without input boxes (specs, other extensions).
 */

/** What the command did; also returned to callers and specs. */
export interface EditPaperMetadataResult {
  readonly key: string;
  /** The key recorded for the paper (a key once written is kept). */
  readonly recordedKey?: string;
  readonly error?: string;
}

const FIELDS: readonly { field: keyof ManualFields; prompt: string; placeHolder: string; check?: (text: string) => string | undefined }[] =
  [
    { field: 'authors', prompt: 'Authors, "Family, Given; Family, Given"', placeHolder: 'Dunefsky, Jacob; Chlenski, Philippe' },
    { field: 'year', prompt: 'Year', placeHolder: '2024', check: yearError },
    { field: 'arxiv', prompt: 'arXiv id (empty if none)', placeHolder: '2406.11944', check: arxivError },
    { field: 'doi', prompt: 'DOI (empty if none)', placeHolder: '10.1145/3442188.3445922', check: doiError },
    { field: 'venue', prompt: 'Venue: journal or conference (empty if none)', placeHolder: 'NeurIPS 2024' },
  ];

export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(EDIT_PAPER_METADATA, async (arg?: unknown, answers?: unknown, selected?: unknown) => {
      const paper = await paperFromArgument(
        services,
        arg,
        vscode.l10n.t('Edit Paper Metadata'),
        Array.isArray(answers) ? answers : selected,
      );
      if (!paper) {
        return undefined;
      }
      const given = fieldsFromArgument(answers);
      const fields = given ?? (await askFields(paper));
      return fields && editPaperMetadata(services, paper, fields);
    }),
  );
}

/** The answers passed by a caller, or undefined when none were (a tree's selection is an array). */
function fieldsFromArgument(arg: unknown): ManualFields | undefined {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const { field } of FIELDS) {
    const value = (arg as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') {
      out[field] = String(value);
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** One input box per field, prefilled with what is known; undefined when the writer cancels. */
async function askFields(paper: Paper): Promise<ManualFields | undefined> {
  const known = manualFieldsOf(paper.metadata, paper.year);
  const out: Record<string, string> = {};
  for (const [i, { field, prompt, placeHolder, check }] of FIELDS.entries()) {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Edit Paper Metadata ({0}/{1}): {2}', i + 1, FIELDS.length, paper.title),
      prompt: vscode.l10n.t(prompt),
      placeHolder,
      value: known[field],
      ignoreFocusOut: true,
      validateInput: check,
    });
    if (value === undefined) {
      return undefined;
    }
    out[field] = value;
  }
  return out;
}

async function editPaperMetadata(services: Services, paper: Paper, fields: ManualFields): Promise<EditPaperMetadataResult> {
  const reading = readManualFields(fields, paper.metadata);
  if ('error' in reading) {
    const error = `${reading.field}: ${reading.error}`;
    void showError(vscode.l10n.t('Digest Notes: nothing recorded for {0}: {1}.', paper.key, error));
    return { key: paper.key, error };
  }
  try {
    const file = await services.metadata.update(current => withManualRecord(current, paper, reading.metadata, new Date().toISOString()));
    const recorded = file.records.find(record => titleMatchText(record.title) === titleMatchText(paper.title))?.key;
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(edit) Metadata of {0} recorded by hand', paper.key), 8000);
    return { key: paper.key, recordedKey: recorded ?? paper.key };
  } catch (error) {
    const message = (error as Error).message;
    void showError(vscode.l10n.t('Digest Notes: could not record the metadata of {0}: {1}', paper.key, message));
    return { key: paper.key, error: message };
  }
}
