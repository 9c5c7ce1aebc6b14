// Bundles the extension, the CLI, the webview script, the benchmarks and the host specs
// (`--product`: the first four only, with source maps; `--production`: the same, minified).
// Type-checking is a separate step (`npm run typecheck`): esbuild only strips types.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
/** Only what ships (`npm start`, `npm run package`): no benchmarks, no specs. */
const productOnly = production || process.argv.includes('--product');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  target: 'es2022',
  // The shipped CSL styles and locale, inlined into the bundles that format references (src/core/csl/bundledStyles.ts).
  loader: { '.csl': 'text', '.xml': 'text' },
};

/** Every `test/vscode/**.spec.ts` becomes one bundle the host's mocha suite loads. */
function specEntryPoints() {
  const dir = 'test/vscode';
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter(f => f.endsWith('.spec.ts') || f === 'index.ts')
    .map(f => join(dir, f));
}

const builds = [
  { ...common, platform: 'node', format: 'cjs', entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The search index's worker thread, loaded from beside dist/extension.js (src/vscode/workspaceIndex.ts).
  { ...common, platform: 'node', format: 'cjs', entryPoints: ['src/indexWorker/worker.ts'], outfile: 'dist/indexWorker.js' },
  // The CSL worker (citeproc-js and the shipped styles), started when a reference is first formatted (workspace/citationFormatter.ts).
  { ...common, platform: 'node', format: 'cjs', entryPoints: ['src/cslWorker/worker.ts'], outfile: 'dist/cslWorker.js' },
  {
    ...common,
    platform: 'node',
    format: 'cjs',
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  { ...common, platform: 'browser', format: 'iife', entryPoints: ['src/webview/preview.ts'], outfile: 'media/preview.js' },
];
if (!productOnly) {
  builds.push(
    { ...common, platform: 'node', format: 'cjs', entryPoints: ['bench/main.ts'], outfile: 'dist/bench.js' },
    {
      ...common,
      platform: 'node',
      format: 'cjs',
      entryPoints: specEntryPoints(),
      outdir: 'dist/test/vscode',
      outbase: 'test/vscode',
      external: ['vscode', 'mocha'],
    },
  );
}

const present = builds.filter(b => b.entryPoints.length > 0 && b.entryPoints.every(e => existsSync(e)));
if (watch) {
  // The lines .vscode/tasks.json's problem matcher waits for (F5 starts once the first build ends).
  const announce = {
    name: 'watch-announce',
    setup(build) {
      build.onStart(() => console.log('[watch] build started'));
      build.onEnd(result => console.log(`[watch] build finished (${result.errors.length} errors)`));
    },
  };
  for (const b of present) await (await esbuild.context({ ...b, plugins: [announce] })).watch();
} else {
  await Promise.all(present.map(b => esbuild.build(b)));
}
