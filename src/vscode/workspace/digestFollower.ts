import type * as vscode from 'vscode';
import type { ParsedDigest } from '../../core/model';
import { config } from '../util/config';
import { DETECTED_GLOB, findDigestUris, readDigest } from './digestFiles';
import { FileFollower, type FileCacheModel, type FollowedFiles } from './fileFollower';
import type { FolderEvents } from './folderEvents';

/** Files the digest glob names are digests; `.txt`, JSON, XML and `.eml` files only when their content is one. */
const NAMED = 'named';
const TXT = 'txt';

/**
 * Keeps the model's digests current as files change on disk (fileFollower.ts): digest files
 * written (by the settings' glob, or `.txt` files that look like digests), folders created or
 * moved in (searched for digests), and files or folders deleted.
 */
export function followDigestFiles(model: FileCacheModel<ParsedDigest>, folders: FolderEvents): FileFollower<ParsedDigest> {
  const digests: FollowedFiles<ParsedDigest> = {
    patterns: () => [{ glob: config.digestGlob(), tag: NAMED }, ...(config.detectTxtDigests() ? [{ glob: DETECTED_GLOB, tag: TXT }] : [])],
    // A `.txt` file not known yet counts only when it looks like a digest.
    read: (uri: vscode.Uri, tags) =>
      readDigest(uri, { detect: [...tags].every(tag => tag === TXT) && tags.size > 0 && !model.has(uri.toString()) }),
    findIn: folders => findDigestUris(folders),
  };
  return new FileFollower(digests, model, folders);
}
