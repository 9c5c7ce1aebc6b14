import * as vscode from 'vscode';
import { openDocument } from '../util/files';
import { citationLanguageOf, findMentions, type CitationLanguage, type Mention } from '../../core/drafts/mentions';
import { decodeText } from '../../core/util/text';
import { isInside } from '../../core/util/uriTree';
import { config } from '../util/config';
import { Disposable } from '../util/disposable';
import type { FolderEvents } from './folderEvents';
import { isInScope } from '../util/scope';

/** The drafts and notes scanned: Markdown, Quarto, R Markdown, LaTeX, Typst. */
export const DRAFT_GLOB = '**/*.{md,markdown,qmd,rmd,Rmd,tex,typ}';

/** Files read per slice of the first scan; between slices the extension host handles other work. */
const SLICE = 25;
/** Bigger files are not drafts (generated dumps); skipping them keeps the scan cheap. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** One place a key is cited or its note linked, with the line's text for the view. */
export interface CitedInLocation extends Mention {
  readonly uri: vscode.Uri;
  readonly lineText: string;
}

/**
 * Where each key is cited, kept per file: every draft's mentions (key -> places), and the reverse
 * map key -> files for counts. Built on first use, in slices so a large workspace never blocks the
 * extension host; afterwards a changed file is rescanned alone (watcher for disk, document events
 * for unsaved edits).
 */
export class CitedInIndex extends Disposable {
  private readonly files = new Map<string, Map<string, CitedInLocation[]>>();
  private readonly filesByKey = new Map<string, Set<string>>();
  private building: Promise<void> | undefined;
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changeEmitter = this.register(new vscode.EventEmitter<void>());
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Fires (debounced) after the index changed. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly folders: FolderEvents) {
    super();
    this.register({ dispose: () => [...this.pending.values(), this.changeTimer].forEach(t => clearTimeout(t)) });
  }

  /** Scans the workspace once; later calls share the promise. */
  ensureBuilt(): Promise<void> {
    this.building ??= this.build();
    return this.building;
  }

  /** Whether the first scan finished (counts are exact only then). */
  private built = false;

  /** Every place `key` is cited or its note linked, by file path then line. */
  async locations(key: string): Promise<CitedInLocation[]> {
    await this.ensureBuilt();
    return this.locationsNow(key);
  }

  private locationsNow(key: string): CitedInLocation[] {
    const found = [...(this.filesByKey.get(key) ?? [])].flatMap(file => this.files.get(file)?.get(key) ?? []);
    return found.sort((a, b) => a.uri.path.localeCompare(b.uri.path) || a.line - b.line || a.column - b.column);
  }

  /** How many files cite `key` (note links alone do not count). */
  async citationCount(key: string): Promise<number> {
    await this.ensureBuilt();
    return this.citationCountNow(key) ?? 0;
  }

  /** The count without waiting; undefined before the first scan finished. */
  citationCountNow(key: string): number | undefined {
    if (!this.built) {
      return undefined;
    }
    const files = this.filesByKey.get(key) ?? new Set<string>();
    return [...files].filter(file => this.files.get(file)?.get(key)?.some(m => m.kind === 'citation')).length;
  }

  private async build(): Promise<void> {
    this.watch();
    const uris = await vscode.workspace.findFiles(DRAFT_GLOB, config.excludeGlob());
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Digest Notes: finding citations' }, async () => {
      for (let i = 0; i < uris.length; i += SLICE) {
        await Promise.all(uris.slice(i, i + SLICE).map(uri => this.scanFile(uri)));
        await new Promise(resolve => setTimeout(resolve, 0));
      }
    });
    this.built = true;
    this.fireChanged();
  }

  private watching = false;

  /** Started before the first scan, so edits made while it runs are not lost. */
  private watch(): void {
    if (this.watching) {
      return;
    }
    this.watching = true;
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(DRAFT_GLOB, false, false, true));
    this.register(watcher.onDidCreate(uri => void this.scanFile(uri)));
    this.register(watcher.onDidChange(uri => void this.scanFile(uri)));
    // A deleted folder's drafts are gone too; a new folder's are read (see FolderEvents).
    this.register(this.folders.onDidDelete(uri => this.removeInside(uri)));
    this.register(this.folders.onDidCreateFolders(created => void this.scanFolders(created)));
    this.folders.start();
    this.register(vscode.workspace.onDidChangeTextDocument(e => this.schedule(e.document)));
    // A dirty document closed without saving: the disk is the truth again.
    this.register(vscode.workspace.onDidCloseTextDocument(d => void this.scanFile(d.uri)));
    this.register(vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('digestNotes.notesFolder') || e.affectsConfiguration('digestNotes.exclude')) {
        this.rebuild();
      }
    }));
  }

  private rebuild(): void {
    this.files.clear();
    this.filesByKey.clear();
    this.built = false;
    this.building = undefined;
    void this.ensureBuilt();
  }

  private schedule(document: vscode.TextDocument): void {
    const language = languageOf(document.languageId, document.uri);
    if (!language || !isInScope(document.uri)) {
      return;
    }
    const id = document.uri.toString();
    clearTimeout(this.pending.get(id));
    this.pending.set(id, setTimeout(() => {
      this.pending.delete(id);
      if (!document.isClosed) {
        this.store(document.uri, document.getText(), language);
      }
    }, 300));
  }

  private async scanFile(uri: vscode.Uri): Promise<void> {
    const language = languageOf('', uri);
    if (!language || !isInScope(uri)) {
      return;
    }
    const open = openDocument(uri);
    if (open) {
      this.store(uri, open.getText(), languageOf(open.languageId, uri) ?? language);
      return;
    }
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      const text = bytes.byteLength > MAX_FILE_BYTES ? undefined : decodeText(bytes);
      if (text !== undefined && text !== null) {
        this.store(uri, text, language);
      }
    } catch {
      this.remove(uri.toString()); // gone between the event and the read
    }
  }

  private store(uri: vscode.Uri, text: string, language: CitationLanguage): void {
    const id = uri.toString();
    const mentions = findMentions(text, language, {
      filePath: vscode.workspace.asRelativePath(uri, false),
      notesFolder: config.get('notesFolder', 'notes', uri),
    });
    const lines = mentions.length ? text.split('\n') : [];
    const byKey = new Map<string, CitedInLocation[]>();
    for (const mention of mentions) {
      const list = byKey.get(mention.key) ?? [];
      list.push({ ...mention, uri, lineText: lines[mention.line]?.replace(/\r$/, '').trim().slice(0, 200) ?? '' });
      byKey.set(mention.key, list);
    }
    this.removeQuietly(id);
    if (byKey.size > 0) {
      this.files.set(id, byKey);
      for (const key of byKey.keys()) {
        const files = this.filesByKey.get(key) ?? new Set<string>();
        files.add(id);
        this.filesByKey.set(key, files);
      }
    }
    this.fireChanged();
  }

  /** Reads the drafts inside folders just created or moved in. */
  private async scanFolders(folders: readonly vscode.Uri[]): Promise<void> {
    const exclude = config.excludeGlob();
    const found = await Promise.all(folders.map(folder => vscode.workspace.findFiles(new vscode.RelativePattern(folder, DRAFT_GLOB), exclude)));
    const uris = found.flat();
    for (let i = 0; i < uris.length; i += SLICE) {
      await Promise.all(uris.slice(i, i + SLICE).map(uri => this.scanFile(uri)));
    }
  }

  /** Forgets the file at `uri`, or every file under it when it was a folder. */
  private removeInside(uri: vscode.Uri): void {
    const gone = [...this.files.keys()].filter(id => isInside(id, uri.toString()));
    if (gone.map(id => this.removeQuietly(id)).some(Boolean)) {
      this.fireChanged();
    }
  }

  private remove(id: string): void {
    if (this.removeQuietly(id)) {
      this.fireChanged();
    }
  }

  private removeQuietly(id: string): boolean {
    const previous = this.files.get(id);
    if (!previous) {
      return false;
    }
    for (const key of previous.keys()) {
      const files = this.filesByKey.get(key);
      files?.delete(id);
      if (files?.size === 0) {
        this.filesByKey.delete(key);
      }
    }
    this.files.delete(id);
    return true;
  }

  private fireChanged(): void {
    if (!this.built) {
      return; // one event when the first scan ends, not one per file
    }
    clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => this.changeEmitter.fire(), 100);
  }
}

/** The scanner for a document: by language id first (an `.md` opened as Quarto), else by name. */
export function languageOf(languageId: string, uri: vscode.Uri): CitationLanguage | undefined {
  return citationLanguageOf(languageId) ?? citationLanguageOf(uri.path);
}
