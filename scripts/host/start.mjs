// `npm start`: the extension (as built by `npm run build`) in a real VS Code, to try by hand.
// Opens a temporary copy of the sample workspace (or the folder given as argument, in place) in
// code-server and prints the URL to open in a browser. Ctrl+C stops it and removes its files.
//
//   npm start                   # sample workspace: the seed digest and a draft citing two papers
//   npm start -- ~/my/papers    # another folder, opened in place (nothing there is deleted)
//   DIGEST_NOTES_PORT=8080      # a fixed port instead of a free one
import { existsSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HostError, REPO_ROOT, SAMPLE_WORKSPACE, say } from './config.mjs';
import { startCodeServer } from './codeServer.mjs';
import { ensureHost } from './install.mjs';
import { RunDir, onCleanUp, runMain, shuttingDown } from './runDir.mjs';

async function main() {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  if (!existsSync(join(REPO_ROOT, manifest.main))) {
    throw new HostError(`${manifest.main} is missing: run \`npm run build\` first (npm start does).`);
  }
  const host = await ensureHost({ browser: false });
  const run = RunDir.create();
  onCleanUp(() => run.remove());

  const given = process.argv[2];
  let workspace;
  if (given) {
    workspace = resolve(given);
    if (!existsSync(workspace) || !statSync(workspace).isDirectory()) throw new HostError(`not a folder: ${workspace}`);
  } else {
    workspace = run.copyWorkspace(SAMPLE_WORKSPACE, 'digest-notes-sample');
  }

  // An extension folder named <publisher>.<name>-<version> in the extensions folder is found on
  // start-up like an installed one; a link to the repository loads the fresh build, and a reload
  // of the window (after `npm run build`) picks up changes.
  const id = `${manifest.publisher}.${manifest.name}`;
  symlinkSync(REPO_ROOT, join(run.extensions, `${id}-${manifest.version}`), 'dir');

  const port = process.env.DIGEST_NOTES_PORT ? Number(process.env.DIGEST_NOTES_PORT) : undefined;
  const server = await startCodeServer({ host, run, workspace, port, verbose: process.env.DIGEST_NOTES_VERBOSE === '1' });
  const url = `${server.origin}/?folder=${encodeURIComponent(workspace)}`;
  console.log('');
  say(`Digest Notes ${manifest.version} is running in code-server. Open in a browser:`);
  console.log(`\n    ${url}\n`);
  say(
    given
      ? `workspace: ${workspace} (opened in place)`
      : `workspace: ${workspace} (a copy of test/fixtures/workspace, deleted when you stop)`,
  );
  say('after `npm run build`, reload the window (Developer: Reload Window) to load the new build.');
  say('Ctrl+C stops it.');

  // Runs until Ctrl+C (the signal handler cleans up and exits) or until code-server dies.
  await server.whenExited;
  if (shuttingDown()) await new Promise(() => undefined); // the signal handler exits
  throw new HostError(`code-server stopped unexpectedly:\n${server.output().split('\n').slice(-20).join('\n')}`);
}

runMain(main);
