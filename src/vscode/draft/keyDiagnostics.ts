import * as vscode from 'vscode';
import { planCitationKeys } from '../../core/drafts/bibTarget';
import { checkableKeyRefs } from '../../core/drafts/draftKeys';
import type { ExistingEntry, Paper } from '../../core/model';
import { Disposable } from '../util/disposable';
import { KeyedDebouncer } from '../util/debouncer';
import { fileExists } from '../util/files';
import { draftBibliographies } from '../workspace/bibliography';

/** The debouncer's key for "check every open draft" (a URI string never looks like this). */
const ALL_DRAFTS = '*';
import type { Services } from '../services';
import { BibliographyKeyReader, draftLanguageOf } from './draftDocument';

export const DIAGNOSTIC_SOURCE = 'digest-notes';
/** A key in neither the draft's bibliography nor any digest: pandoc and LaTeX will not resolve it. */
export const UNKNOWN_KEY = 'unknown-key';
/** A digest paper's key the bibliography lacks yet: resolvable, one command away from working. */
export const NOT_IN_BIBLIOGRAPHY = 'not-in-bibliography';
/** A digest paper the bibliography holds under another key (its title matches): cite that key. */
export const BIBLIOGRAPHY_KEY = 'bibliography-key';

const TYPING_DELAY_MS = 400;
const REFRESH_DELAY_MS = 300;
/** A key the cursor is in is left alone this long after the last keystroke. */
const TYPING_GRACE_MS = 1500;

/** What the specs and the quick fixes reach through `services.api.keyDiagnostics`. */
export interface KeyDiagnosticsApi {
  /** Checks one document now and resolves once its diagnostics are set. */
  refresh(document: vscode.TextDocument): Promise<void>;
}

/**
 * Checks every key cited in open drafts: unknown keys are warnings (the SPEC: a key that resolves
 * nowhere); digest keys the bibliography lacks, or holds under another key, are information (they
 * resolve, but pandoc would not find them yet); each with quick fixes (keyFixes.ts). A draft whose
 * bibliography cannot be read gets none: absence from it proves nothing. Runs when a draft opens
 * or changes (debounced), and when the digests or a bibliography change. A draft without
 * citations never loads the library.
 */
export class KeyDiagnostics extends Disposable implements KeyDiagnosticsApi {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  private readonly checks = this.register(new KeyedDebouncer<string>(REFRESH_DELAY_MS));
  /** When each draft was last edited: the key under the cursor is not flagged while it is typed. */
  private readonly typedAt = new Map<string, number>();
  /** URI strings of the bibliography files each checked draft depends on. */
  private readonly dependencies = new Map<string, readonly string[]>();

  constructor(
    private readonly services: Services,
    private readonly bibliographies: BibliographyKeyReader,
  ) {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument(d => this.schedule(d, REFRESH_DELAY_MS)));
    this.register(vscode.workspace.onDidChangeTextDocument(e => this.onChange(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument(d => this.forget(d.uri)));
    this.register(services.workspace.onDidChange(() => this.scheduleAll()));
    this.register(
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration('digestNotes.bibliography') || e.affectsConfiguration('digestNotes.notesFolder')) {
          this.scheduleAll();
        }
      }),
    );
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*.{bib,json,yaml,yml}'));
    const onBibliographyFile = (uri: vscode.Uri) => this.onBibliographyChange(uri);
    this.register(watcher.onDidCreate(onBibliographyFile));
    this.register(watcher.onDidChange(onBibliographyFile));
    this.register(watcher.onDidDelete(onBibliographyFile));
    // Off the activation path: drafts already open are checked a moment later.
    this.scheduleAll();
  }

  async refresh(document: vscode.TextDocument): Promise<void> {
    this.checks.cancel(document.uri.toString());
    await this.check(document);
  }

  /** The diagnostics of ours on `uri` right now (the code actions read them). */
  diagnosticsOf(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  private onChange(document: vscode.TextDocument): void {
    this.typedAt.set(document.uri.toString(), Date.now());
    if (this.dependents(document.uri).length > 0) {
      this.onBibliographyChange(document.uri);
    }
    this.schedule(document, TYPING_DELAY_MS);
  }

  private onBibliographyChange(uri: vscode.Uri): void {
    const dependents = new Set(this.dependents(uri));
    for (const document of vscode.workspace.textDocuments) {
      if (dependents.has(document.uri.toString())) {
        this.schedule(document, REFRESH_DELAY_MS);
      }
    }
  }

  private dependents(uri: vscode.Uri): string[] {
    const id = uri.toString();
    return [...this.dependencies].filter(([, files]) => files.includes(id)).map(([draft]) => draft);
  }

  private scheduleAll(): void {
    this.checks.schedule(ALL_DRAFTS, () => vscode.workspace.textDocuments.forEach(d => this.schedule(d, 0)));
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    const id = document.uri.toString();
    if (!draftLanguageOf(this.services, document) && !this.collection.has(document.uri)) {
      return; // output panels, digests, settings...: nothing to check and nothing to clear
    }
    this.checks.schedule(id, () => void this.check(document), delay);
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    const language = document.isClosed ? undefined : draftLanguageOf(this.services, document);
    const refs = language ? checkableKeyRefs(document.getText(), language) : [];
    if (!language || refs.length === 0) {
      this.forget(document.uri);
      return;
    }
    const version = document.version;
    if (!(await this.mayWarn(document))) {
      this.forget(document.uri); // a README with `[@foo]` in a project that keeps no papers
      return;
    }
    const [library, bibliography] = await Promise.all([this.services.workspace.library(), this.bibliographies.keysFor(document, language)]);
    if (document.isClosed || document.version !== version) {
      return; // a newer check is scheduled
    }
    const typing = this.keyBeingTyped(document);
    this.dependencies.set(document.uri.toString(), bibliography.files);
    const diagnostics: vscode.Diagnostic[] = [];
    for (const ref of refs) {
      if (bibliography.has(ref.key) || !bibliography.complete) {
        continue; // resolved, or an unreadable bibliography that may well hold it
      }
      if (typing && typing.start <= ref.end && ref.start <= typing.end) {
        this.checks.schedule(document.uri.toString(), () => void this.check(document), TYPING_GRACE_MS);
        continue; // half a key: checked again once typing pauses
      }
      const range = new vscode.Range(document.positionAt(ref.start), document.positionAt(ref.end));
      diagnostics.push(keyDiagnostic(range, ref.key, library.byKey(ref.key), bibliography.entries));
    }
    this.collection.set(document.uri, diagnostics);
  }

  /**
   * Keys are checked only where citing is at home: a draft that declares a bibliography, a
   * workspace with the setting's bibliography file, or one with digests. The check never scans
   * the workspace for this (a file listing at most).
   */
  private async mayWarn(document: vscode.TextDocument): Promise<boolean> {
    const { uris, declared } = draftBibliographies(document);
    if (declared) {
      return true;
    }
    if (uris.length > 0 && (await fileExists(uris[0]))) {
      return true;
    }
    return this.services.workspace.hasDigests();
  }

  /** The cursor's offset range in `document` while the writer is typing in it, else undefined. */
  private keyBeingTyped(document: vscode.TextDocument): { start: number; end: number } | undefined {
    const editor = vscode.window.activeTextEditor;
    const typedAt = this.typedAt.get(document.uri.toString()) ?? 0;
    if (editor?.document !== document || Date.now() - typedAt > TYPING_GRACE_MS) {
      return undefined;
    }
    const cursor = document.offsetAt(editor.selection.active);
    return { start: cursor, end: cursor };
  }

  /** The key the draft's bibliography holds `paper` under when it is not the paper's own (same title). */
  async bibliographyKeyOf(document: vscode.TextDocument, paper: Paper): Promise<string | undefined> {
    const language = draftLanguageOf(this.services, document);
    const bibliography = language && (await this.bibliographies.keysFor(document, language));
    return bibliography ? keyInBibliography(paper, bibliography.entries) : undefined;
  }

  private forget(uri: vscode.Uri): void {
    this.checks.cancel(uri.toString());
    this.typedAt.delete(uri.toString());
    this.dependencies.delete(uri.toString());
    this.collection.delete(uri);
  }
}

function keyDiagnostic(range: vscode.Range, key: string, paper: Paper | undefined, entries: readonly ExistingEntry[]): vscode.Diagnostic {
  const inBibliography = paper && keyInBibliography(paper, entries);
  const [message, severity, code] = !paper
    ? [`Unknown citation key "${key}": it is in neither the bibliography nor any digest.`, vscode.DiagnosticSeverity.Warning, UNKNOWN_KEY]
    : inBibliography
      ? [
          `"${key}" (${paper.title}) stands in the bibliography as "${inBibliography}".`,
          vscode.DiagnosticSeverity.Information,
          BIBLIOGRAPHY_KEY,
        ]
      : [`"${key}" (${paper.title}) is not in the bibliography yet.`, vscode.DiagnosticSeverity.Information, NOT_IN_BIBLIOGRAPHY];
  const diagnostic = new vscode.Diagnostic(range, message, severity);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = code;
  return diagnostic;
}

/** The entry key citing would use for `paper` when the bibliography already has it under another key. */
function keyInBibliography(paper: Paper, entries: readonly ExistingEntry[]): string | undefined {
  const [plan] = planCitationKeys([paper], entries);
  return plan && !plan.add && plan.key !== paper.key ? plan.key : undefined;
}
