// Starts code-server (VS Code's server and web workbench, from npm) on Node 24, bound to
// 127.0.0.1 on a free port, in its own process group, with everything it writes inside a RunDir.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { HostError, elapsed, say } from './config.mjs';
import { onCleanUp, sleep, stopGroup } from './runDir.mjs';

/** Quiet and offline: no gallery, update, telemetry, tips or welcome pages in the way. */
const QUIET_SETTINGS = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'npm.autoDetect': 'off',
  'security.workspace.trust.enabled': false,
};

/** Asks the OS for a free port by listening on port 0 (on 127.0.0.1 only). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server and waits until it answers. The caller stops it with `stop()` (also
 * registered as clean-up, so Ctrl+C stops it).
 * @param {{ host: { node: string, codeServer: string }, run: import('./runDir.mjs').RunDir,
 *   workspace: string, env?: Record<string, string>, port?: number, verbose?: boolean,
 *   smokeTestDriver?: boolean }} options smokeTestDriver: lets a test payload in the URL run a
 *   suite (runSuiteInWorkbench), and hides notification toasts; off for a workbench a person uses
 */
export async function startCodeServer({ host, run, workspace, env = {}, port, verbose = false, smokeTestDriver = false }) {
  writeSettings(run.userData);
  const started = Date.now();
  // A port found free can be taken before code-server binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    const chosen = port ?? (await freePort());
    const server = spawnServer({ host, run, workspace, env, port: chosen, verbose, smokeTestDriver });
    try {
      await waitUntilHealthy(server, chosen);
      say(`code-server up on http://127.0.0.1:${chosen} (${elapsed(started)})`);
      return server;
    } catch (error) {
      await server.stop();
      const portTaken = /EADDRINUSE/.test(server.output());
      if (!portTaken || port || attempt >= 3) throw error;
    }
  }
}

function writeSettings(userData) {
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2));
}

function spawnServer({ host, run, workspace, env, port, verbose, smokeTestDriver }) {
  const args = [
    host.codeServer,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    run.userData,
    '--extensions-dir',
    run.extensions,
    '--vscode-option',
    'skip-welcome',
    // Without the smoke-test driver the workbench ignores the test payload in the URL; with it, it
    // drops every notification toast: on only for the specs' runs, never for `npm start`.
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    workspace,
  ];
  // detached: its own process group, so the extension host, pty host and tsserver stop with it.
  const child = spawn(host.node, args, { env: run.env(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  run.recordGroup(child.pid);
  let output = '';
  const collect = (stream, label) =>
    stream.on('data', chunk => {
      output += chunk;
      if (verbose) process.stderr.write(`[${label}] ${chunk}`);
    });
  collect(child.stdout, 'server');
  collect(child.stderr, 'server:err');
  const whenExited = new Promise(resolve => child.once('exit', resolve));
  let stopped;
  const stop = () => (stopped ??= stopGroup(child.pid));
  onCleanUp(stop);
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    /** `vscode-remote://` URI of a path on the server, as the workbench's payload wants it. */
    remoteUri: path => `vscode-remote://127.0.0.1:${port}${path}`,
    output: () => output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    /** Settles when the server process exits (crash, or `stop()`). */
    whenExited,
    stop,
  };
}

async function waitUntilHealthy(server, port) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exited()) throw new HostError(`code-server exited during start-up:\n${server.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new HostError(`code-server did not answer on port ${port} within 60 s:\n${server.output()}`);
}

/**
 * Runs code-server's command-line mode (`--install-extension`, `--list-extensions`...) against
 * the run's extensions folder and returns its output; throws with the output when it fails.
 */
export function codeServerCli({ host, run }, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(host.node, [host.codeServer, '--user-data-dir', run.userData, '--extensions-dir', run.extensions, ...args], {
      env: run.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    run.recordGroup(child.pid);
    let closed = false;
    onCleanUp(() => (closed ? undefined : stopGroup(child.pid, 1000)));
    let output = '';
    child.stdout.on('data', chunk => {
      output += chunk;
    });
    child.stderr.on('data', chunk => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', code => {
      closed = true;
      if (code === 0) resolve(output);
      else reject(new HostError(`code-server ${args.join(' ')} failed (exit ${code}):\n${output}`));
    });
  });
}
