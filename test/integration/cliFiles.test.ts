import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCli, FIXTURE, spawnCli, stderrLines, TRANSCODERS, type Run } from './cliHarness';

const WINDOWS = process.platform === 'win32';

describe('digest-notes reads only regular files, up to a size (issue 11)', function () {
  this.timeout(60_000);
  let work: string;
  let cli: string;
  const cliIn = (...args: string[]): Run => spawnCli(cli, work, args, 15_000);

  before(async function () {
    ({ work, cli } = await bundleCli());
    if (!WINDOWS) execFileSync('mkfifo', [join(work, 'pipe.digest')]);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  /** The run finished by itself (did not hang), printed the fixture's papers and said why for the rest. */
  function assertReportedAndGoodOneParsed(result: Run, expected: string[]): void {
    assert.equal(result.timedOut, false, 'the command hung');
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(stderrLines(result), expected);
    assert.equal(JSON.parse(result.stdout).papers.length, 61);
  }

  it('refuses a FIFO named as a FILE in one line, never opening it, and parses the other files', function () {
    if (WINDOWS) this.skip();
    const result = cliIn('parse', 'pipe.digest', FIXTURE, '--json');
    assertReportedAndGoodOneParsed(result, ['digest-notes: pipe.digest: not a regular file: it is a FIFO (named pipe)']);
  });

  it('refuses /dev/zero (a device that never ends) without reading it', function () {
    if (!existsSync('/dev/zero')) this.skip();
    const started = Date.now();
    const result = cliIn('parse', '/dev/zero', FIXTURE, '--json');
    assertReportedAndGoodOneParsed(result, ['digest-notes: /dev/zero: not a regular file: it is a character device']);
    assert.ok(Date.now() - started < 10_000);
  });

  it('refuses a FIFO reached through a *.digest.txt link in a scanned folder', function () {
    if (WINDOWS) this.skip();
    const folder = join(work, 'scanned');
    mkdirSync(folder, { recursive: true });
    symlinkSync(join('..', 'pipe.digest'), join(folder, 'linked.digest.txt'));
    copyFileSync(FIXTURE, join(folder, 'real.digest.txt'));
    const result = cliIn('parse', 'scanned', '--json');
    assert.equal(result.timedOut, false, 'the command hung');
    assert.equal(result.status, 1);
    assert.deepEqual(stderrLines(result), [
      `digest-notes: ${join('scanned', 'linked.digest.txt')}: not a regular file: it is a FIFO (named pipe)`,
    ]);
    assert.equal(JSON.parse(result.stdout).papers.length, 61);
  });

  it('refuses a FIFO given as --existing, writing nothing', function () {
    if (WINDOWS) this.skip();
    const result = cliIn('bib', FIXTURE, '--existing', 'pipe.digest', '--out', 'never.bib');
    assert.equal(result.timedOut, false, 'the command hung');
    assert.equal(result.status, 1);
    assert.deepEqual(stderrLines(result), ['digest-notes: pipe.digest: not a regular file: it is a FIFO (named pipe)']);
    assert.equal(existsSync(join(work, 'never.bib')), false);
  });

  it('refuses a file above --max-size, naming the file, its size and the flag; suffixes are read', () => {
    const small = cliIn('parse', FIXTURE, '--max-size', '50k', '--json');
    assert.equal(small.status, 1);
    assert.deepEqual(stderrLines(small), [
      `digest-notes: ${FIXTURE}: is 99.9 KiB (102338 bytes), more than the 50 KiB limit; raise it with --max-size`,
    ]);
    assert.deepEqual(JSON.parse(small.stdout).papers, []);
    for (const size of ['200k', '1M', '2G', '102338']) {
      const fits = cliIn('parse', FIXTURE, '--max-size', size, '--json');
      assert.equal(fits.status, 0, `${size}: ${fits.stderr}`);
      assert.equal(JSON.parse(fits.stdout).papers.length, 61);
    }
    assert.equal(cliIn('parse', FIXTURE, '--max-size', '102337').status, 1, 'the limit is inclusive, one byte less refuses');
  });

  it('says "link loop" and "is a file, not a folder" in words, not ELOOP or EEXIST', function () {
    if (WINDOWS) this.skip();
    symlinkSync('loop-b.digest', join(work, 'loop-a.digest'));
    symlinkSync('loop-a.digest', join(work, 'loop-b.digest'));
    const loop = cliIn('parse', 'loop-a.digest', FIXTURE, '--json');
    assert.equal(loop.status, 1);
    assert.deepEqual(stderrLines(loop), ['digest-notes: loop-a.digest: too many levels of symbolic links (the links form a loop)']);
    writeFileSync(join(work, 'plain-file'), 'x');
    const parent = cliIn('bib', FIXTURE, '--out', join('plain-file', 'refs.bib'));
    assert.equal(parent.status, 1);
    const plainFile = join(work, 'plain-file');
    const why = `cannot create the folder ${plainFile}: ${plainFile} is a file, not a folder`;
    assert.deepEqual(stderrLines(parent), [`digest-notes: ${join('plain-file', 'refs.bib')}: ${why}`]);
    const outLoop = cliIn('bib', FIXTURE, '--out', 'loop-a.digest', '--format', 'bibtex');
    assert.equal(outLoop.status, 1);
    assert.match(outLoop.stderr, /loop-a\.digest: too many levels of symbolic links/);
    for (const result of [loop, parent, outLoop]) assert.doesNotMatch(result.stderr, /\bE[A-Z]{3,}\b/);
  });

  it('cuts a 100,000-character query, says so, and answers at once', () => {
    const started = Date.now();
    const result = cliIn('search', `transcoders ${'x'.repeat(100_000)}`, '--in', FIXTURE, '--json');
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(stderrLines(result), ['digest-notes: the query is 100012 characters long: only its first 1000 were searched']);
    assert.ok(Array.isArray(JSON.parse(result.stdout).results));
    assert.ok(Date.now() - started < 10_000);
    const normal = cliIn('search', 'transcoders', '--in', FIXTURE, '--json');
    assert.equal(normal.stderr, '');
    assert.equal(JSON.parse(normal.stdout).results[0].title, TRANSCODERS);
  });
});
