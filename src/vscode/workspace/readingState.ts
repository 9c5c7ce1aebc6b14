import * as vscode from 'vscode';
import {
  applyChange,
  EMPTY_READING_FILE,
  formatReadingFile,
  parseReadingFile,
  READING_FILE,
  statusOf,
  type ReadingFile,
  type ReadingPaper,
  type ReadingStatus,
} from '../../core/reading/readingState';
import { config } from '../util/config';
import { Disposable } from '../util/disposable';
import { log, showError } from '../util/log';
import type { FolderEvents } from './folderEvents';
import { FollowedStateFile } from './stateFile';

const SETTING = 'readingStateFile';

/**
 * Which papers the writer has read, starred or dismissed: `.digest-notes/reading.json` in the first
 * workspace folder unless `digestNotes.readingStateFile` moves it. A relative path stays in the
 * folder; an absolute one (outside the repository, per user) is honoured only from the user's own
 * settings, so a workspace cannot make the extension write elsewhere on the machine.
 *
 * Views ask `status` synchronously while they build, from the last snapshot read; `load` reads it
 * first. Followed on disk: an edit, a `git pull` or another window shows at once.
 */
export class ReadingState extends Disposable {
  private readonly file: FollowedStateFile<ReadingFile>;
  private snapshot: ReadingFile = EMPTY_READING_FILE;
  private readonly changeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changeEmitter.event;

  constructor(folders: FolderEvents) {
    super();
    this.file = this.register(
      new FollowedStateFile<ReadingFile>(
        { name: READING_FILE, empty: EMPTY_READING_FILE, parse: parseReadingFile, format: formatReadingFile },
        () => readingFileUri(),
        folders,
      ),
    );
    this.register(this.file.onDidChange(() => void this.load().then(() => this.changeEmitter.fire())));
    this.register(
      vscode.workspace.onDidChangeConfiguration(e => e.affectsConfiguration(`${config.section}.${SETTING}`) && this.file.reset()),
    );
  }

  uri(): vscode.Uri | undefined {
    return this.file.uri();
  }

  /** Reads the file (once, and again after it changed); a damaged file is logged and read as empty. */
  async load(): Promise<ReadingFile> {
    const { file, error } = await this.file.read();
    if (error) log.warn(`${READING_FILE}: ${error}; reading state not shown until it is fixed`);
    this.snapshot = file;
    return file;
  }

  /** The paper's status in the last snapshot read (unread before the first read). */
  status(paper: ReadingPaper): ReadingStatus {
    return statusOf(this.snapshot, paper);
  }

  /** Sets `papers` to `status`, merged into the file as it is on disk; false (and a message) when it could not be written. */
  async set(papers: readonly ReadingPaper[], status: ReadingStatus): Promise<boolean> {
    if (papers.length === 0) return true;
    try {
      const at = new Date().toISOString();
      this.snapshot = await this.file.update(file => applyChange(file, { papers, status, at }));
      this.changeEmitter.fire();
      return true;
    } catch (error) {
      void showError(vscode.l10n.t('Digest Notes: the reading state could not be saved.'), error);
      return false;
    }
  }
}

/** Where the file is now; undefined without a workspace folder. */
function readingFileUri(): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  const inspected = vscode.workspace.getConfiguration(config.section, folder.uri).inspect<string>(SETTING);
  const userValue = inspected?.globalValue;
  const value = (inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? userValue ?? READING_FILE).trim() || READING_FILE;
  const absolute = value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('~');
  if (absolute) {
    if (value !== userValue?.trim()) {
      log.warn(`${SETTING}: an absolute path is taken only from user settings; using ${READING_FILE}`);
      return vscode.Uri.joinPath(folder.uri, ...READING_FILE.split('/'));
    }
    const home = process.env.HOME ?? process.env.USERPROFILE ?? '';
    return vscode.Uri.file(value.startsWith('~') ? home + value.slice(1) : value);
  }
  const parts = value.split(/[\\/]+/).filter(part => part !== '' && part !== '.');
  if (parts.includes('..')) {
    log.warn(`${SETTING}: "${value}" leaves the workspace folder; using ${READING_FILE}`);
    return vscode.Uri.joinPath(folder.uri, ...READING_FILE.split('/'));
  }
  return vscode.Uri.joinPath(folder.uri, ...parts);
}
