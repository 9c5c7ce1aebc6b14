import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBibliography } from '../../src/core/bib';
import { FIXTURE, runInProcess } from './cliHarness';

/** The CLI and the extension follow one rule for an entry that has a paper's key and no title. */
describe("bib with an untitled entry under a paper's derived key", () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'digest-notes-untitled-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the entry to be the paper: no near-duplicate under `…a`, the entry left byte for byte', async () => {
    const bib = join(dir, 'refs.bib');
    const mine = '@misc{transcodersfindinterpretable2024,\n  note = {mine}\n}\n';
    await writeFile(bib, mine);
    const result = await runInProcess(['bib', FIXTURE, '--format', 'bibtex', '--existing', bib, '--out', bib, '--year', '2024']);
    assert.equal(result.status, 0, result.stderr);
    const text = await readFile(bib, 'utf8');
    const keys = readBibliography(text, 'bibtex').entries.map(e => e.key);
    assert.ok(text.startsWith(mine), 'the entry stays as it was');
    assert.ok(!keys.includes('transcodersfindinterpretable2024a'), keys.filter(k => k.startsWith('transcoders')).join(', '));
    assert.equal(keys.length, 61, 'the 60 other papers added, the transcoder paper not twice');
  });
});
