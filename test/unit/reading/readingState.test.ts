import { strict as assert } from 'node:assert';
import {
  applyChange,
  EMPTY_READING_FILE,
  formatReadingFile,
  mergeReadingFiles,
  parseReadingFile,
  readingId,
  statusOf,
  type ReadingFile,
} from '../../../src/core/reading/readingState';
import { latestDate, newestFirst } from '../../../src/core/digest/newestFirst';

const transcoders = { title: 'Transcoders Find  Interpretable LLM Feature Circuits', metadata: { arxiv: '2406.11944' } };
const sameByTitle = { title: 'transcoders find interpretable llm feature circuits' };
const textOnly = { title: 'Interpreting Attention Layer Outputs with Sparse Autoencoders' };

function change(file: ReadingFile, papers: object[], status: 'unread' | 'read' | 'starred' | 'dismissed', at: string): ReadingFile {
  return applyChange(file, { papers: papers as never, status, at });
}

describe('reading state', () => {
  it('keys a paper by its arXiv id without version, else by its normalised title', () => {
    assert.equal(readingId(transcoders), 'arxiv:2406.11944');
    assert.equal(readingId({ title: 'X', metadata: { arxiv: '2406.11944v3' } }), 'arxiv:2406.11944');
    assert.equal(readingId(textOnly), 'title:interpreting attention layer outputs with sparse autoencoders');
    assert.equal(readingId({ title: '  Foo\tBAR ' }), 'title:foo bar');
  });

  it('a paper first seen is unread; a change sets it; the same paper in another digest shares it', () => {
    assert.equal(statusOf(EMPTY_READING_FILE, transcoders), 'unread');
    const starred = change(EMPTY_READING_FILE, [transcoders], 'starred', '2026-12-07T10:00:00.000Z');
    assert.equal(statusOf(starred, transcoders), 'starred');
    assert.equal(statusOf(starred, { title: 'Other title', metadata: { arxiv: '2406.11944v2' } }), 'starred');
    assert.equal(statusOf(starred, textOnly), 'unread');
  });

  it('a title record written before the arXiv id was known still counts, and is replaced by the id on the next change', () => {
    const byTitle = change(EMPTY_READING_FILE, [sameByTitle], 'read', '2026-12-07T10:00:00.000Z');
    assert.equal(statusOf(byTitle, transcoders), 'read');
    const dismissed = change(byTitle, [transcoders], 'dismissed', '2026-12-07T11:00:00.000Z');
    assert.deepEqual([...dismissed.papers.keys()], ['arxiv:2406.11944']);
    assert.equal(statusOf(dismissed, sameByTitle), 'unread', 'a title-only paper with no arXiv id is a different id');
  });

  it('returns the same file when nothing changes (no write), and keeps a newer record written elsewhere', () => {
    const read = change(EMPTY_READING_FILE, [textOnly], 'read', '2026-12-07T10:00:00.000Z');
    assert.equal(change(read, [textOnly], 'read', '2026-12-07T12:00:00.000Z'), read);
    assert.equal(change(EMPTY_READING_FILE, [textOnly], 'unread', '2026-12-07T12:00:00.000Z'), EMPTY_READING_FILE);
    assert.equal(change(read, [textOnly], 'starred', '2026-12-07T09:00:00.000Z'), read, 'an older change loses');
  });

  it('applied to the file as it is on disk, a change loses nothing another window wrote', () => {
    const mine = { papers: [textOnly], status: 'starred' as const, at: '2026-12-07T10:05:00.000Z' };
    const onDisk = change(EMPTY_READING_FILE, [transcoders], 'dismissed', '2026-12-07T10:01:00.000Z');
    const written = applyChange(onDisk, mine);
    assert.equal(statusOf(written, textOnly), 'starred');
    assert.equal(statusOf(written, transcoders), 'dismissed');
  });

  it('merges two files record by record, the later one winning', () => {
    const a = change(
      change(EMPTY_READING_FILE, [transcoders], 'read', '2026-12-07T10:00:00.000Z'),
      [textOnly],
      'starred',
      '2026-12-07T12:00:00.000Z',
    );
    const b = change(
      change(EMPTY_READING_FILE, [transcoders], 'starred', '2026-12-07T11:00:00.000Z'),
      [textOnly],
      'read',
      '2026-12-07T09:00:00.000Z',
    );
    const merged = mergeReadingFiles(a, b);
    assert.equal(statusOf(merged, transcoders), 'starred');
    assert.equal(statusOf(merged, textOnly), 'starred');
    assert.deepEqual(mergeReadingFiles(b, a), merged);
  });

  it('round-trips through its text, sorted by id', () => {
    const file = change(
      change(EMPTY_READING_FILE, [textOnly], 'read', '2026-12-07T10:00:00.000Z'),
      [transcoders],
      'starred',
      '2026-12-07T10:01:00.000Z',
    );
    const text = formatReadingFile(file);
    assert.ok(text.indexOf('arxiv:2406.11944') < text.indexOf('title:interpreting'));
    assert.ok(text.endsWith('}\n'));
    const back = parseReadingFile(text);
    assert.equal(back.error, undefined);
    assert.deepEqual(back.file, file);
  });

  it('a damaged file is an error (never written over); a damaged record alone is skipped', () => {
    assert.match(parseReadingFile('{"format": "digest-notes/reading", "papers": {').error ?? '', /not valid JSON/);
    assert.match(parseReadingFile('[1,2]').error ?? '', /not a reading-state file/);
    assert.match(parseReadingFile('{"format":"digest-notes/reading","version":9,"papers":{}}').error ?? '', /newer version/);
    assert.deepEqual(parseReadingFile('  \n').file, EMPTY_READING_FILE);
    const records = { 'arxiv:1': { status: 'read', at: '2026-01-01T00:00:00Z' }, 'arxiv:2': { status: 'loved', at: 'x' }, 'arxiv:3': 7 };
    const partly = parseReadingFile(JSON.stringify({ format: 'digest-notes/reading', papers: records }));
    assert.equal(partly.error, undefined);
    assert.deepEqual([...partly.file.papers.keys()], ['arxiv:1']);
  });
});

describe('newest first', () => {
  it('takes the latest known date, null when none', () => {
    assert.equal(latestDate(['2024-03-14', null, '2026-12-07', '2025-01-01']), '2026-12-07');
    assert.equal(latestDate([null, null]), null);
  });

  it('sorts newest first, the undated last in their own order', () => {
    const items = [
      { name: 'old', date: '2019-05-01' },
      { name: 'undated-a', date: null },
      { name: 'today', date: '2026-12-07' },
      { name: 'undated-b', date: null },
      { name: 'today-too', date: '2026-12-07' },
    ];
    assert.deepEqual(
      newestFirst(items, i => i.date).map(i => i.name),
      ['today', 'today-too', 'old', 'undated-a', 'undated-b'],
    );
  });
});
