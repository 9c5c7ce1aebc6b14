// Shared by the tests that run the index worker: its bundle, built as esbuild.mjs builds dist/indexWorker.js.
import * as esbuild from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bundles src/indexWorker/worker.ts into a fresh folder; returns the folder and the worker file. */
export async function bundleWorker(prefix: string): Promise<{ dir: string; workerFile: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const workerFile = join(dir, 'indexWorker.js');
  const entry = join(__dirname, '..', '..', 'src', 'indexWorker', 'worker.ts');
  await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: workerFile, logLevel: 'silent' });
  return { dir, workerFile };
}
