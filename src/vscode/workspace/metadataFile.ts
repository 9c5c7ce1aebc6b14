import * as vscode from 'vscode';
import {
  EMPTY_METADATA_FILE,
  formatMetadataFile,
  METADATA_FILE,
  MetadataIndex,
  parseMetadataFile,
  type MetadataFile,
} from '../../core/metadata/store';
import { isInside } from '../../core/util/uriTree';
import { digestYearOf, relativeDigestPath, withDigestYearRecord } from '../../core/metadata/digestYears';
import { fileQueue } from '../util/fileQueue';
import type { FolderEvents } from './folderEvents';
import { readCurrentText, writeFileWhole } from '../util/files';

/**
 * The workspace's metadata file (`.digest-notes/metadata.json` in the first folder): the answers
 * of metadata lookups, with their sources and dates, and every paper's key once recorded. The
 * command line reads the same file, so a co-author or CI builds the same bibliography offline.
 * Read once and again when it changes on disk (a hand edit wins: records with metadata are
 * never replaced by a lookup).
 */
export class WorkspaceMetadata implements vscode.Disposable {
  /** `folders`: a deleted `.digest-notes` folder is reported only as the folder, not its file. */
  constructor(private readonly folders: FolderEvents) {}

  private loaded: Promise<{ file: MetadataFile; error?: string }> | undefined;
  private watcher: vscode.Disposable | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** The file changed on disk (or was written): the library is built again with it. */
  readonly onDidChange = this.changeEmitter.event;

  /** Where the file is; undefined without a workspace folder. */
  uri(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder && vscode.Uri.joinPath(folder.uri, ...METADATA_FILE.split('/'));
  }

  /** The file as it stands (empty when missing); `error` when it is not a metadata file. */
  read(): Promise<{ file: MetadataFile; error?: string }> {
    this.watch();
    this.loaded ??= this.readNow();
    return this.loaded;
  }

  /**
   * The digest's path as the metadata file names it (relative to the workspace folder the file is
   * kept in, `/`-separated), or undefined for a digest outside that folder.
   */
  digestPath(digest: vscode.Uri | string): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = typeof digest === 'string' ? vscode.Uri.parse(digest) : digest;
    if (!folder || uri.scheme !== folder.scheme || uri.authority !== folder.authority) {
      return undefined;
    }
    return relativeDigestPath(folder.path, uri.path);
  }

  /** The year the writer gave the digest (kept in the file), if any. */
  async digestYear(digest: vscode.Uri | string): Promise<number | undefined> {
    const path = this.digestPath(digest);
    return path === undefined ? undefined : digestYearOf((await this.read()).file, path);
  }

  /** Keeps `year` as the digest's year in the file (the library is rebuilt with it). */
  async setDigestYear(digest: vscode.Uri | string, year: number): Promise<void> {
    const path = this.digestPath(digest);
    if (path === undefined) {
      throw new Error('the digest is outside the workspace folder the metadata file is kept in; its year cannot be kept.');
    }
    await this.update(file => (digestYearOf(file, path) === year ? file : withDigestYearRecord(file, path, year)));
  }

  async index(): Promise<MetadataIndex> {
    return new MetadataIndex((await this.read()).file);
  }

  /**
   * Applies `change` to the file as it is now and writes it (one writer at a time, atomically).
   * A file that is not a metadata file is never written over: the error is thrown instead.
   */
  async update(change: (file: MetadataFile) => MetadataFile): Promise<MetadataFile> {
    const uri = this.uri();
    if (!uri) {
      throw new Error('open a folder first: the metadata file is kept in the workspace folder.');
    }
    return fileQueue.run(uri, async () => {
      this.loaded = undefined;
      const current = await this.read();
      if (current.error) {
        throw new Error(`${METADATA_FILE}: ${current.error}; it was left untouched.`);
      }
      const next = change(current.file);
      if (next !== current.file) {
        await writeFileWhole(uri, new TextEncoder().encode(formatMetadataFile(next)));
        this.loaded = Promise.resolve({ file: next });
        this.changeEmitter.fire();
      }
      return next;
    });
  }

  dispose(): void {
    this.watcher?.dispose();
    this.changeEmitter.dispose();
  }

  private async readNow(): Promise<{ file: MetadataFile; error?: string }> {
    const uri = this.uri();
    const text = uri && (await readCurrentText(uri));
    return text === undefined ? { file: EMPTY_METADATA_FILE } : parseMetadataFile(text);
  }

  private watch(): void {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (this.watcher || !folder) {
      return;
    }
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, METADATA_FILE));
    const changed = () => {
      this.loaded = undefined;
      this.changeEmitter.fire();
    };
    const file = this.uri()!.toString();
    this.watcher = vscode.Disposable.from(
      watcher,
      watcher.onDidCreate(changed),
      watcher.onDidChange(changed),
      watcher.onDidDelete(changed),
      this.folders.onDidDelete(uri => isInside(file, uri.toString()) && changed()),
    );
    this.folders.start();
  }
}
