// `npm run setup`: the Debian packages the VS Code host and the checks need, installed with
// apt-get when missing, as `npx playwright install --with-deps` does for a browser. `npm test`
// and `npm start` run it first (pretest, prestart), and so does .ci/run, so a fresh machine needs
// nothing installed by hand. Where it cannot install (no apt-get; not root and no sudo) it stops
// at once with one message naming the packages and the command to run.
//
//   node scripts/setup.mjs           # what `npm test` needs (the default)
//   node scripts/setup.mjs start     # what `npm start` needs
//   --quiet                          # say nothing when nothing is missing
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumPath } from './host/config.mjs';
import { isCodeServerReady } from './host/install.mjs';

/**
 * What each purpose needs, and why (said when it is installed). `probe` finds the tool even when
 * it did not come from a Debian package (a pandoc in ~/.local/bin, CHROMIUM set).
 * `hostBuild`: needed only while code-server is not installed yet (it builds native modules).
 */
const HOST_BUILD = "code-server's first install builds native modules";
const PACKAGES = [
  { name: 'chromium', why: 'the browser that drives VS Code for the specs', for: ['test'], probe: { file: env => chromiumPath(env) } },
  {
    name: 'pandoc',
    why: 'the integration tests check each bibliography format with pandoc --citeproc',
    for: ['test'],
    probe: { command: 'pandoc' },
  },
  {
    name: 'libkrb5-dev',
    why: `${HOST_BUILD} (kerberos needs the GSSAPI headers)`,
    for: ['test', 'start'],
    hostBuild: true,
    probe: { file: () => '/usr/include/gssapi/gssapi.h' },
  },
  { name: 'make', why: HOST_BUILD, for: ['test', 'start'], hostBuild: true, probe: { command: 'make' } },
  { name: 'g++', why: HOST_BUILD, for: ['test', 'start'], hostBuild: true, probe: { command: 'g++' } },
  { name: 'python3', why: `${HOST_BUILD} (node-gyp)`, for: ['test', 'start'], hostBuild: true, probe: { command: 'python3' } },
];

/**
 * Decides what to do; pure but for the functions it is given, so tests inject them.
 * @param {{ purpose: 'test' | 'start', env: Record<string, string | undefined>, uid: number,
 *   installed: (names: string[]) => Set<string> | undefined, exists: (path: string) => boolean,
 *   hostBuilt: () => boolean }} machine
 *   installed: the names dpkg-query reports installed, undefined when there is no dpkg-query.
 * @returns {{ missing: { name: string, why: string }[], command?: string[], problem?: string }}
 *   command: the install to run (apt-get update is run before it); problem: the one message when
 *   the packages cannot be installed here.
 */
export function planSetup({ purpose, env, uid, installed, exists, hostBuilt }) {
  const onPath = command => (env.PATH ?? '').split(delimiter).find(dir => dir && exists(join(dir, command)));
  const wanted = PACKAGES.filter(p => p.for.includes(purpose))
    .filter(p => !(p.hostBuild && hostBuilt()))
    .filter(p => !(p.name === 'pandoc' && env.DIGEST_NOTES_ALLOW_MISSING_PANDOC === '1'));
  const fromDpkg = installed(wanted.map(p => p.name)) ?? new Set();
  const found = p => fromDpkg.has(p.name) || (p.probe.command ? onPath(p.probe.command) !== undefined : exists(p.probe.file(env)));
  const missing = wanted.filter(p => !found(p)).map(({ name, why }) => ({ name, why }));
  if (missing.length === 0) return { missing };
  const names = missing.map(p => p.name);
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', ...names];
  const asRoot = uid === 0 ? [] : onPath('sudo') ? ['sudo'] : undefined;
  if (!onPath('apt-get')) {
    const problem =
      `missing ${names.join(', ')}, and this machine has no apt-get to install them: install them with its package manager ` +
      `(on Debian or Ubuntu: sudo ${install.slice(0, 2).join(' ')} ${names.join(' ')}), then run the command again`;
    return { missing, problem };
  }
  if (asRoot === undefined) {
    const problem =
      `missing ${names.join(', ')}, and they cannot be installed without root (no sudo here): ` +
      `as root run  apt-get update && ${install.slice(0, 2).join(' ')} ${names.join(' ')}  then run the command again`;
    return { missing, problem };
  }
  return { missing, command: [...asRoot, ...install] };
}

/** The real machine: dpkg-query, the uid, the file system, the host cache. */
function realMachine(purpose) {
  return {
    purpose,
    env: process.env,
    uid: process.getuid?.() ?? 0,
    installed: dpkgInstalled,
    exists: existsSync,
    hostBuilt: isCodeServerReady,
  };
}

/** The packages among `names` that dpkg says are installed; undefined without dpkg-query. */
function dpkgInstalled(names) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...names], { encoding: 'utf8' });
  if (result.error) return undefined; // no dpkg-query: not Debian; the probes still find what is there
  const lines = result.stdout.split('\n').filter(line => / install ok installed$/.test(line));
  return new Set(lines.map(line => line.split(' ')[0].split(':')[0]));
}

function say(message) {
  console.log(`[setup] ${message}`);
}

/** Runs the plan: returns the exit status. */
export function setUp(plan, { quiet = false } = {}) {
  if (plan.missing.length === 0) {
    if (!quiet) say('the system packages needed are installed');
    return 0;
  }
  if (plan.problem !== undefined) {
    console.error(`[setup] ${plan.problem}`);
    return 1;
  }
  say(`installing with ${plan.command.slice(0, plan.command.indexOf('install')).join(' ')}:`);
  for (const { name, why } of plan.missing) say(`  ${name}: ${why}`);
  const prefix = plan.command.slice(0, plan.command.indexOf('apt-get'));
  // A sudo that would ask for a password where no one can answer fails at once instead of waiting.
  if (prefix.length > 0 && !process.stdin.isTTY) prefix.push('-n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    [...prefix, 'apt-get', 'update'],
    [...prefix, ...plan.command.slice(prefix.length)],
  ]) {
    const result = spawnSync(args[0], args.slice(1), { stdio: 'inherit', env });
    if (result.status !== 0) {
      const names = plan.missing.map(p => p.name).join(' ');
      console.error(
        `[setup] \`${args.join(' ')}\` failed: install ${names} (as root: apt-get install ${names}), then run the command again`,
      );
      return 1;
    }
  }
  say(`installed ${plan.missing.map(p => p.name).join(', ')}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const purpose = args.includes('start') ? 'start' : 'test';
  process.exitCode = setUp(planSetup(realMachine(purpose)), { quiet: args.includes('--quiet') });
}
