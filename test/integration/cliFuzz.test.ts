/**
 * A fuzz test of the command line: random workspaces (random bytes, digests in odd encodings and
 * line endings, bibliographies, links, dangling links and loops, FIFOs, empty files) and random
 * command lines. Whatever comes in, the CLI exits 0, 1 or 2, never prints a stack trace or an
 * "internal error", says each problem in one line, and prints JSON whenever --json succeeds.
 * Seeded, so a failure replays; bounded in time (fast-check stops adding cases after its limit).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { bundleCli, FIXTURE, runInProcess, spawnCli, STACK_TRACE, type Run } from './cliHarness';

const POSIX = process.platform !== 'win32';
const SEED_TEXT = readFileSync(FIXTURE, 'utf8');
const SEED_LINES = SEED_TEXT.split('\n');

/** Runs checked per property at most, and how long adding more may go on. */
const IN_PROCESS = { numRuns: 400, interruptAfterTimeLimit: 9_000, seed: 20261201 };
const SPAWNED = { numRuns: 16, interruptAfterTimeLimit: 6_000, seed: 11 };

type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'latin1';

function encode(text: string, encoding: Encoding): Uint8Array {
  const points = [...text].map(c => c.codePointAt(0) ?? 0);
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    case 'utf-32le':
    case 'utf-32be': {
      const bytes = Buffer.alloc(4 + points.length * 4);
      const le = encoding === 'utf-32le';
      bytes.set(le ? [0xff, 0xfe, 0, 0] : [0, 0, 0xfe, 0xff]);
      points.forEach((p, i) => (le ? bytes.writeUInt32LE(p, 4 + i * 4) : bytes.writeUInt32BE(p, 4 + i * 4)));
      return bytes;
    }
    case 'latin1':
      return Buffer.from(text, 'latin1');
  }
}

/** Text close to a digest: a slice of the seed, with odd line endings, junk lines and controls. */
const digestText = fc
  .record({
    from: fc.nat({ max: SEED_LINES.length }),
    length: fc.nat({ max: 60 }),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    junk: fc.array(fc.tuple(fc.nat({ max: 60 }), fc.string({ unit: 'binary', maxLength: 40 })), { maxLength: 4 }),
    day: fc.constantFrom('', 'Mar 14\n', 'March 14, 2024\n', '2024-03-14\n', 'Feb 30\n'),
  })
  .map(({ from, length, eol, junk, day }) => {
    const lines = SEED_LINES.slice(from, from + length);
    for (const [at, text] of junk) lines.splice(at % (lines.length + 1), 0, text);
    return (day + lines.join('\n')).replace(/\n/g, eol);
  });

const fileContent: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc
    .tuple(digestText, fc.constantFrom<Encoding>('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'utf-32le', 'utf-32be', 'latin1'))
    .map(([text, encoding]) => encode(text, encoding)),
  fc
    .constantFrom(
      '',
      '\uFEFF',
      '[]',
      '[{"id":"a","title":"A"}]',
      '@article{x,\n title={Never closed\n',
      '---\nreferences:\n- id: a\n---\n',
      '@misc{a\u00a0b, title={NBSP}}\n',
    )
    .map(text => Buffer.from(text)),
  fc.string({ maxLength: 300 }).map(text => Buffer.from(text)),
);

const NAMES = ['a.digest', 'b.digest.txt', 'c.txt', 'refs.bib', 'refs.json', 'refs.yaml', 'notes.md', 'x'];

type Entry =
  { kind: 'file'; name: string; content: Uint8Array } | { kind: 'link'; name: string; to: string } | { kind: 'fifo'; name: string };

const entry: fc.Arbitrary<Entry> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('file' as const), name: fc.constantFrom(...NAMES), content: fileContent }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('link' as const),
      name: fc.constantFrom('link.digest', 'link.digest.txt', 'loop.digest', 'link.bib'),
      to: fc.constantFrom('a.digest', 'missing', 'loop.digest', '..', 'sub', '/dev/null'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fifo' as const), name: fc.constantFrom('pipe.digest', 'pipe.txt', 'pipe.bib') }) },
);

/** A workspace: entries at the top and in `sub/`. */
const layout = fc.record({ top: fc.array(entry, { maxLength: 5 }), sub: fc.array(entry, { maxLength: 3 }) });

const path = fc.constantFrom(
  '.',
  'sub',
  'missing',
  FIXTURE,
  ...NAMES,
  'link.digest',
  'loop.digest',
  'pipe.digest',
  join('sub', 'a.digest'),
);
/** Options: mostly well-formed ones (so most runs get past usage), sometimes hostile tokens. */
const wellFormed = fc.constantFrom(
  ['--json'],
  ['--json'],
  ['--year', '2024'],
  ['--limit', '3'],
  ['--max-size', '2G'],
  ['--max-size', '1k'],
  ['--force'],
);
const hostile = fc.constantFrom(
  ['--year', '-2024'],
  ['--limit', '-1'],
  ['-o'],
  ['--'],
  ['--frobnicate'],
  ['-h'],
  [''],
  ['--json=yes'],
  ['--max-size', 'lots'],
);
const extra = fc.oneof({ weight: 5, arbitrary: wellFormed }, { weight: 1, arbitrary: hostile });
const extras = (maxLength: number) => fc.array(extra, { maxLength }).map(groups => groups.flat());

const commandLine: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(fc.array(path, { minLength: 1, maxLength: 3 }), extras(2)).map(([paths, rest]) => ['parse', ...paths, ...rest]),
  fc
    .tuple(
      fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('transcoders', 'sparse circuits', 'intepretable')),
      fc.array(path, { minLength: 1, maxLength: 2 }),
      extras(2),
    )
    .map(([query, paths, rest]) => ['search', query, '--in', ...paths, ...rest]),
  fc
    .tuple(
      fc.array(path, { minLength: 1, maxLength: 2 }),
      fc.constantFrom('bibtex', 'csl-json', 'csl-yaml', 'docx'),
      fc.option(fc.constantFrom('refs.bib', 'refs.json', 'refs.yaml', 'out/new.bib', 'link.bib', 'pipe.bib', 'a.digest'), {
        nil: undefined,
      }),
      fc.option(fc.constantFrom('refs.bib', 'refs.json', 'missing.bib', 'pipe.bib'), { nil: undefined }),
      extras(1),
    )
    .map(([paths, format, out, existing, rest]) => [
      'bib',
      ...paths,
      '--format',
      format,
      ...(out === undefined ? [] : ['--out', out]),
      ...(existing === undefined ? [] : ['--existing', existing]),
      ...rest,
    ]),
  { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }) },
);

function build(root: string, workspace: { top: Entry[]; sub: Entry[] }): void {
  for (const [folder, entries] of [
    [root, workspace.top],
    [join(root, 'sub'), workspace.sub],
  ] as const) {
    mkdirSync(folder, { recursive: true });
    for (const item of entries) {
      const at = join(folder, item.name);
      rmSync(at, { force: true, recursive: true });
      if (item.kind === 'file') writeFileSync(at, item.content);
      else if (item.kind === 'link' && POSIX) symlinkSync(item.to, at);
      else if (item.kind === 'fifo' && POSIX) execFileSync('mkfifo', [at]);
    }
  }
}

/** What holds for every run, whatever went in. */
function assertWellBehaved(args: readonly string[], result: Run): void {
  const shown = JSON.stringify(args);
  assert.equal(result.timedOut, false, `hung: ${shown}`);
  assert.ok(result.status === 0 || result.status === 1 || result.status === 2, `exit ${result.status}: ${shown}`);
  assert.doesNotMatch(result.stderr, STACK_TRACE, shown);
  assert.doesNotMatch(result.stderr, /internal error/, `${shown}: ${result.stderr}`);
  for (const line of result.stderr.split('\n').filter(l => l !== '')) assert.match(line, /^digest-notes: \S/, shown);
  if (result.status === 2) assert.equal(result.stdout, '', shown);
  const command = args[0];
  const json = args.includes('--json') && !args.includes('-h') && (command === 'parse' || command === 'search');
  if (json && result.status !== 2 && !args.slice(0, args.indexOf('--json')).includes('--')) {
    assert.doesNotThrow(() => JSON.parse(result.stdout), `no JSON from ${shown}: ${result.stdout.slice(0, 200)}`);
  }
}

describe('digest-notes under fuzzing (issue 11)', function () {
  this.timeout(30_000);
  let work: string;
  let cli: string;
  before(async function () {
    ({ work, cli } = await bundleCli());
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('in process: random workspaces and command lines exit 0/1/2 with one-line messages and JSON when asked', async () => {
    const root = mkdtempSync(join(work, 'in-process-'));
    const cwd = process.cwd();
    let runs = 0;
    try {
      await fc.assert(
        fc.asyncProperty(layout, commandLine, async (workspace, args) => {
          const dir = mkdtempSync(join(root, 'case-'));
          build(dir, workspace);
          process.chdir(dir);
          try {
            assertWellBehaved(args, await runInProcess(args));
            runs++;
          } finally {
            process.chdir(cwd);
          }
        }),
        IN_PROCESS,
      );
    } finally {
      process.chdir(cwd);
    }
    assert.ok(runs >= 50, `only ${runs} runs in the time allowed`);
  });

  it('as a process: random workspaces and command lines never hang or print a stack trace', async () => {
    const root = mkdtempSync(join(work, 'spawned-'));
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(layout, commandLine, async (workspace, args) => {
        const dir = mkdtempSync(join(root, 'case-'));
        build(dir, workspace);
        assertWellBehaved(args, spawnCli(cli, dir, args, 10_000));
        runs++;
      }),
      SPAWNED,
    );
    assert.ok(runs >= 5, `only ${runs} runs`);
  });
});
