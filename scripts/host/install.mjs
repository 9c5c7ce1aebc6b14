// Puts the test host into the cache: Node 24 and code-server (both from npm, pinned), and checks
// that Chromium is there. Installs only what is missing; each install goes to a staging folder
// renamed into place at the end, so an interrupted install never leaves a half-made host behind.
//
//   node scripts/host/install.mjs          # what run-specs/start/check-vsix call first
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CODE_SERVER_VERSION,
  HostError,
  NODE_PACKAGE,
  NODE_VERSION,
  cacheRoot,
  chromiumPath,
  codeServerDir,
  codeServerEntry,
  elapsed,
  nodeBinary,
  nodeDir,
  say,
} from './config.mjs';
import { isAlive, onCleanUp, runMain } from './runDir.mjs';

/**
 * Makes sure the host is installed and returns where its parts are.
 * @param {{ browser?: boolean }} [options] browser: also require Chromium (default true)
 * @returns {Promise<{ node: string, codeServer: string, chromium: string | undefined }>}
 */
export async function ensureHost({ browser = true } = {}) {
  const chromium = browser ? requireChromium() : undefined;
  if (!isNodeReady() || !isCodeServerReady()) {
    mkdirSync(cacheRoot(), { recursive: true });
    const release = await acquireLock();
    try {
      if (!isNodeReady()) await installNode();
      if (!isCodeServerReady()) await installCodeServer();
    } finally {
      release();
    }
  }
  return { node: nodeBinary(), codeServer: codeServerEntry(), chromium };
}

function requireChromium() {
  const path = chromiumPath();
  if (!existsSync(path)) {
    throw new HostError(
      `Chromium not found at ${path}: \`npm run setup\` installs it (apt-get install chromium), or set CHROMIUM to its path.`,
    );
  }
  return path;
}

function isNodeReady() {
  if (!existsSync(nodeBinary())) return false;
  const result = spawnSync(nodeBinary(), ['--version'], { encoding: 'utf8' });
  return result.stdout?.trim() === `v${NODE_VERSION}`;
}

/** The files the end of code-server's postinstall leaves; a folder without them is not usable. */
export function isCodeServerReady() {
  const pkg = join(codeServerDir(), 'node_modules', 'code-server');
  const needed = [
    codeServerEntry(),
    join(pkg, 'lib', 'vscode', 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
    join(pkg, 'lib', 'vscode', 'extensions', 'node_modules'),
  ];
  if (!needed.every(f => existsSync(f))) return false;
  return JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version === CODE_SERVER_VERSION;
}

async function installNode() {
  const started = Date.now();
  say(`installing Node ${NODE_VERSION} (${NODE_PACKAGE} from npm, first run, ~15 s)...`);
  await installInto(nodeDir(), `${NODE_PACKAGE}@${NODE_VERSION}`, installEnv(), 'node');
  if (!isNodeReady()) throw new HostError(`Node ${NODE_VERSION} installed into ${nodeDir()} but ${nodeBinary()} does not run.`);
  say(`Node ${NODE_VERSION} ready (${elapsed(started)})`);
}

async function installCodeServer() {
  checkBuildTools();
  const started = Date.now();
  say(`installing code-server ${CODE_SERVER_VERSION} (first run, ~3 min: native modules are built)...`);
  // code-server's postinstall insists on Node 24, which it reads from npm's user agent: the inner
  // npm must run on Node 24 (first on PATH) and must not inherit the outer npm's variables
  // (`npm_config_user_agent` names the caller's Node). node-gyp builds against Node 24's headers.
  const node24 = dirname(nodeBinary());
  const env = installEnv({
    PATH: `${node24}${delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: dirname(node24),
  });
  await installInto(codeServerDir(), `code-server@${CODE_SERVER_VERSION}`, env, 'code-server');
  if (!isCodeServerReady()) throw new HostError(`code-server installed into ${codeServerDir()} but looks incomplete; delete it and retry.`);
  say(`code-server ${CODE_SERVER_VERSION} ready (${elapsed(started)})`);
}

/** code-server compiles native modules (kerberos needs the GSSAPI headers): fail early and clearly. */
function checkBuildTools() {
  const missing = [];
  for (const [tool, pkg] of [
    ['make', 'make'],
    ['g++', 'g++'],
    ['python3', 'python3'],
  ]) {
    if (!onPath(tool)) missing.push(pkg);
  }
  if (process.platform === 'linux' && !existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (missing.length) {
    throw new HostError(`code-server's native modules need: apt-get install ${missing.join(' ')} (\`npm run setup\` installs them)`);
  }
}

/**
 * The environment of an inner `npm install`: the caller's, without anything an outer npm set
 * (`npm_config_*`, `npm_package_*`, `npm_lifecycle_*`, `npm_execpath`, `npm_node_execpath`...),
 * so the host installs the same whether launched by `npm test`, `npm start` or `node` directly.
 * @param {Record<string, string>} [extra]
 */
export function installEnv(extra = {}) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(name) && value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

function onPath(tool) {
  return (process.env.PATH ?? '').split(delimiter).some(dir => dir && existsSync(join(dir, tool)));
}

/**
 * `npm install spec` into a staging folder, then renames it to `finalDir`. npm's output goes to
 * a log file; on failure its tail is shown with a diagnosis.
 */
async function installInto(finalDir, spec, env, label) {
  removeAbandonedStaging(finalDir);
  const staging = `${finalDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  onCleanUp(() => rmSync(staging, { recursive: true, force: true }));
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ private: true }) + '\n');
  const logFile = join(cacheRoot(), `install-${label}.log`);
  const args = ['install', '--save-exact', '--no-audit', '--no-fund', '--no-update-notifier', spec];
  let code;
  try {
    code = await runLogged('npm', args, { cwd: staging, env }, logFile, label);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new HostError(`could not run npm (${error.message}); the host is installed with npm.`);
  }
  if (code !== 0) {
    rmSync(staging, { recursive: true, force: true });
    const log = readFileSync(logFile, 'utf8');
    throw new HostError(
      `npm install ${spec} failed (exit ${code}). ${diagnose(log)}\n` +
        `--- last lines of ${logFile} ---\n${log.split('\n').slice(-25).join('\n')}`,
    );
  }
  rmSync(finalDir, { recursive: true, force: true });
  renameSync(staging, finalDir);
}

/** Staging folders of installs whose process is gone (killed outright) are deleted. */
function removeAbandonedStaging(finalDir) {
  const prefix = `${basename(finalDir)}.partial-`;
  for (const name of readdirSync(dirname(finalDir))) {
    if (name.startsWith(prefix) && !isAlive(Number(name.slice(prefix.length)))) {
      rmSync(join(dirname(finalDir), name), { recursive: true, force: true });
    }
  }
}

function diagnose(log) {
  if (/gssapi\/gssapi\.h/.test(log)) return 'The GSSAPI headers are missing: apt-get install libkrb5-dev';
  if (/find Python|python3?: not found/i.test(log)) return 'node-gyp needs Python: apt-get install python3';
  if (/(make|g\+\+|cc): (not found|No such file)/.test(log)) return 'A compiler is missing: apt-get install make g++';
  if (/requires node v24/.test(log)) {
    return (
      "code-server's postinstall saw another Node than 24 (an npm variable or a `node` on PATH leaked into the install): " +
      'report this with the log below; deleting the cache will not help.'
    );
  }
  if (/E(NOTFOUND|AI_AGAIN|CONNREFUSED|TIMEDOUT|CONNRESET)|network/i.test(log)) {
    return 'The npm registry could not be reached; the host needs it once (then the cache is reused).';
  }
  if (/E404|ETARGET/.test(log))
    return `The pinned package is not on the registry (${NODE_PACKAGE}@${NODE_VERSION} / code-server@${CODE_SERVER_VERSION}).`;
  return 'See the log below.';
}

/** Runs a command with output to `logFile`, printing a heartbeat while it works. */
function runLogged(command, args, options, logFile, label) {
  return new Promise((resolvePromise, reject) => {
    const log = createWriteStream(logFile);
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    // On Ctrl+C npm gets the signal too; on a SIGTERM to us alone, stop it before its folder goes.
    let closed = false;
    onCleanUp(async () => {
      if (closed) return;
      child.kill('SIGTERM');
      await new Promise(r => child.once('close', r));
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const started = Date.now();
    const heartbeat = setInterval(() => say(`  still installing ${label} (${elapsed(started)})...`), 30_000);
    // Ctrl+C reaches npm too (same process group); just wait for it to stop.
    child.on('error', error => {
      clearInterval(heartbeat);
      log.end();
      reject(error);
    });
    child.on('close', code => {
      closed = true;
      clearInterval(heartbeat);
      log.end(() => resolvePromise(code ?? 1));
    });
  });
}

/**
 * One installer at a time per cache: a lock folder holding the owner's pid. A lock whose owner is
 * gone is taken over.
 */
async function acquireLock() {
  const lock = join(cacheRoot(), '.install.lock');
  const ownerFile = join(lock, 'pid');
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(ownerFile, String(process.pid));
      // Only while it is still ours: clean-up at exit may come after another run took it over.
      const release = () => {
        if (readFileSafe(ownerFile) === String(process.pid)) rmSync(lock, { recursive: true, force: true });
      };
      onCleanUp(release);
      return release;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSafe(ownerFile));
    // A lock without a pid yet may be one being written this instant: give it a few seconds.
    const fresh = !owner && Date.now() - statSafe(lock) < 5000;
    if (!fresh && (!owner || !isAlive(owner))) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!announced) say(`waiting for another install (pid ${owner || '?'}) to finish...`);
    announced = true;
    await new Promise(r => setTimeout(r, 2000));
  }
}

function readFileSafe(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function statSafe(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runMain(async () => {
    const started = Date.now();
    const host = await ensureHost({ browser: !process.argv.includes('--no-browser') });
    say(`host ready in ${cacheRoot()} (${elapsed(started)})`);
    say(`  node        ${host.node}`);
    say(`  code-server ${host.codeServer}`);
    if (host.chromium) say(`  chromium    ${host.chromium}`);
  });
}
