import assert from 'node:assert/strict';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExclusively, realPathOf, replaceFileAtomically } from '../../src/vscode/util/atomicReplace';

/** The extension's one atomic replace (src/vscode/util/atomicReplace.ts runs on node's fs alone). */
describe("the extension's atomic replace", () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'digest-notes-replace-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces the file whole and keeps its mode (a 600 file stays 600)', async () => {
    const file = join(dir, 'refs.bib');
    await writeFile(file, 'old');
    await chmod(file, 0o600);
    await replaceFileAtomically(file, new TextEncoder().encode('new'));
    assert.equal(await readFile(file, 'utf8'), 'new');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(dir), ['refs.bib'], 'no temporary file left');
  });

  it('writes through a symlink, which stays a link', async () => {
    await mkdir(join(dir, 'shared'));
    await writeFile(join(dir, 'shared', 'refs.bib'), 'old');
    await symlink('shared/refs.bib', join(dir, 'link.bib'));
    await replaceFileAtomically(join(dir, 'link.bib'), new TextEncoder().encode('new'));
    assert.ok((await lstat(join(dir, 'link.bib'))).isSymbolicLink());
    assert.equal(await readFile(join(dir, 'shared', 'refs.bib'), 'utf8'), 'new');
  });

  it('never deletes the target first: when the rename fails, the target and the new text both survive', async () => {
    // A folder where the file should be: the rename over it fails.
    const target = join(dir, 'refs.bib');
    await mkdir(target);
    await writeFile(join(target, 'inside.txt'), 'kept');
    await assert.rejects(replaceFileAtomically(target, new TextEncoder().encode('new text')), /the new content is kept in (.+\.tmp)/);
    assert.equal(await readFile(join(target, 'inside.txt'), 'utf8'), 'kept');
    const temporary = (await readdir(dir)).filter(name => name.endsWith('.tmp'));
    assert.equal(temporary.length, 1);
    assert.equal(await readFile(join(dir, temporary[0]), 'utf8'), 'new text');
  });

  it('gives each write its own temporary name: twenty at once all land, and one of them wins whole', async () => {
    const file = join(dir, 'refs.bib');
    await Promise.all(Array.from({ length: 20 }, (_, i) => replaceFileAtomically(file, new TextEncoder().encode(`version ${i}\n`))));
    assert.match(await readFile(file, 'utf8'), /^version \d+\n$/);
    assert.deepEqual(await readdir(dir), ['refs.bib']);
  });

  it('resolves where a file not made yet would land, through a linked folder above it', async () => {
    await mkdir(join(dir, 'real'));
    await symlink(join(dir, 'real'), join(dir, 'linked'));
    const real = await realpath(join(dir, 'real'));
    assert.equal(await realPathOf(join(dir, 'linked', 'notes', 'x.md')), join(real, 'notes', 'x.md'));
  });

  it('creates a note exclusively: never over a file that is there', async () => {
    const note = join(dir, 'note.md');
    assert.equal(await createExclusively(note, new TextEncoder().encode('first')), true);
    assert.equal(await createExclusively(note, new TextEncoder().encode('second')), false);
    assert.equal(await readFile(note, 'utf8'), 'first');
  });
});
