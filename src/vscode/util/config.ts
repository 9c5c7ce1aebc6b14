import * as vscode from 'vscode';

/** Typed access to the `digestNotes.*` settings; read on each use so changes apply at once. */
export const config = {
  section: 'digestNotes',

  get<T>(name: string, fallback: T, scope?: vscode.ConfigurationScope): T {
    return vscode.workspace.getConfiguration('digestNotes', scope).get<T>(name, fallback);
  },

  /** Glob of digest files in the workspace. */
  digestGlob(): string {
    return this.get('digestGlob', '**/*.{digest,digest.txt}');
  },

  /** Whether `.txt` files whose content looks like a digest count as digests. */
  detectTxtDigests(): boolean {
    return this.get('detectTxtDigests', true);
  },

  /** Year used when neither the day line nor the file name has one. */
  defaultYear(): number | undefined {
    const year = this.get<number | null>('defaultYear', null);
    return typeof year === 'number' && year > 0 ? year : undefined;
  },

  /**
   * The largest file read as a digest or a draft: anything bigger is skipped with no read (a
   * real digest of 10k papers is about 18 MB).
   */
  maxFileBytes(): number {
    const megabytes = this.get<number>('maxFileSizeMB', 64);
    return (typeof megabytes === 'number' && megabytes > 0 ? megabytes : 64) * 1024 * 1024;
  },

  /** Folders never searched for digests. */
  excludeGlob(): string {
    return this.get('exclude', '**/{node_modules,.git,out,dist}/**');
  },
};
