/**
 * Containment between URI strings (`file:///w/a/b.digest` lies inside `file:///w/a`), for the
 * file watchers: a deleted folder takes its digests with it, a created one stands for its files.
 * Compared by path segment, so `file:///w/a-b` is not inside `file:///w/a`.
 */

/** `uri` equals `folder` or lies under it. */
export function isInside(uri: string, folder: string): boolean {
  return uri === folder || uri.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

/** The URIs that lie inside no other of them, each once, in their first order. */
export function topmost(uris: readonly string[]): string[] {
  const all = new Set(uris);
  const hasAncestorAmong = (uri: string) => {
    for (let cut = uri.lastIndexOf('/'); cut > 0; cut = uri.lastIndexOf('/', cut - 1)) {
      if (all.has(uri.slice(0, cut))) return true;
    }
    return false;
  };
  return [...all].filter(uri => !hasAncestorAmong(uri));
}
