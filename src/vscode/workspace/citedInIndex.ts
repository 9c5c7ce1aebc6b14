import * as vscode from 'vscode';
import { yieldToEventLoop } from '../../core/util/slices';
import { citationLanguageOf, DRAFT_GLOB, type CitationLanguage } from '../../core/drafts/languages';
import { findMentions, type Mention } from '../../core/drafts/mentions';
import { isInside } from '../../core/util/uriTree';
import { snippetAround, type Snippet } from '../../core/util/snippet';
import { config } from '../util/config';
import { KeyedDebouncer } from '../util/debouncer';
import { Disposable } from '../util/disposable';
import { openDocument, readText } from '../util/files';
import { isInScope } from '../util/scope';
import { FileFollower } from './fileFollower';
import type { FolderEvents } from './folderEvents';

/** An edited draft is rescanned once typing pauses this long. */
const EDIT_SETTLE_MS = 300;
/** Changes are announced at most this often. */
const CHANGE_SETTLE_MS = 100;

/** Files read per slice of the first scan; between slices the extension host handles other work. */
const SLICE = 25;
/** Bigger files are not drafts (generated dumps); skipping them keeps the scan cheap. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** One place a key is cited or its note linked, with a piece of its line centred on it for the view. */
export interface CitedInLocation extends Mention {
  readonly uri: vscode.Uri;
  readonly snippet: Snippet;
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
  private readonly edits = this.register(new KeyedDebouncer<string>(EDIT_SETTLE_MS));
  private readonly announce = this.register(new KeyedDebouncer<'change'>(CHANGE_SETTLE_MS));
  private readonly changeEmitter = this.register(new vscode.EventEmitter<void>());
  /** Disk changes: drafts written, folders of drafts moved in, deletions. */
  private readonly follower: FileFollower<{ readonly text: string; readonly language: CitationLanguage }>;
  /** Fires (debounced) after the index changed. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(folders: FolderEvents) {
    super();
    this.follower = this.register(
      new FileFollower(
        {
          patterns: () => [{ glob: DRAFT_GLOB, tag: 'draft' }],
          read: uri => this.readDraft(uri),
          findIn: async created => {
            const exclude = config.excludeGlob();
            return (
              await Promise.all(created.map(folder => vscode.workspace.findFiles(new vscode.RelativePattern(folder, DRAFT_GLOB), exclude)))
            ).flat();
          },
        },
        {
          has: key => this.files.has(key),
          store: (key, draft) => this.store(vscode.Uri.parse(key), draft.text, draft.language),
          changed: () => undefined, // store() announces
          forget: uri => this.removeInside(uri),
        },
        folders,
      ),
    );
  }

  /** Scans the workspace once; later calls share the promise. */
  ensureBuilt(): Promise<void> {
    this.building ??= this.build();
    // Edits still waiting for typing to pause are scanned now: a question asked right after a
    // citation was inserted (Set Digest Year, Remove Unused Entries) must see it.
    return this.building.then(() => this.edits.flush());
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

  /** Every key some draft or note of the workspace cites (note links alone do not count), `*` for `\nocite{*}`. */
  async citedKeys(): Promise<ReadonlySet<string>> {
    await this.ensureBuilt();
    const keys = new Set<string>();
    for (const mentions of this.files.values()) {
      for (const [key, places] of mentions) {
        if (places.some(m => m.kind === 'citation')) {
          keys.add(key);
        }
      }
    }
    return keys;
  }

  /** The count without waiting; undefined before the first scan finished. */
  citationCountNow(key: string): number | undefined {
    if (!this.built) {
      return undefined;
    }
    const files = this.filesByKey.get(key) ?? new Set<string>();
    return [...files].filter(file =>
      this.files
        .get(file)
        ?.get(key)
        ?.some(m => m.kind === 'citation'),
    ).length;
  }

  private async build(): Promise<void> {
    this.watch();
    const uris = await vscode.workspace.findFiles(DRAFT_GLOB, config.excludeGlob());
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Digest Notes: finding citations') },
      async () => {
        for (let i = 0; i < uris.length; i += SLICE) {
          await Promise.all(uris.slice(i, i + SLICE).map(uri => this.scanFile(uri)));
          await yieldToEventLoop();
        }
      },
    );
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
    this.follower.follow();
    this.register(vscode.workspace.onDidChangeTextDocument(e => this.schedule(e.document)));
    // A dirty document closed without saving: the disk is the truth again.
    this.register(vscode.workspace.onDidCloseTextDocument(d => void this.follower.reread(d.uri)));
    this.register(
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration('digestNotes.notesFolder') || e.affectsConfiguration('digestNotes.exclude')) {
          this.rebuild();
        }
      }),
    );
  }

  private rebuild(): void {
    this.files.clear();
    this.filesByKey.clear();
    this.built = false;
    this.building = undefined;
    void this.ensureBuilt();
  }

  private schedule(document: vscode.TextDocument): void {
    const language = citationLanguageOf(document.languageId, document.uri.path);
    if (!language || !isInScope(document.uri)) {
      return;
    }
    this.edits.schedule(document.uri.toString(), () => {
      if (!document.isClosed) {
        this.store(document.uri, document.getText(), language);
      }
    });
  }

  private async scanFile(uri: vscode.Uri): Promise<void> {
    const draft = isInScope(uri) ? await this.readDraft(uri) : undefined;
    if (draft) {
      this.store(uri, draft.text, draft.language);
    }
  }

  /** A draft's text (an open editor's wins) and language; undefined for other files. */
  private async readDraft(uri: vscode.Uri): Promise<{ text: string; language: CitationLanguage } | undefined> {
    const open = openDocument(uri);
    const language = citationLanguageOf(open?.languageId ?? '', uri.path);
    if (!language) {
      return undefined;
    }
    const text = open ? open.getText() : await readText(uri, { maxBytes: MAX_FILE_BYTES });
    return text === undefined ? undefined : { text, language };
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
      const line = lines[mention.line]?.replace(/\r$/, '') ?? '';
      list.push({ ...mention, uri, snippet: snippetAround(line, mention.column, mention.key.length) });
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

  /** Forgets the file at `uri`, or every file under it when it was a folder. */
  private removeInside(uri: vscode.Uri): void {
    const gone = [...this.files.keys()].filter(id => isInside(id, uri.toString()));
    if (gone.map(id => this.removeQuietly(id)).some(Boolean)) {
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
    this.announce.schedule('change', () => this.changeEmitter.fire());
  }
}
