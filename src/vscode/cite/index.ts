import * as vscode from 'vscode';
import { showError } from '../util/log';
import { fileQueue } from '../util/fileQueue';
import { openDocument, uriFromArgument } from '../util/files';
import {
  planCitationAt,
  planCitationAtAlternative,
  type InsertionKind,
  type MovedOutOf,
  type RefusedIn,
} from '../../core/drafts/insertionPoint';
import { locatorFrom, type Locator } from '../../core/drafts/locators';
import type { Paper } from '../../core/model';
import {
  addPapersToBibliography,
  citationKeysFor,
  readBibliographySnapshot,
  resolveBibliographyTarget,
  outsideWorkspaceError,
  writeBibliographyEntries,
  type BibliographyAddResult,
} from '../workspace/bibliography';
import { insertionContextFor } from '../workspace/citationSyntax';
import { keysFromArguments, papersForKeys } from '../workspace/paperArguments';
import { pickPapers } from '../workspace/paperPicker';
import { gapReport, showGapReport, type GapReport } from '../workspace/referenceGaps';
import type { Services } from '../services';
import { registerCitationWithLocator } from './locator';

/**
 * Citing: `digestNotes.insertCitation` writes the citation at every cursor of the draft in the
 * draft's syntax (joining a cluster the cursor stands in), then adds the entries to the draft's
 * bibliography. `digestNotes.addToBibliography` only adds entries (completion calls it when an
 * item is accepted).
 */

/** What `digestNotes.insertCitation` did; also returned to callers and specs. */
export interface InsertCitationResult {
  /** The keys cited, in order (an existing entry's key where the bibliography has the title). */
  readonly keys: string[];
  /** How many insertions were made (one per cursor, fewer where cursors share a cluster). */
  readonly inserted: number;
  readonly draft?: string;
  readonly bibliography?: BibliographyAddResult;
  /** Said when an entry added lacks authors or a year (it prints "n.d." or the title for the author). */
  readonly gaps?: GapReport;
  readonly error?: string;
  /** Why nothing was written at the cursor (front matter, a preamble, a code block), and where it may go instead. */
  readonly refused?: { readonly reason: string; readonly refusedIn: RefusedIn; readonly alternative: vscode.Position };
  /** What the citation was moved out of to stand where it may (a word, a URL, the sentence...). */
  readonly movedOutOf?: MovedOutOf;
}

/**
 * How a command asks for a placement other than at the cursor: `{ keys, placement: 'paragraph' }`
 * (Suggest Citations), or `{ keys, at: { line, character } }` (a refusal's Cite There).
 */
function placementFrom(arg: unknown): { kind: InsertionKind; at?: vscode.Position; locator?: Locator } {
  const { placement, at, locator } =
    typeof arg === 'object' && arg !== null
      ? (arg as { placement?: unknown; at?: { line?: unknown; character?: unknown }; locator?: unknown })
      : {};
  const position =
    at && typeof at.line === 'number' && typeof at.character === 'number' ? new vscode.Position(at.line, at.character) : undefined;
  return { kind: placement === 'paragraph' ? 'paragraph' : 'citation', at: position, locator: locatorFrom(locator) };
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  const drafts = services.drafts;
  context.subscriptions.push(
    vscode.commands.registerCommand('digestNotes.insertCitation', async (arg?: unknown, selected?: unknown) => {
      const keys = keysFromArguments(arg, selected);
      const papers = keys ? await papersForKeys(services, keys) : await pickPapers(services, { title: vscode.l10n.t('Insert Citation') });
      if (!papers || papers.length === 0) {
        return undefined;
      }
      const editor = await drafts.editor();
      if (!editor) {
        const error = 'Open a draft (Markdown, LaTeX, Typst...) to cite into.';
        void vscode.window.showInformationMessage(error);
        return { keys: [], inserted: 0, error } satisfies InsertCitationResult;
      }
      // One cite at a time per draft: concurrent edits of one editor are refused by VS Code.
      const result = await fileQueue.run(editor.document.uri, () => citeInEditor(services, editor, papers, placementFrom(arg)));
      reportCitation(result);
      if (result.refused) {
        offerAlternative(
          editor,
          papers.map(p => p.key),
          result.refused,
          placementFrom(arg).locator,
        );
        return result;
      }
      // Only entries written now: an entry already there is the writer's, or was reported when added.
      const added = new Set(result.bibliography?.added ?? []);
      const gaps = await gapReport(
        services,
        papers.filter(paper => added.has(result.bibliography?.keys[paper.key] ?? paper.key)),
      );
      if (gaps) {
        showGapReport(gaps);
      }
      return gaps ? { ...result, gaps } : result;
    }),
    registerCitationWithLocator(services),
    vscode.commands.registerCommand('digestNotes.addToBibliography', async (arg?: unknown, draft?: unknown) => {
      const keys = keysFromArguments(arg);
      if (!keys) {
        return undefined;
      }
      const papers = await papersForKeys(services, keys);
      const document = (await draftDocument(draft)) ?? drafts.lastDraft();
      const result = await addPapersToBibliography(document, papers, await libraryKeys(services));
      reportBibliographyError(result);
      return result;
    }),
  );
}

/**
 * Cites `papers` at every selection of `editor` and adds them to its bibliography. Keys are
 * resolved against the bibliography first (an existing title keeps its entry's key); a
 * bibliography that cannot be parsed stops everything before the draft is touched.
 */
export async function citeInEditor(
  services: Services,
  editor: vscode.TextEditor,
  papers: readonly Paper[],
  placement: { readonly kind?: InsertionKind; readonly at?: vscode.Position; readonly locator?: Locator } = {},
): Promise<InsertCitationResult> {
  const draft = editor.document.uri.toString();
  const target = await resolveBibliographyTarget(editor.document);
  const snapshot = target && (await readBibliographySnapshot(target));
  if (snapshot?.error) {
    showBibliographyError(snapshot.error, snapshot.target.uri, snapshot.errorLine);
    return { keys: [], inserted: 0, draft, error: snapshot.error };
  }
  const plans = snapshot
    ? citationKeysFor(snapshot, papers, await libraryKeys(services))
    : papers.map(paper => ({ paper, key: paper.key, add: false }));
  const outside = target && plans.some(p => p.add) ? await outsideWorkspaceError(target) : undefined;
  if (outside) {
    void showError(vscode.l10n.t('Digest Notes: {0}', outside));
    return { keys: [], inserted: 0, draft, error: outside };
  }
  const keys = plans.map(p => p.key);
  const { inserted, refused, movedOutOf } = await insertCitationText(editor, keys, placement.kind, placement.at, placement.locator);
  if (inserted < 0) {
    return { keys, inserted: 0, draft, error: 'The draft changed while citing; nothing was inserted.' };
  }
  if (refused) {
    return { keys, inserted: 0, draft, refused }; // nothing written: the bibliography waits for the citation
  }
  if (!target) {
    return { keys, inserted, draft, movedOutOf };
  }
  const bibliography = await writeBibliographyEntries(target, plans);
  reportBibliographyError(bibliography);
  return { keys, inserted, draft, bibliography, movedOutOf };
}

/** After a refusal: says why, and offers to cite where the rule allows (the end of the body's first paragraph, or its next line). */
function offerAlternative(
  editor: vscode.TextEditor,
  keys: readonly string[],
  refused: NonNullable<InsertCitationResult['refused']>,
  locator?: Locator,
): void {
  const action = 'Cite There';
  const name = vscode.workspace.asRelativePath(editor.document.uri, false);
  const line = refused.alternative.line + 1;
  const where =
    refused.refusedIn === 'codeBlock'
      ? vscode.l10n.t('after the code block (line {0})', line)
      : vscode.l10n.t("at the end of the body's first paragraph (line {0})", line);
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t('Digest Notes: nothing cited in {0}: {1}. Cite {2} instead?', name, refused.reason, where),
      action,
    )
    .then(choice => {
      if (choice === action && !editor.document.isClosed) {
        const at = { line: refused.alternative.line, character: refused.alternative.character };
        void vscode.commands.executeCommand('digestNotes.insertCitation', { keys: [...keys], at, locator });
      }
    });
}

/** Where a moved citation went, as the status bar says it. */
const MOVED: Readonly<Record<MovedOutOf, string>> = {
  word: 'after the word',
  key: 'after the key',
  cluster: 'after the citation',
  sentence: "at the sentence's end",
  code: 'after the code',
  math: 'after the math',
  url: 'after the address',
  link: 'after the link',
  comment: 'after the comment',
  command: 'after the command',
};

/** How long the status bar says what a cite did. */
const REPORT_MS = 8000;

/**
 * Says what citing did, without a modal: which draft, which keys, which bibliography got how
 * many entries (errors have their own message already).
 */
function reportCitation(result: InsertCitationResult): void {
  if (result.error || result.refused || !result.draft) {
    return;
  }
  const draft = vscode.workspace.asRelativePath(vscode.Uri.parse(result.draft), false);
  const keys = result.keys.join(', ');
  const bibliography = result.bibliography;
  let where = '';
  if (bibliography?.target && !bibliography.error) {
    const name = vscode.workspace.asRelativePath(vscode.Uri.parse(bibliography.target), false);
    const n = bibliography.added.length;
    where =
      n > 0
        ? `; ${n} ${n === 1 ? 'entry' : 'entries'} added to ${name}`
        : `; ${name} already had ${result.keys.length === 1 ? 'it' : 'them'}`;
  }
  const moved = result.movedOutOf ? ` (${MOVED[result.movedOutOf]})` : '';
  const message = result.inserted > 0 ? `Cited ${keys} in ${draft}${moved}${where}` : `${draft} already cites ${keys} here${where}`;
  vscode.window.setStatusBarMessage(`$(quote) ${message}`, REPORT_MS);
}

/**
 * Writes the citation of `keys` at the end of every selection (selected text is kept) where the
 * placement rule allows (insertionPoint.ts), as one undo step; with `at`, once there (a refusal's
 * alternative). `inserted` is the number of insertions, 0 when every cursor's cluster already has
 * the keys, -1 when the edit was refused by the editor; `refused` when no cursor may take it.
 */
export async function insertCitationText(
  editor: vscode.TextEditor,
  keys: readonly string[],
  kind: InsertionKind = 'citation',
  at?: vscode.Position,
  locator?: Locator,
): Promise<{ inserted: number; refused?: InsertCitationResult['refused']; movedOutOf?: MovedOutOf }> {
  const document = editor.document;
  const context = insertionContextFor(document, kind);
  const text = document.getText();
  const inserts = new Map<number, string>();
  let refused: InsertCitationResult['refused'];
  let movedOutOf: MovedOutOf | undefined;
  if (at) {
    const plan = planCitationAtAlternative(text, document.offsetAt(at), keys, context.syntax, locator);
    if (plan) {
      inserts.set(plan.offset, plan.text);
    }
  }
  for (const selection of at ? [] : editor.selections) {
    const { insert, point } = planCitationAt(text, document.offsetAt(selection.end), keys, context, locator);
    if (!point.allowed) {
      refused ??= { reason: point.reason, refusedIn: point.refusedIn, alternative: document.positionAt(point.alternative) };
    } else if (insert && !inserts.has(insert.offset)) {
      inserts.set(insert.offset, insert.text);
      movedOutOf ??= point.movedOutOf;
    }
  }
  if (inserts.size === 0) {
    return { inserted: 0, refused };
  }
  const ok = await editor.edit(builder => {
    for (const [offset, insertion] of inserts) {
      builder.insert(document.positionAt(offset), insertion);
    }
  });
  return { inserted: ok ? inserts.size : -1, movedOutOf };
}

/** Every key of the library, so a suffixed key never takes another paper's. */
async function libraryKeys(services: Services): Promise<Set<string>> {
  return new Set((await services.workspace.library()).papers.map(p => p.key));
}

function reportBibliographyError(result: BibliographyAddResult): void {
  if (result.error) {
    showBibliographyError(result.error, result.target ? vscode.Uri.parse(result.target) : undefined, result.errorLine);
  }
}

/** The error, with a button that opens the bibliography at the faulty line. */
function showBibliographyError(message: string, uri: vscode.Uri | undefined, line?: number): void {
  const open = 'Open Bibliography';
  void showError(message, undefined, ...(uri ? [open] : [])).then(choice => {
    if (choice === open && uri) {
      const at = new vscode.Position(line ?? 0, 0);
      void vscode.window.showTextDocument(uri, { selection: new vscode.Range(at, at) });
    }
  });
}

async function draftDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = uriFromArgument(arg, { plainPaths: true });
  if (!uri) {
    return undefined;
  }
  return openDocument(uri) ?? vscode.workspace.openTextDocument(uri);
}
