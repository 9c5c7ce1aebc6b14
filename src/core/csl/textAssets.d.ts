/** Style and locale files inlined as text by the bundler (esbuild's `text` loader). */
declare module '*.csl' {
  const text: string;
  export default text;
}
declare module '*.xml' {
  const text: string;
  export default text;
}
