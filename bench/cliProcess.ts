/**
 * The text page through the whole CLI process (`digest-notes parse FILE --json`, Node's start
 * included) against a process that only reads the same file, splits it into lines and encodes
 * them as JSON: what any command must pay to read a file and answer. The target (issue 22): at
 * most 1.5x. Each figure is the best of `runs` processes, so other load on the machine counts
 * least, in elapsed time and in CPU time (user + system of the whole process, which waits for a
 * core do not add to). Needs the built CLI (dist/cli.js; `npm run bench` builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDigest } from './generate';

export const CLI_PROCESS_TARGET = 1.5;

export interface CliProcessResult {
  readonly papers: number;
  readonly fileMB: number;
  readonly cliMs: number;
  readonly baselineMs: number;
  readonly ratio: number;
  readonly cliCpuMs: number;
  readonly baselineCpuMs: number;
  readonly cpuRatio: number;
}

/** Loaded first in each process: reports its CPU time on stderr as it exits. */
const CPU_REPORT = [
  "process.on('exit', () => {",
  '  const used = process.cpuUsage();',
  "  process.stderr.write('cpu-ms ' + (used.user + used.system) / 1000 + '\\n');",
  '});',
].join('\n');

/** Reads, splits and encodes: the floor a parse command stands on. */
const BASELINE = `
const text = require('node:fs').readFileSync(process.argv[1], 'utf8');
process.stdout.write(JSON.stringify(text.split('\\n')));
`;

export function benchCliProcess(papers = 10_000, runs = 5): CliProcessResult | undefined {
  const cli = resolve(__dirname, 'cli.js');
  if (!existsSync(cli)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'digest-notes-cli-bench-'));
  try {
    const file = join(dir, 'synthetic.digest.txt');
    const { text } = generateDigest({ papers, repeatRate: 0 });
    writeFileSync(file, text);
    const preload = join(dir, 'cpu-report.cjs');
    writeFileSync(preload, CPU_REPORT);
    const best = (args: string[]) => {
      let fastest = Infinity;
      let leastCpu = Infinity;
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const run = spawnSync(process.execPath, ['-r', preload, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
        fastest = Math.min(fastest, performance.now() - started);
        const cpu = /cpu-ms ([\d.]+)/.exec(run.stderr)?.[1];
        if (run.status !== 0 || cpu === undefined) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
        leastCpu = Math.min(leastCpu, Number(cpu));
      }
      return { ms: fastest, cpuMs: leastCpu };
    };
    const baseline = best(['-e', BASELINE, file]);
    const parse = best([cli, 'parse', file, '--json']);
    return {
      papers,
      fileMB: text.length / (1024 * 1024),
      cliMs: parse.ms,
      baselineMs: baseline.ms,
      ratio: parse.ms / baseline.ms,
      cliCpuMs: parse.cpuMs,
      baselineCpuMs: baseline.cpuMs,
      cpuRatio: parse.cpuMs / baseline.cpuMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatCliProcess(result: CliProcessResult): string {
  return (
    `the text page as a CLI process (${result.papers} papers, ${result.fileMB.toFixed(1)} MB): ` +
    `digest-notes parse --json ${result.cliMs.toFixed(0)} ms; read + split + encode ${result.baselineMs.toFixed(0)} ms; ` +
    `${result.ratio.toFixed(2)}x elapsed; CPU ${result.cliCpuMs.toFixed(0)} / ${result.baselineCpuMs.toFixed(0)} ms, ` +
    `${result.cpuRatio.toFixed(2)}x (target <= ${CLI_PROCESS_TARGET}x)`
  );
}
