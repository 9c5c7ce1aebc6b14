import { strict as assert } from 'node:assert';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBibliography } from '../../src/core/bib';
import { writeFileAtomically } from '../../src/cli/atomicWrite';
import { NodeFileStore, type WriteOptions } from '../../src/cli/nodeFileStore';
import { FIXTURE, runInProcess, stderrLines } from './cliHarness';

const POSIX = process.platform !== 'win32';
const keysIn = (path: string) => readBibliography(readFileSync(path, 'utf8'), 'bibtex').entries.map(e => e.key);
const temporaries = (folder: string) => readdirSync(folder).filter(name => name.endsWith('.tmp'));

/** A bibliography of `count` hand-written entries, none of them a digest paper. */
function ownBibliography(count: number): string {
  return Array.from({ length: count }, (_, i) => `@article{own${i},\n  title = {My Own Paper Number ${i}},\n  year = {2020}\n}\n`).join(
    '\n',
  );
}

const SECOND_WRITER_ENTRY = (n: number) => `\n@misc{added${n},\n  title = {Added Meanwhile ${n}}\n}\n`;

/**
 * The real store, plus a second writer: each of the first `times` writes first appends an entry
 * to the target, as an editor saving the file between our read and our replace would.
 */
class StoreWithSecondWriter extends NodeFileStore {
  appended = 0;
  constructor(private readonly times: number) {
    super();
  }
  override async writeFile(path: string, data: Uint8Array, options?: WriteOptions): Promise<void> {
    if (this.appended < this.times) appendFileSync(path, SECOND_WRITER_ENTRY(++this.appended));
    return super.writeFile(path, data, options);
  }
}

describe('digest-notes writes (issue 11)', function () {
  this.timeout(60_000);
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'digest-notes-write-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  describe('bib onto an existing --out', () => {
    it('adds the missing entries to an existing bibliography instead of replacing it', async () => {
      const out = join(work, 'mine.bib');
      writeFileSync(out, ownBibliography(100));
      const before = readFileSync(out);
      const result = await runInProcess(['bib', FIXTURE, '--out', out]);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `${out}: 61 added, 0 already present\n`);
      assert.equal(keysIn(out).length, 161, '100 of mine and 61 new');
      assert.ok(readFileSync(out).subarray(0, before.length).equals(before), 'my entries byte for byte');
      const again = await runInProcess(['bib', FIXTURE, '--out', out]);
      assert.equal(again.stdout, `${out}: 0 added, 61 already present\n`);
      assert.equal(keysIn(out).length, 161);
    });

    it('replaces it with --force, and refuses --force when --out is also --existing', async () => {
      const out = join(work, 'mine.bib');
      writeFileSync(out, ownBibliography(100));
      const forced = await runInProcess(['bib', FIXTURE, '--out', out, '--force']);
      assert.equal(forced.status, 0, forced.stderr);
      assert.equal(forced.stdout, `${out}: 61 entries written\n`);
      assert.equal(keysIn(out).length, 61);
      const both = await runInProcess(['bib', FIXTURE, '--out', out, '--existing', out, '--force']);
      assert.equal(both.status, 2);
      assert.match(both.stderr, /--force would replace --out, which is also --existing/);
    });

    it('refuses to add one format to a file of another without --force', async () => {
      const out = join(work, 'refs.json');
      writeFileSync(out, '[]\n');
      const result = await runInProcess(['bib', FIXTURE, '--out', out, '--format', 'bibtex']);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /--format bibtex cannot be added to .*refs\.json, which is csl-json: add --force/);
      assert.equal(readFileSync(out, 'utf8'), '[]\n');
    });
  });

  describe('bib --existing F --out F while another program writes F', () => {
    it('plans again when F changed between the read and the replace, keeping the newer entry', async () => {
      const out = join(work, 'refs.bib');
      writeFileSync(out, ownBibliography(3));
      const store = new StoreWithSecondWriter(1);
      const result = await runInProcess(['bib', FIXTURE, '--existing', out, '--out', out], store);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(store.appended, 1, 'the second writer wrote once');
      const keys = keysIn(out);
      assert.ok(keys.includes('added1'), 'the entry added meanwhile is kept');
      assert.deepEqual(keys.slice(0, 4), ['own0', 'own1', 'own2', 'added1']);
      assert.equal(keys.length, 3 + 1 + 61);
    });

    it('exits 1 saying so when F changed again, and leaves the newer content as it is', async () => {
      const out = join(work, 'refs.bib');
      writeFileSync(out, ownBibliography(3));
      const store = new StoreWithSecondWriter(2);
      const result = await runInProcess(['bib', FIXTURE, '--existing', out, '--out', out], store);
      assert.equal(result.status, 1);
      const why = 'changed again while entries were being added; nothing written (its new content is left as it is), run the command again';
      assert.deepEqual(stderrLines(result), [`digest-notes: ${out}: ${why}`]);
      assert.deepEqual(keysIn(out), ['own0', 'own1', 'own2', 'added1', 'added2']);
      assert.deepEqual(temporaries(work), []);
    });

    it('plans again as an addition when a missing --out appears before the replace', async () => {
      const out = join(work, 'new.bib');
      const store = new (class extends NodeFileStore {
        override async writeFile(path: string, data: Uint8Array, options?: WriteOptions): Promise<void> {
          if (!existsSync(path)) writeFileSync(path, ownBibliography(2));
          return super.writeFile(path, data, options);
        }
      })();
      const result = await runInProcess(['bib', FIXTURE, '--out', out], store);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `${out}: 61 added, 0 already present\n`);
      assert.deepEqual(keysIn(out).slice(0, 2), ['own0', 'own1']);
    });
  });

  describe('the atomic write', () => {
    it('keeps a 600 file 600 and a 664 file 664 (whatever the umask)', async function () {
      if (!POSIX) this.skip();
      for (const mode of [0o600, 0o664, 0o640]) {
        const file = join(work, `mode-${mode.toString(8)}.bib`);
        writeFileSync(file, 'old');
        chmodSync(file, mode);
        await writeFileAtomically(file, new TextEncoder().encode('new'));
        assert.equal(statSync(file).mode & 0o777, mode);
        assert.equal(readFileSync(file, 'utf8'), 'new');
      }
    });

    it('gives concurrent writers temporary names that never collide', async () => {
      const file = join(work, 'busy.bib');
      const contents = Array.from({ length: 25 }, (_, i) => `content ${i}`);
      await Promise.all(contents.map(text => writeFileAtomically(file, new TextEncoder().encode(text))));
      assert.ok(contents.includes(readFileSync(file, 'utf8')));
      assert.deepEqual(temporaries(work), []);
    });

    it('writes through a symlinked --out: the link stays a link and its target gets the entries', async function () {
      if (!POSIX) this.skip();
      const shared = join(work, 'shared');
      mkdirSync(shared);
      writeFileSync(join(shared, 'library.bib'), ownBibliography(2));
      const link = join(work, 'refs.bib');
      symlinkSync(join('shared', 'library.bib'), link);
      const result = await runInProcess(['bib', FIXTURE, '--out', link]);
      assert.equal(result.status, 0, result.stderr);
      assert.ok(lstatSync(link).isSymbolicLink(), 'still a link');
      assert.equal(readlinkSync(link), join('shared', 'library.bib'));
      assert.equal(keysIn(join(shared, 'library.bib')).length, 63);
      assert.deepEqual(temporaries(shared), []);
      assert.deepEqual(temporaries(work), []);
    });

    it('creates the target of a dangling link, keeping the link', async function () {
      if (!POSIX) this.skip();
      const link = join(work, 'dangling.bib');
      symlinkSync(join('elsewhere', 'target.bib'), link);
      await writeFileAtomically(link, new TextEncoder().encode('@misc{a, title={A}}\n'));
      assert.ok(lstatSync(link).isSymbolicLink());
      assert.equal(readFileSync(join(work, 'elsewhere', 'target.bib'), 'utf8'), '@misc{a, title={A}}\n');
    });

    it('calls off the replace when the check before it throws: the target as it was, no temporary left', async () => {
      const file = join(work, 'checked.bib');
      writeFileSync(file, 'old');
      const refuse: WriteOptions = { beforeReplace: async () => Promise.reject(new Error('changed')) };
      await assert.rejects(writeFileAtomically(file, new TextEncoder().encode('new'), refuse), /changed/);
      assert.equal(readFileSync(file, 'utf8'), 'old');
      assert.deepEqual(temporaries(work), []);
    });

    it('after a failed rename, removes the temporary file only when the target is intact', async function () {
      if (!POSIX) this.skip();
      // The target intact: the rename fails (its source vanished), the old content is all there.
      const intact = join(work, 'intact.bib');
      writeFileSync(intact, 'old');
      const stealTemporary: WriteOptions = {
        beforeReplace: async () => {
          for (const name of temporaries(work)) renameSync(join(work, name), join(work, `${name}.stolen`));
        },
      };
      await assert.rejects(writeFileAtomically(intact, new TextEncoder().encode('new'), stealTemporary));
      assert.equal(readFileSync(intact, 'utf8'), 'old');

      // The target replaced meanwhile by a folder: the rename fails, and the temporary file may be
      // the only copy of the content: it is kept and the message says where.
      const replaced = join(work, 'replaced.bib');
      writeFileSync(replaced, 'old');
      const swapForFolder: WriteOptions = {
        beforeReplace: async () => {
          rmSync(replaced);
          mkdirSync(join(replaced, 'inside'), { recursive: true });
        },
      };
      await assert.rejects(
        writeFileAtomically(replaced, new TextEncoder().encode('precious'), swapForFolder),
        /the new content is kept in (.*\.tmp)$/,
      );
      const kept = temporaries(work);
      assert.equal(kept.length, 1);
      assert.equal(readFileSync(join(work, kept[0]), 'utf8'), 'precious');
    });

    it('reads a file whose size says nothing (procfs) only up to the cap', async function () {
      if (!existsSync('/proc/self/status')) this.skip();
      const store = new NodeFileStore();
      assert.ok((await store.readFile('/proc/self/status')).length > 100);
      await assert.rejects(
        store.readFile('/proc/self/status', { maxBytes: 100 }),
        /is larger, more than the 100 bytes limit; raise it with --max-size/,
      );
    });
  });
});
