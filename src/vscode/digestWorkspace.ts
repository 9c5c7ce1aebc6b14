import * as vscode from 'vscode';
import { openDocument } from './files';
import { buildLibraryInBackground, type Library } from '../core/library';
import type { ExistingEntry, Paper, ParsedDigest } from '../core/model';
import { parseDigestBytesInBackground, parseDigestInBackground } from '../core/parser';
import { yieldToEventLoop } from '../core/search/slices';
import { decodeText, decodeTextHead } from '../core/text';
import { looksLikeDigest } from '../core/detect';
import { config } from './config';
import { Disposable } from './disposable';
import { parsedDocument } from './editor/documentDigest';
import { spawnWorkspaceIndex, type WorkspaceIndex } from './workspaceIndex';

export type { WorkspaceIndex } from './workspaceIndex';

export const DIGEST_LANGUAGE_ID = 'paper-digest';

/** The longest the library build or an index update holds the host at a time (GC aside). */
const SLICE_MS = 10;
/** How much of a `.txt` file is decoded to tell whether it is a digest: `looksLikeDigest` reads 256K characters at most. */
const DETECTION_BYTES = 1024 * 1024;

/** Which digests changed; `undefined` uris means "everything" (first load, settings change). */
export interface DigestChange {
  readonly uris?: readonly string[];
}

/**
 * The workspace's digests, parsed once and kept current: the model every feature module reads.
 *
 * Nothing happens at construction (activation stays cheap); the first `library()` or `index()`
 * call scans the workspace. After that a changed file is re-parsed alone and the library (a cheap
 * merge) is rebuilt; the search index is updated incrementally. Open editors win over disk so
 * unsaved edits show at once.
 */
export class DigestWorkspace extends Disposable {
  private readonly digests = new Map<string, ParsedDigest>();
  private existingEntries: readonly ExistingEntry[] = [];
  private loading: Promise<void> | undefined;
  private currentLibrary: Library | undefined;
  /** Bumped whenever the digests change, so a library built from older ones is not kept. */
  private libraryVersion = 0;
  private pendingLibrary: { readonly version: number; readonly build: Promise<Library> } | undefined;
  /** The index worker: spawned on first use, before the library is ready (see `index`). */
  private currentIndex: WorkspaceIndex | undefined;
  /** The worker given its papers; `indexing` also chains the updates after. */
  private opening: Promise<WorkspaceIndex> | undefined;
  private indexing: Promise<WorkspaceIndex> | undefined;
  private indexedPapers: readonly Paper[] = [];
  private indexCacheFile: string | undefined;
  private watching = false;
  private readonly pendingDocuments = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changeEmitter = this.register(new vscode.EventEmitter<DigestChange>());

  /** Fires after the library reflects a change. */
  readonly onDidChange = this.changeEmitter.event;

  constructor() {
    super();
    this.register({ dispose: () => this.pendingDocuments.forEach(timer => clearTimeout(timer)) });
    this.register({ dispose: () => this.closeIndex() });
    this.register(vscode.workspace.onDidChangeTextDocument(e => this.scheduleDocument(e.document)));
    this.register(vscode.workspace.onDidOpenTextDocument(doc => this.scheduleDocument(doc)));
    this.register(vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('digestNotes')) {
        this.reset();
      }
    }));
  }

  /** Scans the workspace once; later calls share the same promise. */
  ensureLoaded(): Promise<void> {
    this.loading ??= this.loadAll();
    return this.loading;
  }

  /** The merged library, built in slices (at 10k papers one build would hold the host ~0.1 s). */
  async library(): Promise<Library> {
    await this.ensureLoaded();
    while (this.currentLibrary === undefined) {
      const version = this.libraryVersion;
      if (this.pendingLibrary?.version !== version) {
        const digests = [...this.digests.values()];
        const build = buildLibraryInBackground(digests, { existing: this.existingEntries, sliceMs: SLICE_MS });
        this.pendingLibrary = { version, build };
      }
      const library = await this.pendingLibrary.build;
      if (this.libraryVersion === version) {
        this.currentLibrary = library;
      }
    }
    return this.currentLibrary;
  }

  /** Lets the search index be restored after a reload and saved when it changes (indexCache.ts). */
  useIndexCache(file: string): void {
    this.indexCacheFile = file;
  }

  /**
   * The search index, started in a worker thread on first use (see src/indexWorker) and updated
   * incrementally after: only the papers added, removed or changed go to the worker.
   */
  async index(): Promise<WorkspaceIndex> {
    // Spawned first: its thread starts and the saved index loads while the digests are parsed.
    this.currentIndex ??= this.spawnIndex();
    const library = await this.library();
    if (library !== this.currentLibrary) {
      return this.index(); // the digests changed while this call waited
    }
    const worker = (this.currentIndex ??= this.spawnIndex()); // closed meanwhile by a reset
    let indexing: Promise<WorkspaceIndex>;
    if (!this.opening || !this.indexing) {
      indexing = this.opening = worker.load(library.papers);
    } else if (this.indexedPapers !== library.papers) {
      indexing = this.indexing.then(async index => {
        await index.update(library.papers);
        return index;
      });
    } else {
      indexing = this.indexing;
    }
    this.indexing = indexing;
    this.indexedPapers = library.papers;
    // A failed start or update is reported to this caller; the next call starts afresh.
    indexing.catch(() => this.forgetIndex(worker));
    return indexing;
  }

  private spawnIndex(): WorkspaceIndex {
    const worker: WorkspaceIndex = spawnWorkspaceIndex(this.indexCacheFile, () => this.forgetIndex(worker));
    return worker;
  }

  /** Drops an index whose worker stopped or failed, so the next `index()` starts a new one. */
  private forgetIndex(worker: WorkspaceIndex): void {
    if (this.currentIndex === worker) {
      this.closeIndex();
    }
  }

  /** Stops the current index's worker. */
  private closeIndex(): void {
    const worker = this.currentIndex;
    this.currentIndex = undefined;
    this.opening = undefined;
    this.indexing = undefined;
    this.indexedPapers = [];
    void worker?.dispose();
  }

  async paper(key: string): Promise<Paper | undefined> {
    return (await this.library()).byKey(key);
  }

  /** The parsed digest at `uri`, once loaded. */
  digest(uri: vscode.Uri | string): ParsedDigest | undefined {
    return this.digests.get(uri.toString());
  }

  /** Every digest's URI string, sorted for a stable tree. */
  digestUris(): string[] {
    return [...this.digests.keys()].sort();
  }

  /** Parses an open document now (bypassing the debounce), e.g. before revealing its paper. */
  async refreshDocument(document: vscode.TextDocument): Promise<ParsedDigest | undefined> {
    await this.ensureLoaded();
    if (!this.isDigestDocument(document)) {
      return undefined;
    }
    this.store(document.uri.toString(), await parsedDocument(document));
    this.changed([document.uri.toString()]);
    return this.digest(document.uri);
  }

  isDigestDocument(document: vscode.TextDocument): boolean {
    if (document.languageId === DIGEST_LANGUAGE_ID) {
      return true;
    }
    return this.digests.has(document.uri.toString());
  }

  /** Reparses everything: the Refresh command and settings changes. */
  reset(): void {
    this.loading = undefined;
    this.closeIndex();
    this.invalidateLibrary();
    this.digests.clear();
    void this.ensureLoaded().then(() => this.changeEmitter.fire({}));
  }

  private async loadAll(): Promise<void> {
    const uris = await this.findDigestUris();
    // A few files are read at a time (see readAndParse).
    const queue = [...uris];
    const worker = async () => {
      for (let uri = queue.shift(); uri; uri = queue.shift()) {
        const digest = await this.readAndParse(uri);
        if (digest !== undefined) {
          this.store(uri.toString(), digest);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
    this.existingEntries = await this.readExistingBibliography();
    this.watchFiles();
  }

  private async findDigestUris(): Promise<vscode.Uri[]> {
    const exclude = config.excludeGlob();
    const named = await vscode.workspace.findFiles(config.digestGlob(), exclude);
    if (!config.detectTxtDigests()) {
      return named;
    }
    const seen = new Set(named.map(u => u.toString()));
    const texts = await vscode.workspace.findFiles('**/*.txt', exclude, 5000);
    const detected = await Promise.all(texts.filter(u => !seen.has(u.toString())).map(async uri => {
      return (await this.looksLikeDigestFile(uri)) ? uri : undefined;
    }));
    return [...named, ...detected.filter((u): u is vscode.Uri => u !== undefined)];
  }

  /** Watches once for the extension's lifetime; `reset()` reloads but keeps the same watchers. */
  private watchFiles(): void {
    if (this.watching) {
      return;
    }
    this.watching = true;
    // Deletions are handled by the '**' watcher below, which also sees deleted folders.
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*.{digest,txt}', false, false, true));
    const onFile = async (uri: vscode.Uri) => {
      const open = openDocument(uri);
      if (open?.isDirty) {
        return; // the editor's text wins until it is saved
      }
      const digest = await this.readAndParse(uri);
      if (digest && (this.digests.has(uri.toString()) || (await this.isDigestFile(uri)))) {
        this.store(uri.toString(), digest);
        this.changed([uri.toString()]);
      }
    };
    this.register(watcher.onDidCreate(onFile));
    this.register(watcher.onDidChange(onFile));
    // A deleted folder fires one event for the folder, none for the digests inside it.
    const deletions = this.register(vscode.workspace.createFileSystemWatcher('**', true, true, false));
    this.register(deletions.onDidDelete(uri => this.forget(uri)));
  }

  /** Drops the digest at `uri`, or every digest under it when it was a folder. */
  private forget(uri: vscode.Uri): void {
    const path = uri.toString();
    const gone = [...this.digests.keys()].filter(key => key === path || key.startsWith(path + '/'));
    for (const key of gone) {
      this.digests.delete(key);
    }
    if (gone.length) {
      this.changed(gone);
    }
  }

  private async isDigestFile(uri: vscode.Uri): Promise<boolean> {
    if (/\.digest(\.txt)?$/i.test(uri.path)) {
      return true;
    }
    return config.detectTxtDigests() && this.looksLikeDigestFile(uri);
  }

  /** Only the file's start is read for this: a large log file is not decoded whole. */
  private async looksLikeDigestFile(uri: vscode.Uri): Promise<boolean> {
    const bytes = await this.readBytes(uri);
    const head = bytes && decodeTextHead(bytes, DETECTION_BYTES);
    return typeof head === 'string' && looksLikeDigest(head);
  }

  private scheduleDocument(document: vscode.TextDocument): void {
    if (!this.loading || !this.isDigestDocument(document)) {
      return; // before the first load, the scan will read it anyway
    }
    const key = document.uri.toString();
    clearTimeout(this.pendingDocuments.get(key));
    this.pendingDocuments.set(key, setTimeout(async () => {
      this.pendingDocuments.delete(key);
      const digest = await parsedDocument(document);
      // A newer edit rescheduled meanwhile, or the editor closed: that edit's parse will store.
      if (!document.isClosed && !this.pendingDocuments.has(key)) {
        this.store(key, digest);
        this.changed([key]);
      }
    }, 250));
  }

  private store(key: string, digest: ParsedDigest): void {
    this.digests.set(key, digest);
    this.invalidateLibrary();
  }

  private invalidateLibrary(): void {
    this.currentLibrary = undefined;
    this.libraryVersion += 1;
  }

  private changed(uris: readonly string[]): void {
    this.invalidateLibrary();
    this.changeEmitter.fire({ uris });
  }

  /**
   * An open editor's text (unsaved edits win), else the file's, parsed in slices and in its own
   * turns of the event loop: a digest of thousands of papers would hold the host a few hundred
   * ms at once, and reads finishing together would otherwise be parsed back to back.
   */
  private async readAndParse(uri: vscode.Uri): Promise<ParsedDigest | undefined> {
    const options = { defaultYear: config.defaultYear() };
    const open = openDocument(uri);
    if (open) {
      return parseDigestInBackground(open.getText(), uri.toString(), options, { sliceMs: SLICE_MS });
    }
    const bytes = await this.readBytes(uri);
    await yieldToEventLoop();
    return bytes && ((await parseDigestBytesInBackground(bytes, uri.toString(), options, { sliceMs: SLICE_MS })) ?? undefined);
  }

  private async readBytes(uri: vscode.Uri): Promise<Uint8Array | undefined> {
    try {
      return await vscode.workspace.fs.readFile(uri);
    } catch {
      return undefined; // vanished between listing and reading
    }
  }

  private async readText(uri: vscode.Uri): Promise<string | undefined> {
    const bytes = await this.readBytes(uri);
    return (bytes && decodeText(bytes)) ?? undefined;
  }

  /** Keys already in the configured bibliography are never renamed (SPEC: the bibliography wins). */
  private async readExistingBibliography(): Promise<readonly ExistingEntry[]> {
    const { readBibliography, bibFormatForPath } = await import('../core/bib');
    const folder = vscode.workspace.workspaceFolders?.[0];
    const setting = config.get('bibliography', 'references.bib');
    const format = bibFormatForPath(setting);
    if (!folder || !format) {
      return [];
    }
    const text = await this.readText(vscode.Uri.joinPath(folder.uri, setting));
    return text === undefined ? [] : readBibliography(text, format).entries;
  }
}
