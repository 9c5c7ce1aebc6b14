/**
 * Running the command line in tests: the bundle as a real process (what users run), and `run`
 * in-process with a context that records output (fast enough for fuzzing, and able to take a
 * store that plays a second writer).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { CliContext } from '../../src/cli/context';
import { NodeFileStore, type CliFileStore } from '../../src/cli/nodeFileStore';
import { run } from '../../src/cli/run';

export const ROOT = join(__dirname, '..', '..');
export const FIXTURE = join(ROOT, 'test', 'fixtures', 'hf-daily-papers-mar14.digest.txt');
export const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Killed by the time limit: the command hung. */
  timedOut: boolean;
}

export const STACK_TRACE = /^\s+at .+[(:]/m;

/** Bundles src/cli/main.ts as esbuild.mjs does for dist/cli.js, into a fresh folder. */
export async function bundleCli(): Promise<{ work: string; cli: string }> {
  const work = mkdtempSync(join(tmpdir(), 'digest-notes-cli-'));
  const cli = join(work, 'build', 'cli.js');
  await esbuild.build({
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    outfile: cli,
    banner: { js: '#!/usr/bin/env node' },
    loader: { '.csl': 'text', '.xml': 'text' },
    logLevel: 'silent',
  });
  return { work, cli };
}

/** Runs the bundle in `cwd`, killed after `timeoutMs`; stderr must hold no stack trace. */
export function spawnCli(cli: string, cwd: string, args: readonly string[], timeoutMs = 20_000): Run {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 2 ** 20 });
  const timedOut = result.error !== undefined && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
  assert.doesNotMatch(result.stderr ?? '', STACK_TRACE, `stack trace in stderr: ${result.stderr}`);
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', timedOut };
}

/** Runs `run` in this process with a recording context. */
export async function runInProcess(args: readonly string[], store: CliFileStore = new NodeFileStore()): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const context: CliContext = { store, print: text => stdout.push(text), report: message => stderr.push(`digest-notes: ${message}\n`) };
  const status = await run(args, context);
  return { status, stdout: stdout.join(''), stderr: stderr.join(''), timedOut: false };
}

export function stderrLines(result: Run): string[] {
  return result.stderr.split('\n').filter(line => line !== '');
}
