import { bundleCli } from './cliHarness';
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readBibliography } from '../../src/core/bib';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'hf-daily-papers-mar14.digest.txt');
const TRANSCODERS = 'Transcoders Find Interpretable LLM Feature Circuits';

let work: string;
let cli: string;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI; every run's stderr must be free of stack traces. */
function run(...args: string[]): Run {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: work, encoding: 'utf8' });
  assert.doesNotMatch(result.stderr, /\n\s+at |^\s+at /m, `stack trace in stderr: ${result.stderr}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function stderrLines(result: Run): string[] {
  return result.stderr.split('\n').filter(line => line !== '');
}

describe('digest-notes command line', function () {
  // Each test starts node a few times; a loaded machine makes that slow.
  this.timeout(60_000);

  before(async function () {
    this.timeout(60_000);
    ({ work, cli } = await bundleCli());
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  describe('cli parse', () => {
    it('prints every paper as JSON with 1-based title lines', () => {
      const result = run('parse', FIXTURE, '--json');
      assert.equal(result.status, 0);
      assert.equal(result.stderr, '');
      const output = JSON.parse(result.stdout);
      assert.equal(output.papers.length, 61);
      assert.ok(Array.isArray(output.diagnostics));
      const lines = readFileSync(FIXTURE, 'utf8').split('\n');
      assert.deepEqual(output.papers[0].occurrences, [{ path: FIXTURE, line: 11 }]);
      for (const paper of output.papers) {
        const keys = ['key', 'title', 'authors', 'year', 'arxiv', 'abstract', 'day', 'date', 'links', 'doi', 'announceType', 'occurrences'];
        assert.deepEqual(Object.keys(paper), keys);
        // The text page names no authors and no arXiv id: empty, never invented.
        assert.deepEqual([paper.authors, paper.year, paper.arxiv], [[], null, null]);
        assert.equal(lines[paper.occurrences[0].line - 1], paper.title);
        assert.equal(paper.day, 'Mar 14');
        assert.equal(paper.date, null);
      }
    });

    it('prints a table without --json', () => {
      const result = run('parse', FIXTURE);
      assert.equal(result.status, 0);
      const lines = result.stdout.trimEnd().split('\n');
      assert.match(lines[0], /^KEY\s+DAY\s+TITLE$/);
      assert.ok(lines.some(line => line.includes(TRANSCODERS)));
      assert.equal(lines[lines.length - 1], '61 papers from 1 file');
    });

    it('dates the papers with --year', () => {
      const output = JSON.parse(run('parse', FIXTURE, '--json', '--year', '2024').stdout);
      assert.equal(output.papers[0].date, '2024-03-14');
      assert.match(output.papers[0].key, /2024$/);
    });

    it('reports a missing file in one line and still prints the good one', () => {
      const result = run('parse', 'missing.digest', FIXTURE, '--json');
      assert.equal(result.status, 1);
      assert.deepEqual(stderrLines(result), ['digest-notes: missing.digest: no such file or folder']);
      assert.equal(JSON.parse(result.stdout).papers.length, 61);
    });

    it('reports a file without papers and a binary file', () => {
      writeFileSync(join(work, 'header-only.digest'), 'new\n\nSubscribe\n\nMar 14\n');
      writeFileSync(join(work, 'image.digest'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
      const result = run('parse', 'header-only.digest', 'image.digest', '--json');
      assert.equal(result.status, 1);
      assert.deepEqual(stderrLines(result), [
        'digest-notes: header-only.digest: no papers found',
        'digest-notes: image.digest: not a text file',
      ]);
      assert.deepEqual(JSON.parse(result.stdout).papers, []);
    });

    it('finds digests in a folder, skipping dot-folders, node_modules and other text', () => {
      const folder = join(work, 'notes');
      mkdirSync(join(folder, 'deep', 'er'), { recursive: true });
      mkdirSync(join(folder, 'node_modules'), { recursive: true });
      mkdirSync(join(folder, '.cache'), { recursive: true });
      cpSync(FIXTURE, join(folder, 'deep', 'er', 'saved.txt'));
      cpSync(FIXTURE, join(folder, 'node_modules', 'x.digest.txt'));
      cpSync(FIXTURE, join(folder, '.cache', 'y.digest'));
      writeFileSync(join(folder, 'todo.txt'), 'Buy milk\nCall Anna\n');
      const result = run('parse', 'notes', '--json');
      assert.equal(result.status, 0, result.stderr);
      const papers: { occurrences: { path: string }[] }[] = JSON.parse(result.stdout).papers;
      const paths = new Set(papers.flatMap(p => p.occurrences.map(o => o.path)));
      assert.deepEqual([...paths], [join('notes', 'deep', 'er', 'saved.txt')]);
    });

    it('reports a folder without digests', () => {
      mkdirSync(join(work, 'plain'), { recursive: true });
      writeFileSync(join(work, 'plain', 'todo.txt'), 'Buy milk\nCall Anna\n');
      const result = run('search', 'milk', '--in', 'plain', FIXTURE, '--json');
      assert.equal(result.status, 1);
      assert.deepEqual(stderrLines(result), ['digest-notes: plain: no digest files in this folder']);
      assert.deepEqual(JSON.parse(result.stdout).results, []);
    });
  });

  describe('cli bib', () => {
    const keys = () => JSON.parse(run('parse', FIXTURE, '--json').stdout).papers.map((p: { key: string }) => p.key);

    it('writes BibTeX that reads back with every key', () => {
      const result = run('bib', FIXTURE, '--format', 'bibtex');
      assert.equal(result.status, 0);
      const read = readBibliography(result.stdout, 'bibtex');
      assert.equal(read.error, undefined);
      assert.deepEqual(
        read.entries.map(e => e.key),
        keys(),
      );
    });

    it('writes CSL-JSON and CSL-YAML that parse back', () => {
      const json = JSON.parse(run('bib', FIXTURE, '--format', 'csl-json').stdout);
      assert.deepEqual(
        json.map((item: { id: string }) => item.id),
        keys(),
      );
      assert.equal(json.find((item: { id: string }) => item.id === keys()[0]).title, 'Partial Correlations in Compositional Data Analysis');
      const yamlText = run('bib', FIXTURE, '--format', 'csl-yaml').stdout;
      assert.deepEqual(
        parseYaml(yamlText).references.map((item: { id: string }) => item.id),
        keys(),
      );
      assert.equal(readBibliography(yamlText, 'csl-yaml').entries.length, 61);
    });

    it('writes --out atomically, taking the format from its extension', () => {
      const result = run('bib', FIXTURE, '--out', 'out/refs.json');
      assert.equal(result.status, 0, result.stderr);
      assert.equal(JSON.parse(readFileSync(join(work, 'out', 'refs.json'), 'utf8')).length, 61);
      assert.deepEqual(readdirSync(join(work, 'out')), ['refs.json']);
    });

    it('adds to an existing bibliography in place, leaving its entries byte for byte, idempotently', () => {
      const own = '\uFEFF% my references\r\n@article{mine2020,\r\n  title = {My Own Paper},\r\n  year = {2020}\r\n}\r\n';
      writeFileSync(join(work, 'refs.bib'), own);
      const first = run('bib', FIXTURE, '--existing', 'refs.bib', '--out', 'refs.bib');
      assert.equal(first.status, 0, first.stderr);
      const after = readFileSync(join(work, 'refs.bib'));
      assert.ok(after.subarray(0, Buffer.byteLength(own)).equals(Buffer.from(own)), 'own entries untouched');
      assert.equal(readBibliography(after.toString('utf8'), 'bibtex').entries.length, 62);
      const second = run('bib', FIXTURE, '--existing', 'refs.bib', '--out', 'refs.bib');
      assert.equal(second.status, 0);
      assert.match(second.stdout, /0 added, 61 already present/);
      assert.ok(readFileSync(join(work, 'refs.bib')).equals(after), 'second run changes nothing');
    });

    it('keeps clear of keys the existing bibliography uses for other papers', () => {
      const clashing = keys().find((key: string) => key.startsWith('transcoders'));
      writeFileSync(join(work, 'clash.bib'), `@article{${clashing},\n  title = {Something Else Entirely}\n}\n`);
      const result = run('bib', FIXTURE, '--existing', 'clash.bib', '--format', 'bibtex');
      assert.equal(result.status, 0, result.stderr);
      const produced = readBibliography(result.stdout, 'bibtex').entries;
      assert.equal(produced.length, 61);
      assert.ok(!produced.some(e => e.key.toLowerCase() === clashing.toLowerCase()));
      assert.ok(produced.some(e => e.key.startsWith(clashing) && e.title === TRANSCODERS));
    });

    it('writes nothing when the existing bibliography cannot be read', () => {
      writeFileSync(join(work, 'broken.bib'), '@article{broken,\n  title = {never closed\n');
      const result = run('bib', FIXTURE, '--existing', 'broken.bib', '--out', 'never.bib');
      assert.equal(result.status, 1);
      assert.equal(stderrLines(result).length, 1);
      assert.match(result.stderr, /^digest-notes: broken\.bib:\d+: /);
      assert.ok(!readdirSync(work).includes('never.bib'));
    });
  });

  describe('cli search', () => {
    it('ranks the transcoder paper first', () => {
      const result = run('search', 'transcoders', 'circuits', '--in', FIXTURE, '--json');
      assert.equal(result.status, 0);
      const { results } = JSON.parse(result.stdout);
      assert.equal(results[0].title, TRANSCODERS);
      assert.deepEqual(Object.keys(results[0]), ['key', 'title', 'score']);
    });

    it('searches folders, honours --limit and prints a table without --json', () => {
      const limited = JSON.parse(run('search', 'sparse', '--in', join(ROOT, 'test', 'fixtures'), '--limit', '2', '--json').stdout);
      assert.equal(limited.results.length, 2);
      const table = run('search', 'transcoders circuits', '--in', FIXTURE);
      assert.match(table.stdout.split('\n')[1], /Transcoders Find Interpretable LLM Feature Circuits/);
    });

    it('takes several paths after one --in', () => {
      const result = run('search', 'transcoders', '--in', FIXTURE, 'missing-folder', '--json');
      assert.equal(result.status, 1);
      assert.deepEqual(stderrLines(result), ['digest-notes: missing-folder: no such file or folder']);
      assert.equal(JSON.parse(result.stdout).results[0].title, TRANSCODERS);
    });
  });

  describe('cli usage', () => {
    const usageCases: Array<[string, string[]]> = [
      ['no command at all', []],
      ['an unknown command', ['frobnicate']],
      ['an unknown option', ['parse', FIXTURE, '--colour']],
      ['a missing file argument', ['parse']],
      ['a missing query', ['search', '--in', FIXTURE]],
      ['a missing --in', ['search', 'transcoders']],
      ['a bad --limit', ['search', 'x', '--in', FIXTURE, '--limit', 'ten']],
      ['a bad --format', ['bib', FIXTURE, '--format', 'docx']],
      ['a bad --year', ['parse', FIXTURE, '--year', '24']],
      ['an option without its value', ['bib', FIXTURE, '--format']],
    ];
    for (const [name, args] of usageCases) {
      it(`exits 2 on ${name}, with one line pointing to --help`, () => {
        const result = run(...args);
        assert.equal(result.status, 2);
        const lines = stderrLines(result);
        assert.equal(lines.length, 1, result.stderr);
        assert.match(lines[0], /^digest-notes: .*--help/);
        assert.equal(result.stdout, '');
      });
    }

    it('prints help and the version', () => {
      const help = run('--help');
      assert.equal(help.status, 0);
      assert.match(help.stdout, /^Usage: digest-notes <command>/);
      assert.match(run('search', '--help').stdout, /--limit N/);
      const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
      assert.equal(run('--version').stdout, `${version}\n`);
    });

    it('says what an option lacks or what is wrong with its value, naming it as typed (issue 11)', () => {
      const cases: Array<[string[], string]> = [
        [['bib', FIXTURE, '-o'], "digest-notes: -o needs a value (see 'digest-notes bib --help')"],
        [
          ['search', 'x', '--in', FIXTURE, '--limit', '-1'],
          "digest-notes: --limit takes a positive whole number, got -1 (see 'digest-notes search --help')",
        ],
        [
          ['parse', FIXTURE, '--year', '-2024'],
          "digest-notes: --year takes a four-digit year, got -2024 (see 'digest-notes parse --help')",
        ],
      ];
      for (const [args, message] of cases) {
        const result = run(...args);
        assert.equal(result.status, 2);
        assert.deepEqual(stderrLines(result), [message]);
      }
    });

    it('documents --force, --max-size and the adding to an existing --out in the help (issue 11)', () => {
      const bib = run('bib', '--help').stdout;
      assert.match(bib, /--force/);
      assert.match(bib, /When --out already exists, the papers it lacks are added to it/);
      assert.match(run('--help').stdout, /--max-size BYTES .*default 64 MiB/);
    });

    it('is bundled with a shebang', () => {
      assert.ok(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'));
    });
  });
});
