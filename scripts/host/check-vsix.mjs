// Checks the packaged extension (`npm run package` first): installs digest-notes-<version>.vsix
// into a fresh code-server extensions folder with `--install-extension`, checks that
// `--list-extensions` lists it, that only runtime files were packed, and that the installed copy
// activates on the seed digest (vsix-suite.cjs, run in the extension host).
//
//   node scripts/host/check-vsix.mjs [path/to/file.vsix]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HostError, REPO_ROOT, SAMPLE_WORKSPACE, say } from './config.mjs';
import { codeServerCli } from './codeServer.mjs';
import { runSpecs } from './run-specs.mjs';
import { runMain } from './runDir.mjs';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const id = `${manifest.publisher}.${manifest.name}`;

/** Nothing of these may be inside the package: sources, tests, dependencies, maps, dev config. */
const FORBIDDEN = [
  /^src\//,
  /^test\//,
  /^scripts\//,
  /^bench\//,
  /^node_modules\//,
  /^dist\/test\//,
  /^dist\/bench/,
  /\.map$/,
  /\.ts$/,
  /^tsconfig/,
  /^esbuild/,
];

async function main() {
  const vsix = resolve(process.argv[2] ?? join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`));
  if (!existsSync(vsix)) throw new HostError(`${vsix} not found: run \`npm run package\` first.`);

  const code = await runSpecs({
    host: 'code-server',
    suite: join(REPO_ROOT, 'scripts', 'host', 'vsix-suite.cjs'),
    workspace: SAMPLE_WORKSPACE,
    extensionDevelopmentPath: null,
    prepare: async ({ host, run }) => {
      await codeServerCli({ host, run }, ['--install-extension', vsix, '--force']);
      const listed = await codeServerCli({ host, run }, ['--list-extensions', '--show-versions']);
      if (!listed.split('\n').some(line => line.trim() === `${id}@${manifest.version}`)) {
        throw new HostError(`--list-extensions does not list ${id}@${manifest.version} after installing ${vsix}:\n${listed}`);
      }
      say(`installed and listed: ${id}@${manifest.version}`);
      checkPackedFiles(join(run.extensions, `${id}-${manifest.version}`));
    },
  });
  return code === 0 ? 0 : 1;
}

function checkPackedFiles(installed) {
  if (!existsSync(installed)) throw new HostError(`the .vsix did not install to ${installed}`);
  const files = readdirSync(installed, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => join(entry.parentPath, entry.name).slice(installed.length + 1));
  const forbidden = files.filter(file => FORBIDDEN.some(pattern => pattern.test(file)));
  if (forbidden.length) throw new HostError(`the .vsix contains files it must not:\n  ${forbidden.join('\n  ')}`);
  const main = manifest.main.replace(/^\.\//, '');
  if (!files.includes(main)) throw new HostError(`the .vsix lacks its main file ${main}`);
  say(`packed files (${files.length}): ${files.sort().join(', ')}`);
}

runMain(main);
