/**
 * `npm run setup` (scripts/setup.mjs): which Debian packages it finds missing, which command it
 * runs, and the one message when it cannot install. The machine is injected: planSetup takes the
 * package query, the uid and PATH as arguments; the script itself runs against a PATH of fake
 * dpkg-query, apt-get and sudo that record what they were asked, so nothing is installed here.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Plan {
  readonly missing: ReadonlyArray<{ name: string; why: string }>;
  readonly command?: string[];
  readonly problem?: string;
}
interface Machine {
  purpose: 'test' | 'start';
  env: Record<string, string | undefined>;
  uid: number;
  installed: (names: string[]) => Set<string> | undefined;
  exists: (path: string) => boolean;
  hostBuilt: () => boolean;
}
interface SetupModule {
  planSetup(machine: Machine): Plan;
}

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'setup.mjs');
const ALL = ['chromium', 'pandoc', 'libkrb5-dev', 'make', 'g++', 'python3'];

describe('npm run setup', function () {
  let setup: SetupModule;
  before(async () => {
    // A path in a variable: TypeScript does not type the .mjs module, the interface above does.
    const path: string = SCRIPT;
    setup = (await import(path)) as SetupModule;
  });

  /** A machine where dpkg knows `installed`, PATH holds the files `files`, nothing else exists. */
  function machine(over: Partial<Machine> & { dpkg?: string[]; files?: string[] } = {}): Machine {
    const files = new Set(over.files ?? ['/usr/bin/apt-get']);
    return {
      purpose: 'test',
      env: { PATH: '/usr/bin', CHROMIUM: undefined },
      uid: 0,
      installed: names => new Set(names.filter(name => (over.dpkg ?? []).includes(name))),
      exists: path => files.has(path),
      hostBuilt: () => false,
      ...over,
    };
  }

  it('nothing missing: no command', () => {
    const plan = setup.planSetup(machine({ dpkg: ALL }));
    assert.deepEqual(plan.missing, []);
    assert.equal(plan.command, undefined);
    assert.equal(plan.problem, undefined);
  });

  it('as root: apt-get install of exactly the missing packages, each with why', () => {
    const plan = setup.planSetup(machine({ dpkg: ['libkrb5-dev', 'make', 'python3'] }));
    assert.deepEqual(
      plan.missing.map(p => p.name),
      ['chromium', 'pandoc', 'g++'],
    );
    assert.ok(plan.missing.every(p => p.why.length > 10));
    assert.deepEqual(plan.command, ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium', 'pandoc', 'g++']);
  });

  it('a tool found on PATH or at CHROMIUM counts as installed even when dpkg does not know it', () => {
    const plan = setup.planSetup(
      machine({
        env: { PATH: '/usr/bin:/home/w/.local/bin', CHROMIUM: '/opt/chromium/chrome' },
        dpkg: ['libkrb5-dev', 'make', 'g++', 'python3'],
        files: ['/usr/bin/apt-get', '/home/w/.local/bin/pandoc', '/opt/chromium/chrome'],
      }),
    );
    assert.deepEqual(plan.missing, []);
  });

  it('without dpkg-query the probes decide', () => {
    const plan = setup.planSetup(
      machine({ installed: () => undefined, files: ['/usr/bin/apt-get', '/usr/bin/make', '/usr/bin/chromium'] }),
    );
    assert.deepEqual(
      plan.missing.map(p => p.name),
      ['pandoc', 'libkrb5-dev', 'g++', 'python3'],
    );
  });

  it('not root: through sudo', () => {
    const plan = setup.planSetup(machine({ uid: 1000, dpkg: ALL.slice(1), files: ['/usr/bin/apt-get', '/usr/bin/sudo'] }));
    assert.deepEqual(plan.command, ['sudo', 'apt-get', 'install', '-y', '--no-install-recommends', 'chromium']);
  });

  it('not root and no sudo: one message naming the packages and the command, no command', () => {
    const plan = setup.planSetup(machine({ uid: 1000, dpkg: ['make', 'g++', 'python3', 'libkrb5-dev'] }));
    assert.equal(plan.command, undefined);
    assert.match(plan.problem ?? '', /missing chromium, pandoc, and they cannot be installed without root/);
    assert.match(plan.problem ?? '', /apt-get update && apt-get install chromium pandoc/);
  });

  it('no apt-get: one message naming the packages and the command', () => {
    const plan = setup.planSetup(machine({ uid: 0, dpkg: ALL.slice(1), files: [] }));
    assert.equal(plan.command, undefined);
    assert.match(plan.problem ?? '', /missing chromium, and this machine has no apt-get/);
    assert.match(plan.problem ?? '', /sudo apt-get install chromium/);
  });

  it('the build tools only while code-server is not installed; npm start needs neither chromium nor pandoc', () => {
    const built = setup.planSetup(machine({ hostBuilt: () => true }));
    assert.deepEqual(
      built.missing.map(p => p.name),
      ['chromium', 'pandoc'],
    );
    const start = setup.planSetup(machine({ purpose: 'start' }));
    assert.deepEqual(
      start.missing.map(p => p.name),
      ['libkrb5-dev', 'make', 'g++', 'python3'],
    );
    assert.deepEqual(setup.planSetup(machine({ purpose: 'start', hostBuilt: () => true })).missing, []);
  });

  it('DIGEST_NOTES_ALLOW_MISSING_PANDOC=1 leaves pandoc out', () => {
    const plan = setup.planSetup(machine({ env: { PATH: '/usr/bin', DIGEST_NOTES_ALLOW_MISSING_PANDOC: '1' }, dpkg: ['chromium'] }));
    assert.ok(!plan.missing.some(p => p.name === 'pandoc'));
  });

  describe('the script, with fake dpkg-query, apt-get and sudo on PATH', () => {
    let dir = '';
    let bin = '';
    let calls = '';
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'digest-notes-setup-'));
      bin = join(dir, 'bin');
      calls = join(dir, 'calls');
      mkdirSync(bin);
      writeFileSync(calls, '');
      // Run as another user than root, the script goes through sudo (-n: no one can type a password here).
      fake('sudo', '[ "$1" = -n ] && shift; exec "$@"');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    function fake(name: string, body: string): void {
      writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> "${calls}"\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    }

    function runScript(args: string[] = []) {
      const env = {
        PATH: bin,
        HOME: dir,
        CHROMIUM: join(dir, 'no-chromium'),
        DIGEST_NOTES_HOST_CACHE: join(dir, 'host'), // empty: code-server not installed, the build tools are wanted
      };
      const result = spawnSync(process.execPath, [SCRIPT, ...args], { env, encoding: 'utf8' });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls: readFileSync(calls, 'utf8') };
    }

    it('installs the missing packages with apt-get update and apt-get install, saying what and why', () => {
      // dpkg knows pandoc and make; the rest is missing (the GSSAPI header is looked for in /usr/include).
      fake('dpkg-query', 'echo "pandoc install ok installed"; echo "make install ok installed"; echo "g++ deinstall ok config-files"');
      fake('apt-get', 'exit 0');
      const result = runScript();
      assert.equal(result.status, 0, result.stderr);
      const installed = ['chromium', 'g++', 'python3'];
      const apt = result.calls.split('\n').filter(line => line.startsWith('apt-get'));
      assert.equal(apt[0], 'apt-get update');
      assert.match(apt[1], new RegExp(`^apt-get install -y --no-install-recommends chromium( libkrb5-dev)? g\\+\\+ python3$`));
      for (const name of installed) assert.match(result.stdout, new RegExp(`\\[setup\\]   ${name.replace(/\+/g, '\\+')}: \\S`));
      assert.match(result.stdout, process.getuid?.() === 0 ? /installing with apt-get:/ : /installing with sudo apt-get:/);
    });

    it('stops at once with one message when apt-get is missing', () => {
      fake('dpkg-query', 'exit 1');
      rmSync(join(bin, 'sudo'));
      const result = runScript();
      assert.equal(result.status, 1);
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0], /^\[setup\] missing chromium, pandoc, .*no apt-get.*apt-get install chromium pandoc/);
      assert.doesNotMatch(result.calls, /apt-get/);
    });

    it('a failed apt-get is one message and exit 1', () => {
      fake('dpkg-query', 'exit 1');
      fake('apt-get', 'echo "E: Unable to locate package chromium" >&2; exit 100');
      const result = runScript();
      assert.equal(result.status, 1);
      assert.match(result.stderr, /`(sudo -n )?apt-get update` failed: install chromium pandoc/);
    });

    it('--quiet says nothing when nothing is missing', () => {
      fake('dpkg-query', ALL.map(name => `echo "${name} install ok installed"`).join('; '));
      fake('apt-get', 'exit 0');
      const result = runScript(['--quiet']);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout + result.stderr, '');
      assert.doesNotMatch(result.calls, /apt-get/);
    });
  });
});
