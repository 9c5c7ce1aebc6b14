import * as vscode from 'vscode';
import { buildLibraryInBackground, type Library } from '../../core/library/library';
import type { ExistingEntry, Paper, ParsedDigest } from '../../core/model';
import { isInside } from '../../core/util/uriTree';
import { config } from '../util/config';
import { readText } from '../util/files';
import { settingBibliography } from './bibliography';
import { findDigestUris, HOST_SLICE_MS, readDigest } from './digestFiles';
import { followDigestFiles } from './digestFollower';
import type { FileFollower } from './fileFollower';
import { Disposable } from '../util/disposable';
import { KeyedDebouncer } from '../util/debouncer';
import { log } from '../util/log';
import { parsedDocument } from './documentDigest';
import type { FolderEvents } from './folderEvents';
import type { WorkspaceMetadata } from './metadataFile';
import { withStoredMetadata } from '../../core/metadata/apply';
import { MetadataIndex, METADATA_FILE, recordedKeyEntries } from '../../core/metadata/store';
import { digestYearOf, withDigestYear } from '../../core/metadata/digestYears';
import { addedDigest } from '../../core/identifiers/added';
import { WorkspaceIndexKeeper, type WorkspaceIndex } from './searchIndex';
import type { IndexCache } from './indexCache';
import type { DigestSnapshotStore } from './digestSnapshot';
export type { WorkspaceIndex } from './searchIndex';

export const DIGEST_LANGUAGE_ID = 'paper-digest';
/** A digest being edited is parsed again once typing pauses this long. */
const EDIT_SETTLE_MS = 250;
/** The digest snapshot is saved this long after the last change (not while a first search is under way). */
const SNAPSHOT_SAVE_MS = 3000;
/**
 * After a warm start, the workspace scan for digests added while the window was closed waits this
 * long: a file search spawns processes from the host's thread (50-80 ms holds each, measured on a
 * busy machine), which should not land on the writer's first search.
 */

/** Which digests changed; `undefined` uris means "everything" (first load, settings change). */
export interface DigestChange {
  readonly uris?: readonly string[];
}

/**
 * The settings that change which files are digests, how they parse, or which keys papers get (the
 * bibliography's keys are kept): only these read everything again. A note, citation or lookup
 * setting changes nothing here, and a reload of 10k papers for one would blank every view a while.
 */
const PARSE_SETTINGS = ['digestGlob', 'exclude', 'detectTxtDigests', 'defaultYear', 'maxFileSizeMB', 'bibliography'] as const;

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
  /** Digests dated with the year the writer gave them (the metadata file's `digests`), as of the last library build. */
  private dated = new WeakMap<ParsedDigest, ParsedDigest>();
  private existingEntries: readonly ExistingEntry[] = [];
  private loading: Promise<void> | undefined;
  private currentLibrary: Library | undefined;
  /** Bumped whenever the digests change, so a library built from older ones is not kept. */
  private libraryVersion = 0;
  private pendingLibrary: { readonly version: number; readonly build: Promise<Library> } | undefined;
  private readonly searchIndex: WorkspaceIndexKeeper;
  /** Keeps the digests current as files and folders change on disk. */
  private readonly follower: FileFollower<ParsedDigest>;
  /** Edits in a digest editor are parsed once typing pauses. */
  private readonly edits = this.register(new KeyedDebouncer<string>(EDIT_SETTLE_MS));
  private readonly changeEmitter = this.register(new vscode.EventEmitter<DigestChange>());
  /** The digests parsed last session (digestSnapshot.ts); none without workspace storage. */
  private readonly snapshot: DigestSnapshotStore | undefined;
  private readonly snapshotSaves = this.register(new KeyedDebouncer<'save'>(SNAPSHOT_SAVE_MS));
  /** Bumped by `reset`, so a background scan of an older load stops. */
  private generation = 0;
  /** The snapshot save under way, if any. */
  private saving: Promise<void> = Promise.resolve();
  /** How the last load went (for the perf specs and the log). */
  lastLoad: { readonly restored: number; readonly reread: number; readonly ms: number } | undefined;

  /** Fires after the library reflects a change. */
  readonly onDidChange = this.changeEmitter.event;

  /** `cache`: where the search index and the digest snapshot are saved between sessions (indexCache.ts), if anywhere. */
  constructor(
    folders: FolderEvents,
    cache: IndexCache | undefined,
    private readonly metadata: WorkspaceMetadata,
  ) {
    super();
    this.snapshot = cache?.digests();
    this.register(
      metadata.onDidChange(() => {
        if (this.loading) {
          this.invalidateLibrary();
          this.changeEmitter.fire({});
        }
      }),
    );
    this.searchIndex = new WorkspaceIndexKeeper(cache?.file.fsPath);
    this.follower = this.register(
      followDigestFiles(
        {
          has: key => this.digests.has(key),
          store: (key, digest) => this.store(key, digest),
          changed: keys => this.changed(keys),
          forget: uri => this.forget(uri),
        },
        folders,
      ),
    );
    this.register({ dispose: () => this.searchIndex.close() });
    this.register(vscode.workspace.onDidChangeTextDocument(e => this.scheduleDocument(e.document)));
    this.register(vscode.workspace.onDidOpenTextDocument(doc => this.scheduleDocument(doc)));
    this.register(
      vscode.workspace.onDidChangeConfiguration(e => {
        if (PARSE_SETTINGS.some(setting => e.affectsConfiguration(`digestNotes.${setting}`))) {
          this.reset();
        }
      }),
    );
  }

  /** Scans the workspace once; later calls share the same promise. */
  ensureLoaded(): Promise<void> {
    // The search worker starts with the first load: its thread takes a few hundred ms to start
    // (more on a busy machine), which then overlaps the reading instead of the first search.
    this.searchIndex.spawnEarly();
    if (!this.loading) {
      this.loading = this.loadAll();
      void this.loading.then(
        () => this.loadEmitter.fire(),
        () => undefined,
      );
    }
    return this.loading;
  }

  private readonly loadEmitter = this.register(new vscode.EventEmitter<void>());
  /**
   * Fires after each whole load (the first, and after a reset), which does not fire
   * onDidChange: whoever only watches for digests (the walkthrough) sees the first ones here,
   * without starting a load itself.
   */
  readonly onDidLoad = this.loadEmitter.event;

  /** The merged library, built in slices (at 10k papers one build would hold the host ~0.1 s). */
  async library(): Promise<Library> {
    await this.ensureLoaded();
    while (this.currentLibrary === undefined) {
      const version = this.libraryVersion;
      if (this.pendingLibrary?.version !== version) {
        this.pendingLibrary = { version, build: this.buildLibrary() };
      }
      const library = await this.pendingLibrary.build;
      if (this.libraryVersion === version) {
        this.currentLibrary = library;
      }
    }
    return this.currentLibrary;
  }

  /**
   * Builds the library with what the metadata file knows (authors, ids, dates) and its recorded
   * keys, which never move; the bibliography's keys come first (the bibliography wins).
   */
  private async buildLibrary(): Promise<Library> {
    const { file } = await this.metadata.read();
    const index = new MetadataIndex(file);
    const dated = new WeakMap<ParsedDigest, ParsedDigest>();
    for (const [uri, digest] of this.digests) {
      const path = file.digests?.length ? this.metadata.digestPath(uri) : undefined;
      const year = path === undefined ? undefined : digestYearOf(file, path);
      if (year !== undefined) dated.set(digest, withDigestYear(digest, year));
    }
    this.dated = dated;
    const digests = [...this.digests.values()].map(digest => withStoredMetadata(dated.get(digest) ?? digest, index));
    // Papers added by identifier or by hand (issue 21) join the library as the metadata file's "Added" day.
    const added = addedDigest(file, this.metadata.uri()?.toString() ?? METADATA_FILE);
    if (added !== undefined) digests.push(added);
    const existing = [...this.existingEntries, ...recordedKeyEntries(file)];
    return buildLibraryInBackground(digests, { existing, sliceMs: HOST_SLICE_MS });
  }

  /**
   * The search index, started in a worker thread on first use (see src/indexWorker) and updated
   * incrementally after: only the papers added, removed or changed go to the worker.
   */
  async index(): Promise<WorkspaceIndex> {
    // Spawned first: its thread starts and the saved index loads while the digests are parsed.
    this.searchIndex.spawnEarly();
    const library = await this.library();
    if (library !== this.currentLibrary) {
      return this.index(); // the digests changed while this call waited
    }
    return this.searchIndex.indexFor(library.papers);
  }

  /**
   * Whether the workspace has digests, without scanning it when it was not scanned yet: the
   * digests parsed so far, else whether any file the digest glob names exists (a file listing,
   * no reads). A draft's key check asks this before it loads anything.
   */
  async hasDigests(): Promise<boolean> {
    if (this.digests.size > 0) {
      return true;
    }
    const found = await vscode.workspace.findFiles(config.digestGlob(), config.excludeGlob(), 1);
    return found.length > 0;
  }

  async paper(key: string): Promise<Paper | undefined> {
    return (await this.library()).byKey(key);
  }

  /** The parsed digest at `uri`, once loaded, dated with the year the writer gave it (as of the last library). */
  digest(uri: vscode.Uri | string): ParsedDigest | undefined {
    const parsed = this.digests.get(uri.toString());
    // Keyed by the parse: a digest parsed again since the library was built is shown as parsed until the next build.
    return parsed && (this.dated.get(parsed) ?? parsed);
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
    this.generation += 1;
    this.snapshotSaves.cancel('save');
    this.loading = undefined;
    this.searchIndex.close();
    this.invalidateLibrary();
    this.digests.clear();
    void this.ensureLoaded().then(() => this.changeEmitter.fire({}));
  }

  /**
   * A reload starts from the snapshot of the last session: unchanged files are taken as parsed
   * then, changed ones read again, and the workspace scan for files added meanwhile runs after,
   * in the background. Without a usable snapshot every file the scan finds is read.
   */
  private async loadAll(): Promise<void> {
    const started = performance.now();
    const generation = this.generation;
    // The bibliography is read meanwhile: it does not wait for the digests, nor they for it.
    const existing = this.readExistingBibliography();
    existing.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    const restored = await this.snapshot?.restore();
    if (restored && restored.unchanged.length > 0) {
      for (const { uri, digest } of restored.unchanged) {
        this.store(uri.toString(), digest);
      }
      await this.readAll(restored.changed);
      log.info(
        `restored ${restored.unchanged.length} digest files from the last session, read ${restored.changed.length} changed ` +
          `(${restored.missing} gone) in ${(performance.now() - started).toFixed(0)} ms`,
      );
      this.lastLoad = { restored: restored.unchanged.length, reread: restored.changed.length, ms: performance.now() - started };
      this.existingEntries = await existing;
      this.follower.follow();
      // Files added or removed while the window was closed, before the model counts as loaded: a library
      // without them (for the 1.5 s the scan used to wait) was taken as the workspace by every reader.
      const added = await this.scanForAdded(generation);
      const last = this.lastLoad;
      this.lastLoad = { ...last, reread: last.reread + added, ms: performance.now() - started };
      return;
    }
    const uris = await findDigestUris();
    await this.readAll(uris);
    log.info(`read ${this.digests.size} of ${uris.length} digest files in ${(performance.now() - started).toFixed(0)} ms`);
    this.lastLoad = { restored: 0, reread: this.digests.size, ms: performance.now() - started };
    this.existingEntries = await existing;
    this.follower.follow();
    this.saveSnapshotLater();
  }

  /** Reads files a few at a time (see readDigest in digestFiles.ts). */
  private async readAll(uris: readonly vscode.Uri[]): Promise<void> {
    const queue = [...uris];
    const worker = async () => {
      for (let uri = queue.shift(); uri; uri = queue.shift()) {
        const digest = await readDigest(uri);
        if (digest !== undefined) {
          this.store(uri.toString(), digest);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
  }

  /**
   * After a warm start: the workspace scanned as on a first open, for digests added while the
   * window was closed (read) and files the snapshot held that are no digests now (dropped).
   */
  /** Reads the digest files the snapshot did not know and forgets those gone; resolves to how many were read. */
  private async scanForAdded(generation: number): Promise<number> {
    const found = await findDigestUris();
    if (generation !== this.generation) return 0;
    const keys = new Set(found.map(uri => uri.toString()));
    const gone = [...this.digests.keys()].filter(key => !keys.has(key));
    const added = found.filter(uri => !this.digests.has(uri.toString()));
    for (const key of gone) this.digests.delete(key);
    await this.readAll(added);
    if (generation !== this.generation) return added.length;
    if (gone.length + added.length > 0) {
      log.info(`digest files found since the last session: ${added.length} added, ${gone.length} no longer digests`);
      this.changed([...gone, ...added.map(uri => uri.toString())]);
    } else {
      this.saveSnapshotLater(); // the stamps of files read again are new
    }
    return added.length;
  }

  /** Saves the digest snapshot now (the perf specs; a save is otherwise scheduled after changes). */
  async saveSnapshot(): Promise<void> {
    this.snapshotSaves.cancel('save');
    await this.ensureLoaded();
    const generation = this.generation;
    await this.snapshot?.save(this.digests, () => generation === this.generation);
  }

  /** Resolves once no snapshot save is under way (a spec deleting the snapshot waits for it first). */
  async snapshotSettled(): Promise<void> {
    await this.saving;
  }

  private saveSnapshotLater(): void {
    const snapshot = this.snapshot;
    if (!snapshot) return;
    const generation = this.generation;
    this.snapshotSaves.schedule('save', () => {
      this.saving = snapshot
        .save(this.digests, () => generation === this.generation)
        .catch(error => log.info(`digest snapshot not saved: ${(error as Error).message}`));
    });
  }

  /** Drops the digest at `uri`, or every digest under it when it was a folder. */
  private forget(uri: vscode.Uri): void {
    const gone = [...this.digests.keys()].filter(key => isInside(key, uri.toString()));
    for (const key of gone) {
      this.digests.delete(key);
    }
    if (gone.length) {
      log.info(`${gone.length} digest file${gone.length === 1 ? '' : 's'} gone with ${uri.path}`);
      this.changed(gone);
    }
  }

  private scheduleDocument(document: vscode.TextDocument): void {
    if (!this.loading || !this.isDigestDocument(document)) {
      return; // before the first load, the scan will read it anyway
    }
    const key = document.uri.toString();
    this.edits.schedule(key, async () => {
      const digest = await parsedDocument(document);
      // A newer edit rescheduled meanwhile, or the editor closed: that edit's parse will store.
      if (!document.isClosed && !this.edits.has(key)) {
        this.store(key, digest);
        this.changed([key]);
      }
    });
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
    this.saveSnapshotLater();
  }

  /** Keys already in the configured bibliography are never renamed (SPEC: the bibliography wins). */
  private async readExistingBibliography(): Promise<readonly ExistingEntry[]> {
    const { readBibliography, bibFormatForPath } = await import('../../core/bib');
    const folder = vscode.workspace.workspaceFolders?.[0];
    const uri = folder && settingBibliography(folder);
    const format = uri && bibFormatForPath(uri.path);
    if (!uri || !format) {
      return [];
    }
    const text = await readText(uri);
    return text === undefined ? [] : readBibliography(text, format).entries;
  }
}
