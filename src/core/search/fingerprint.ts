/**
 * A 53-bit hash of what the index holds of a paper (cyrb53), so a cached index can tell which
 * papers changed since it was saved without storing their text twice.
 */
export function fingerprint(title: string, abstract: string): number {
  let h1 = 0xdeadbeef ^ title.length;
  let h2 = 0x41c6ce57 ^ abstract.length;
  for (const text of [title, abstract]) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 2654435761);
      h2 = Math.imul(h2 ^ code, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
