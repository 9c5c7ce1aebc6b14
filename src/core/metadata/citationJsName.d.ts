/** The part of @citation-js/name (no bundled types) that names.ts uses. */
declare module '@citation-js/name' {
  /** A CSL name object: family/given/suffix and particles, or a literal when it cannot split. */
  export function parse(name: string): Record<string, string | undefined>;
  export function format(name: Record<string, string | undefined>, reversed?: boolean): string;
}
