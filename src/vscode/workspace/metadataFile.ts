import * as vscode from 'vscode';
import {
  EMPTY_METADATA_FILE,
  formatMetadataFile,
  METADATA_FILE,
  MetadataIndex,
  parseMetadataFile,
  type MetadataFile,
} from '../../core/metadata/store';
import { digestYearOf, relativeDigestPath, withDigestYearRecord } from '../../core/metadata/digestYears';
import type { FolderEvents } from './folderEvents';
import { FollowedStateFile } from './stateFile';

/**
 * The workspace's metadata file (`.digest-notes/metadata.json` in the first folder): the answers
 * of metadata lookups, with their sources and dates, and every paper's key once recorded. The
 * command line reads the same file, so a co-author or CI builds the same bibliography offline.
 * Read once and again when it changes on disk (a hand edit wins: records with metadata are
 * never replaced by a lookup).
 */
export class WorkspaceMetadata extends FollowedStateFile<MetadataFile> {
  constructor(folders: FolderEvents) {
    super(
      { name: METADATA_FILE, empty: EMPTY_METADATA_FILE, parse: parseMetadataFile, format: formatMetadataFile },
      () => {
        const folder = vscode.workspace.workspaceFolders?.[0];
        return folder && vscode.Uri.joinPath(folder.uri, ...METADATA_FILE.split('/'));
      },
      folders,
    );
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
}
