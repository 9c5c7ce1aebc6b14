import { strict as assert } from 'node:assert';
import { plainText, table } from '../../src/cli/output';
import { readArguments, UsageError } from '../../src/cli/usage';

describe('digest-notes output and usage (issue 11)', () => {
  describe('table', () => {
    it('lays out 200,000 rows (a spread into Math.max overflowed the stack at about 125,000)', () => {
      const rows = Array.from({ length: 200_000 }, (_, i) => [`key${i}`, 'Mar 14', `Title ${i}`]);
      const text = table(['KEY', 'DAY', 'TITLE'], rows);
      const lines = text.split('\n');
      assert.equal(lines.length, 200_001);
      assert.equal(lines[0], 'KEY        DAY     TITLE');
      assert.equal(lines[200_000], 'key199999  Mar 14  Title 199999');
    });

    it('strips escape sequences and control characters from cells, keeping the text', () => {
      const title =
        'Red \x1b[31mALERT\x1b[0m \x1b]0;pwned\x07title \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ bell\x07 nul\x00 c1\x85\x9b2J del\x7f tab\there';
      const text = table(['KEY', 'TITLE'], [['k\x1b[2Jey', title]]);
      assert.doesNotMatch(text, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
      assert.equal(text.split('\n')[1], 'key  Red ALERT title link bell nul c1 del tab here');
    });

    it('pads by the cleaned width, so a row with escapes lines up with the others', () => {
      const lines = table(
        ['KEY', 'TITLE'],
        [
          ['\x1b[1mab\x1b[0m', 'x'],
          ['abcd', 'y'],
        ],
      ).split('\n');
      assert.equal(lines[1], 'ab    x');
      assert.equal(lines[2], 'abcd  y');
    });

    it('leaves text without control characters as it is', () => {
      const text = 'Über “quotes” — 論文 🧪';
      assert.equal(plainText(text), text);
    });
  });

  describe('usage messages', () => {
    const usageMessage = (args: string[]): string => {
      try {
        readArguments(args);
      } catch (error) {
        assert.ok(error instanceof UsageError, String(error));
        return error.message;
      }
      assert.fail(`no usage error for ${args.join(' ')}`);
    };

    it('names an option without its value as typed', () => {
      assert.equal(usageMessage(['bib', 'd.digest', '-o']), '-o needs a value');
      assert.equal(usageMessage(['bib', 'd.digest', '--out']), '--out needs a value');
      assert.equal(usageMessage(['bib', 'd.digest', '--out', '--force']), '--out needs a value');
      assert.equal(usageMessage(['search', 'q', '--in']), '--in needs a value');
    });

    it('says what is wrong with a negative --limit or --year instead of "takes no value"', () => {
      assert.equal(usageMessage(['search', 'q', '--in', 'd', '--limit', '-1']), '--limit takes a positive whole number, got -1');
      assert.equal(usageMessage(['search', 'q', '--in', 'd', '--limit=-1']), '--limit takes a positive whole number, got -1');
      assert.equal(usageMessage(['search', 'q', '--in', 'd', '--limit', '0']), '--limit takes a positive whole number, got 0');
      assert.equal(usageMessage(['parse', 'd', '--year', '-2024']), '--year takes a four-digit year, got -2024');
      assert.equal(
        usageMessage(['parse', 'd', '--max-size', '-5M']),
        '--max-size takes a size in bytes such as 1000000, 50M or 2G, got -5M',
      );
      assert.equal(usageMessage(['bib', 'd', '-o', '-x.bib']), "-o needs a value (to give one that starts with '-', write --out=-x.bib)");
      assert.equal(usageMessage(['parse', 'd', '--json=yes']), '--json takes no value');
    });

    it('reads --max-size with suffixes, and a value after -- as a file', () => {
      const request = readArguments(['parse', 'd', '--max-size', '50M']);
      assert.equal(request.command === 'parse' && request.maxSize, 50 * 2 ** 20);
      const dashed = readArguments(['parse', '--year', '2024', '--', '-odd-name.digest']);
      assert.deepEqual(dashed.command === 'parse' && dashed.files, ['-odd-name.digest']);
    });
  });
});
