// One temporary folder per run holding everything the host writes (HOME, XDG folders, TMPDIR,
// user data, extensions, the workspace copy), plus the clean-up that removes it and stops the
// processes the run started: on normal exit, on failure and on Ctrl+C / SIGTERM.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const PREFIX = 'digest-notes-run-';
/** Taken once: the runner later points TMPDIR into its run folder (for Playwright's profile). */
const SYSTEM_TMP = tmpdir();

export class RunDir {
  /** @param {string} root */
  constructor(root) {
    this.root = root;
    this.home = join(root, 'home');
    this.tmp = join(root, 'tmp');
    this.userData = join(root, 'user-data');
    this.extensions = join(root, 'extensions');
    this.groups = [];
    for (const dir of [this.home, this.tmp, this.userData, this.extensions]) mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.saveOwner();
  }

  static create() {
    removeStaleRuns();
    return new RunDir(mkdtempSync(join(SYSTEM_TMP, `${PREFIX}${process.pid}-`)));
  }

  /** Environment for every child: its own HOME, XDG folders and TMPDIR inside the run folder. */
  env(extra = {}) {
    const env = { ...process.env };
    // Inherited from a VS Code terminal, these would point the host at that other VS Code.
    for (const name of Object.keys(env)) {
      if (name.startsWith('VSCODE_') || name === 'ELECTRON_RUN_AS_NODE') delete env[name];
    }
    return {
      ...env,
      HOME: this.home,
      XDG_CONFIG_HOME: join(this.home, '.config'),
      XDG_DATA_HOME: join(this.home, '.local', 'share'),
      XDG_STATE_HOME: join(this.home, '.local', 'state'),
      XDG_CACHE_HOME: join(this.home, '.cache'),
      XDG_RUNTIME_DIR: this.tmp,
      TMPDIR: this.tmp,
      ...extra,
    };
  }

  /**
   * Copies a workspace folder in (without .git and node_modules) and returns the copy's path.
   * Symlinks stay links (with their targets as written), so specs can test what a link does.
   */
  copyWorkspace(source, name = basename(source)) {
    const target = join(this.root, 'workspace', name);
    cpSync(source, target, {
      recursive: true,
      dereference: false,
      verbatimSymlinks: true,
      filter: src => !['.git', 'node_modules'].includes(basename(src)),
    });
    return target;
  }

  /** Remembers a process group so a later run can stop it if this runner dies without cleaning up. */
  recordGroup(pgid) {
    this.groups.push(pgid);
    this.saveOwner();
  }

  saveOwner() {
    writeFileSync(join(this.root, 'owner.json'), JSON.stringify({ pid: process.pid, groups: this.groups }));
  }

  remove() {
    rmSync(this.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

/** Runs left by a runner that was killed outright (SIGKILL): stop their host and delete them. */
function removeStaleRuns() {
  let entries;
  try {
    entries = readdirSync(SYSTEM_TMP).filter(name => name.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const name of entries) {
    const root = join(SYSTEM_TMP, name);
    let owner;
    try {
      owner = JSON.parse(readFileSync(join(root, 'owner.json'), 'utf8'));
    } catch {
      continue;
    }
    if (isAlive(owner.pid)) continue;
    for (const pgid of owner.groups ?? []) {
      if (isOurHostGroup(pgid)) signalGroup(pgid, 'SIGKILL');
    }
    rmSync(root, { recursive: true, force: true });
  }
}

/** Only a group whose leader is still a code-server/chromium process is ours to kill. */
function isOurHostGroup(pgid) {
  const cmdline = join('/proc', String(pgid), 'cmdline');
  if (!existsSync(cmdline)) return false;
  const text = readFileSync(cmdline, 'utf8');
  return text.includes('code-server') || text.includes('chrom');
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Stops a whole process group (the server with its extension host, pty host, tsserver...):
 * SIGTERM, up to `graceMs` to exit, then SIGKILL.
 */
export async function stopGroup(pgid, graceMs = 5000) {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pgid)) {
    signalGroup(pgid, 'SIGKILL');
    while (groupAlive(pgid) && Date.now() < deadline + 2000) await sleep(50);
  }
}

export function sleep(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

const cleanups = [];
let exiting = false;

/** Registers clean-up work; it runs (last registered first) in `cleanUp()` or on a signal. */
export function onCleanUp(fn) {
  cleanups.push(fn);
}

export async function cleanUp() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (error) {
      console.error('[host] clean-up step failed:', error.message);
    }
  }
}

/** True once a signal started the clean-up: what stops next is expected to stop. */
export function shuttingDown() {
  return exiting;
}

/** Ctrl+C, SIGTERM and SIGHUP clean up before exiting with the usual 128+n code. */
export function cleanUpOnSignals() {
  for (const [signal, number] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ]) {
    process.on(signal, () => {
      if (exiting) return;
      exiting = true;
      console.error(`\n[host] ${signal}: stopping the host and removing its temporary files...`);
      cleanUp().finally(() => process.exit(128 + number));
    });
  }
}

/**
 * Runs a script's main function with clean-up on exit and on signals. A HostError becomes one
 * clear message (no stack trace) and exit code 1; errors caused by the shutdown itself are quiet.
 */
export function runMain(main) {
  cleanUpOnSignals();
  (async () => {
    try {
      process.exitCode = (await main()) ?? 0;
    } catch (error) {
      if (exiting) return;
      if (error?.name === 'HostError') console.error(`[host] ${error.message}`);
      else console.error('[host] unexpected error:', error);
      process.exitCode = 1;
    } finally {
      await cleanUp();
    }
  })();
}
