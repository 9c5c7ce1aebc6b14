// The mocha suite the extension host runs (`extensionTestsPath`). esbuild bundles it to
// dist/test/vscode/index.js beside every compiled `*.spec.js`; mocha stays external and is
// resolved from the repository's node_modules.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** Extra suite module: anything with a `run()` the host can await after our specs. */
interface ExtraSuiteModule {
  run?: () => unknown;
}

export async function run(): Promise<void> {
  routeReporterOutput(process.env.DIGEST_NOTES_LOG_MARKER);
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 30_000, slow: 5_000 });
  for (const file of ownSpecFiles(__dirname, process.env.DIGEST_NOTES_SPECS)) mocha.addFile(file);

  const extra = process.env.DIGEST_NOTES_EXTRA_SUITE;
  let extraRun: (() => unknown) | undefined;
  if (extra) {
    if (isDirectory(extra)) {
      for (const file of specFilesUnder(extra)) mocha.addFile(file);
    } else if (/\.spec\.c?js$/.test(extra)) {
      mocha.addFile(extra);
    } else {
      extraRun = loadRunFunction(extra);
    }
  }

  const failures = await new Promise<number>(done => mocha.run(done));
  if (extraRun) await extraRun();
  if (failures > 0) throw new Error(`${failures} test${failures === 1 ? '' : 's'} failed.`);
}

/**
 * The code-server host forwards the extension host's console to the workbench mixed with its
 * own logs; the runner prints only lines carrying this marker. Without one (desktop VS Code,
 * whose stdout is the terminal) mocha prints as usual.
 */
function routeReporterOutput(marker: string | undefined): void {
  if (!marker) return;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(marker + format(...args));
}

/** Every `*.spec.js` beside this file, filtered by DIGEST_NOTES_SPECS (`none`: no own specs). */
function ownSpecFiles(dir: string, filter: string | undefined): string[] {
  if (filter === 'none') return [];
  const wanted =
    filter
      ?.split(',')
      .map(s => s.trim())
      .filter(Boolean) ?? [];
  return specFilesUnder(dir).filter(file => wanted.length === 0 || wanted.some(w => relative(dir, file).includes(w)));
}

function specFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter(name => /\.spec\.c?js$/.test(name))
    .sort()
    .map(name => join(dir, name));
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function loadRunFunction(file: string): () => unknown {
  // A plain require: the extension host loads CommonJS; the path is known only at run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the path is known only at run time
  const loaded = require(resolve(file)) as ExtraSuiteModule;
  if (typeof loaded.run !== 'function') {
    throw new Error(`DIGEST_NOTES_EXTRA_SUITE ${file} is neither a folder of *.spec.js nor a *.spec.js file nor a module exporting run().`);
  }
  return loaded.run;
}
