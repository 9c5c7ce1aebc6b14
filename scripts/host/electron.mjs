// The same suite in desktop VS Code through @vscode/test-electron (DIGEST_NOTES_HOST=electron).
// It downloads VS Code from update.code.visualstudio.com into the host cache, so it works only
// where that site can be reached, and on Linux it needs a display (e.g. `xvfb-run -a`).
import { join } from 'node:path';
import { CODE_SERVER_VSCODE_VERSION, HostError, REPO_ROOT, cacheRoot, elapsed, say } from './config.mjs';

const VSCODE_VERSION = process.env.DIGEST_NOTES_VSCODE_VERSION || CODE_SERVER_VSCODE_VERSION;

/**
 * Runs the suite in desktop VS Code and returns its exit code.
 * @param {{ run: import('./runDir.mjs').RunDir, workspace: string, suite: string,
 *   env: Record<string, string>, started: number }} options
 */
export async function runSuiteInElectron({ run, workspace, suite, env, started }) {
  const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');
  let executable;
  try {
    say(`downloading VS Code ${VSCODE_VERSION} for @vscode/test-electron (cached after the first run)...`);
    executable = await downloadAndUnzipVSCode({
      version: VSCODE_VERSION,
      cachePath: join(cacheRoot(), 'vscode-electron'),
      timeout: 20_000,
    });
  } catch (error) {
    throw new HostError(
      `could not download VS Code ${VSCODE_VERSION} for DIGEST_NOTES_HOST=electron ` +
        `(${error?.message ?? error}). It needs https://update.code.visualstudio.com; where that is ` +
        'unreachable, use the default code-server host (leave DIGEST_NOTES_HOST unset).',
    );
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new HostError('desktop VS Code needs a display: run under `xvfb-run -a` (apt-get install xvfb).');
  }
  say(`VS Code ready (${elapsed(started)}); running the specs...`);
  try {
    return await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', run.userData, '--extensions-dir', run.extensions],
      extensionTestsEnv: run.env(env),
    });
  } catch (error) {
    // runTests rejects with TestRunFailedError when the suite fails: that is a result, not a crash.
    if (typeof error?.code === 'number') return error.code;
    throw error;
  }
}
