import { strict as assert } from 'node:assert';
import {
  DEFAULT_MAX_DIGEST_BYTES,
  describeFileKind,
  fileKindOf,
  formatBytes,
  isWithinLimit,
  notRegularFileMessage,
  parseByteSize,
  tooLargeMessage,
  type StatsLike,
} from '../../../src/core/util/fileLimits';

/** A stats object that is only the given kind. */
function statsOf(kind: keyof StatsLike): StatsLike {
  const no = () => false;
  const stats: StatsLike = {
    isFile: no,
    isDirectory: no,
    isFIFO: no,
    isSocket: no,
    isCharacterDevice: no,
    isBlockDevice: no,
    isSymbolicLink: no,
  };
  return { ...stats, [kind]: () => true };
}

describe('file limits (issue 11)', () => {
  it('leaves room for the largest real digests: 10,000 papers are about 18 MB', () => {
    assert.equal(DEFAULT_MAX_DIGEST_BYTES, 64 * 2 ** 20);
    assert.ok(isWithinLimit(18_000_000));
    assert.ok(!isWithinLimit(DEFAULT_MAX_DIGEST_BYTES + 1));
  });

  it('tells each kind of file apart and says it in words', () => {
    assert.equal(fileKindOf(statsOf('isFIFO')), 'fifo');
    assert.equal(fileKindOf(statsOf('isCharacterDevice')), 'character-device');
    assert.equal(fileKindOf(statsOf('isBlockDevice')), 'block-device');
    assert.equal(fileKindOf(statsOf('isSocket')), 'socket');
    assert.equal(fileKindOf(statsOf('isFile')), 'file');
    assert.equal(describeFileKind('fifo'), 'a FIFO (named pipe)');
    assert.equal(notRegularFileMessage('character-device'), 'not a regular file: it is a character device');
    assert.equal(notRegularFileMessage('directory'), 'is a folder, not a file');
  });

  it('names the size, the limit and what raises it', () => {
    assert.equal(
      tooLargeMessage(83_886_080, DEFAULT_MAX_DIGEST_BYTES, '--max-size'),
      'is 80 MiB (83886080 bytes), more than the 64 MiB limit; raise it with --max-size',
    );
    assert.equal(
      tooLargeMessage(undefined, 1024, 'the digestNotes.maxDigestSize setting'),
      'is larger, more than the 1 KiB limit; raise it with the digestNotes.maxDigestSize setting',
    );
  });

  it('reads sizes as people write them, binary suffixes', () => {
    const cases: Array<[string, number | undefined]> = [
      ['1000', 1000],
      ['50M', 50 * 2 ** 20],
      ['2G', 2 * 2 ** 30],
      ['512k', 512 * 1024],
      ['1.5GiB', 1.5 * 2 ** 30],
      ['64MB', 64 * 2 ** 20],
      ['10b', 10],
      ['0', undefined],
      ['-5M', undefined],
      ['ten', undefined],
      ['5i', undefined],
      ['', undefined],
      ['1e3', undefined],
      ['9P', undefined],
    ];
    for (const [text, bytes] of cases) assert.equal(parseByteSize(text), bytes, text);
  });

  it('formats sizes short', () => {
    assert.equal(formatBytes(1), '1 byte');
    assert.equal(formatBytes(1023), '1023 bytes');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(102_338), '99.9 KiB');
    assert.equal(formatBytes(DEFAULT_MAX_DIGEST_BYTES), '64 MiB');
  });
});
