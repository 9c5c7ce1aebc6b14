import * as vscode from 'vscode';
import {
  EMPTY_METADATA_FILE,
  formatMetadataFile,
  METADATA_FILE,
  MetadataIndex,
  parseMetadataFile,
  type MetadataFile,
} from '../../core/metadata/store';
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

  async index(): Promise<MetadataIndex> {
    return new MetadataIndex((await this.read()).file);
  }
}
