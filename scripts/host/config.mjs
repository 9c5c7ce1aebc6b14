// Where the test host lives and which versions it pins. Everything else in scripts/host reads
// these, so a version bump or a moved cache is a one-line change.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';
/** The VS Code inside that code-server; the electron host downloads the same release. */
export const CODE_SERVER_VSCODE_VERSION = '1.139.1';

/** The repository root (this file is scripts/host/config.mjs). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The sample workspace opened by the specs and by `npm start`. */
export const SAMPLE_WORKSPACE = join(REPO_ROOT, 'test', 'fixtures', 'workspace');

/** The mocha entry the specs are bundled behind (built by esbuild.mjs). */
export const SPEC_SUITE = join(REPO_ROOT, 'dist', 'test', 'vscode', 'index.js');

/** Outside the repository, so a fresh clone (and CI) reuses it. */
export function cacheRoot() {
  const env = process.env.DIGEST_NOTES_HOST_CACHE;
  if (env) return resolve(env);
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'digest-notes-host');
}

/** npm publishes Node builds per platform as `node-<os>-<arch>`. */
export const NODE_PACKAGE = `node-${process.platform}-${process.arch}`;

export function nodeDir() {
  return join(cacheRoot(), `node-${NODE_VERSION}`);
}

export function nodeBinary() {
  return join(nodeDir(), 'node_modules', NODE_PACKAGE, 'bin', 'node');
}

export function codeServerDir() {
  return join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

export function codeServerEntry() {
  return join(codeServerDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export function chromiumPath(env = process.env) {
  return env.CHROMIUM || '/usr/bin/chromium';
}

/** Prints a progress line the way every host script does. */
export function say(message) {
  console.log(`[host] ${message}`);
}

/** Seconds since `start`, for progress lines. */
export function elapsed(start) {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

/** An error whose message is the whole story: the CLI prints it without a stack trace. */
export class HostError extends Error {
  name = 'HostError';
}
