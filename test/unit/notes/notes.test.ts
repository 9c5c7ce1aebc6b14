import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'yaml';
import type { Paper } from '../../../src/core/model';
import {
  fillTemplate,
  keyFromNoteStem,
  noteFileName,
  noteLink,
  noteLinkStyleFor,
  noteStem,
  relativePath,
  renderNote,
} from '../../../src/core/notes/notes';
import { findMentions } from '../../../src/core/drafts/mentions';

function paper(overrides: Partial<Paper> = {}): Paper {
  return {
    key: 'interpreting2024',
    title: 'Interpreting Attention Layer Outputs with Sparse Autoencoders',
    abstract: 'We train SAEs on attention layer outputs.\nCode at https://github.com/x/y.',
    day: 'Mar 14',
    date: '2024-03-14',
    year: 2024,
    links: [
      { url: 'https://github.com/x/y', kind: 'code' },
      { url: 'https://x.github.io/y', kind: 'project' },
    ],
    doi: null,
    occurrences: [],
    ...overrides,
  };
}

const options = { digestPath: 'digests/mar14.digest.txt', tags: ['reading'], created: '2025-01-02' };

/** Splits `---\n<yaml>---\n<body>` and parses the YAML. */
function frontMatterOf(text: string): { data: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)---\n([\s\S]*)$/.exec(text);
  assert.ok(match, `no front matter in:\n${text}`);
  return { data: parse(match[1]) as Record<string, unknown>, body: match[2] };
}

/** What Windows refuses in a file name (from the Win32 naming rules). */
function windowsAccepts(name: string): boolean {
  const stem = name.split('.')[0];
  return (
    !/[<>:"/\\|?*\x00-\x1f]/.test(name) && !/[. ]$/.test(name) && !/^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i.test(stem) && name.length <= 255
  );
}

describe('noteFileName', () => {
  it('is the key plus .md for a valid key', () => {
    assert.equal(noteFileName('smith2024'), 'smith2024.md');
    assert.equal(noteFileName('Interpreting2024a'), 'Interpreting2024a.md');
  });

  it('suffixes names Windows reserves, in any case, also before an extension', () => {
    assert.equal(noteFileName('aux'), 'aux_.md');
    assert.equal(noteFileName('CON'), 'CON_.md');
    assert.equal(noteFileName('Nul'), 'Nul_.md');
    assert.equal(noteFileName('com7'), 'com7_.md');
    assert.equal(noteFileName('LPT1'), 'LPT1_.md');
    assert.equal(noteFileName('con.draft'), 'con_.draft.md');
    assert.equal(noteFileName('console'), 'console.md');
    assert.equal(noteFileName('com10'), 'com10.md');
  });

  it('keeps path tricks out of the name', () => {
    assert.equal(noteFileName('../../etc/passwd'), 'etc-passwd.md');
    assert.equal(noteFileName('..\\..\\windows\\system32'), 'windows-system32.md');
    assert.equal(noteFileName('..'), 'note.md');
    assert.equal(noteFileName(''), 'note.md');
    assert.equal(noteFileName('name. '), 'name.md');
    assert.equal(noteFileName('Ünïcödé: Straße'), 'Unicode-Stra-e.md');
  });

  it('is always a single safe ASCII name (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), key => {
        const name = noteFileName(key);
        assert.match(name, /^[A-Za-z0-9._-]+\.md$/);
        assert.ok(!name.includes('..'), name);
        assert.ok(!name.startsWith('.'), name);
        assert.ok(windowsAccepts(name), name);
      }),
      { numRuns: 500 },
    );
  });

  it('maps reserved stems back to their keys', () => {
    for (const key of ['aux', 'CON', 'lpt9', 'smith2024']) {
      assert.equal(keyFromNoteStem(noteStem(key)), key);
    }
    assert.equal(keyFromNoteStem('notes_'), 'notes_');
  });
});

describe('renderNote', () => {
  it('writes front matter that parses back to the paper', () => {
    const { text, unknownPlaceholders } = renderNote(paper(), options);
    const { data } = frontMatterOf(text);
    assert.deepEqual(data, {
      title: 'Interpreting Attention Layer Outputs with Sparse Autoencoders',
      key: 'interpreting2024',
      year: 2024,
      digest: 'digests/mar14.digest.txt',
      day: 'Mar 14',
      date: '2024-03-14',
      links: ['https://github.com/x/y', 'https://x.github.io/y'],
      tags: ['paper', 'reading'],
      created: '2025-01-02',
    });
    assert.deepEqual(unknownPlaceholders, []);
  });

  it("writes authors, year, arXiv id and the paper's own DOI when the metadata knows them", () => {
    const metadata = {
      authors: [{ literal: 'Jacob Dunefsky', family: 'Dunefsky', given: 'Jacob' }, { literal: 'Neel Nanda' }],
      published: '2024-06-17',
      arxiv: '2406.11944',
    };
    const { data } = frontMatterOf(renderNote(paper({ metadata, year: null, date: null }), options).text);
    assert.deepEqual(data.authors, ['Jacob Dunefsky', 'Neel Nanda']);
    assert.equal(data.year, 2024, 'from the publication date');
    assert.equal(data.arxiv, '2406.11944');
    assert.equal(data.doi, '10.48550/arXiv.2406.11944');
  });

  it('leaves out the date when the year is unknown and does not repeat the paper tag', () => {
    const { data } = frontMatterOf(renderNote(paper({ date: null, year: null }), { ...options, tags: ['paper', ' '] }).text);
    assert.ok(!('date' in data));
    assert.deepEqual(data.tags, ['paper']);
  });

  it('round-trips titles with quotes, colons, hashes and non-ASCII letters', () => {
    const titles = [
      `"Quoted": it's a 'test' — Ünïcode naïveté`,
      'CON: Reserved Names',
      '../../etc/passwd: A Path Traversal Study',
      '# Not a comment: yes',
      'null',
      '2024',
      '- a list? [no] {no}',
    ];
    for (const title of titles) {
      const { data } = frontMatterOf(renderNote(paper({ title, key: '2024' }), options).text);
      assert.equal(data.title, title);
      assert.equal(data.key, '2024');
    }
  });

  it('round-trips any title (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }), title => {
        const { data } = frontMatterOf(renderNote(paper({ title }), options).text);
        assert.equal(data.title, title);
      }),
      { numRuns: 500 },
    );
  });

  it('writes the title heading, the abstract as a quote and the sections to fill', () => {
    const { body } = frontMatterOf(renderNote(paper(), options).text);
    assert.equal(
      body,
      [
        '',
        '# Interpreting Attention Layer Outputs with Sparse Autoencoders',
        '',
        '> We train SAEs on attention layer outputs.',
        '> Code at https://github.com/x/y.',
        '',
        '## Summary',
        '',
        '## Key ideas',
        '',
        '## Questions',
        '',
        '## Related',
        '',
        '',
      ].join('\n'),
    );
  });

  it('omits the quote when there is no abstract', () => {
    const { body } = frontMatterOf(renderNote(paper({ abstract: '' }), options).text);
    assert.ok(!body.includes('>'));
    assert.match(body, /^\n# Interpreting .*\n\n## Summary/);
  });

  it('fills a template instead of the body and reports unknown placeholders once', () => {
    const template = '# {{title}} ({{ key }})\n\n{{abstract}}\n\nDay: {{day}} in {{digest}}\n{{links}}\n{{author}} {{author}} {{ year }}\n';
    const { text, unknownPlaceholders } = renderNote(paper(), { ...options, template });
    const { data, body } = frontMatterOf(text);
    assert.equal(data.key, 'interpreting2024');
    assert.equal(
      body,
      [
        '',
        '# Interpreting Attention Layer Outputs with Sparse Autoencoders (interpreting2024)',
        '',
        'We train SAEs on attention layer outputs.\nCode at https://github.com/x/y.',
        '',
        'Day: Mar 14 in digests/mar14.digest.txt',
        '- <https://github.com/x/y>\n- <https://x.github.io/y>',
        '{{author}} {{author}} {{ year }}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(unknownPlaceholders, ['{{author}}', '{{ year }}']);
  });

  it('does not expand placeholders found inside substituted values', () => {
    const { text } = fillTemplate('{{title}}', { title: '{{key}}', key: 'k' });
    assert.equal(text, '{{key}}');
  });
});

describe('noteLink', () => {
  it('links by wikilink with the note stem', () => {
    assert.equal(noteLink('wikilink', 'smith2024', 'A Title', 'notes/smith2024.md'), '[[smith2024]]');
    assert.equal(noteLink('wikilink', 'aux', 'A Title', 'notes/aux_.md'), '[[aux_]]');
  });

  it('links by relative Markdown link with the title escaped and the path encoded', () => {
    assert.equal(noteLink('markdown', 'k', 'A [bracketed] title', '../notes/k.md'), '[A \\[bracketed\\] title](../notes/k.md)');
    assert.equal(noteLink('markdown', 'k', 'T', 'my notes/k (1).md'), '[T](my%20notes/k%20(1).md)');
  });

  it('links by a comment pandoc does not print, which Cited In still counts once', () => {
    const link = noteLink('comment', 'smith2024', 'A Title', '../notes/smith2024.md');
    assert.equal(link, '<!-- note: [[smith2024]] ../notes/smith2024.md -->');
    assert.equal(
      noteLink('comment', 'k', 'T', 'my--notes/k.md'),
      '<!-- note: [[k]] my%2D%2Dnotes/k.md -->',
      'no -- ends the comment early',
    );
    const mentions = findMentions(`Text [@smith2024] ${link}.\n`, 'markdown', { filePath: 'drafts/paper.md' });
    assert.deepEqual(
      mentions.map(m => [m.key, m.kind]),
      [
        ['smith2024', 'citation'],
        ['smith2024', 'note'],
      ],
    );
  });

  it('chooses the comment for drafts pandoc renders unless a style is set', () => {
    assert.equal(noteLinkStyleFor('auto', 'markdown', true), 'comment');
    assert.equal(noteLinkStyleFor(undefined, 'quarto', false), 'comment');
    assert.equal(noteLinkStyleFor('auto', 'rmarkdown', false), 'comment');
    assert.equal(noteLinkStyleFor('auto', 'markdown', false), 'wikilink', 'a Foam or Obsidian note without front matter');
    assert.equal(noteLinkStyleFor('wikilink', 'quarto', true), 'wikilink');
    assert.equal(noteLinkStyleFor('markdown', 'markdown', true), 'markdown');
  });
});

describe('relativePath', () => {
  it('walks from the draft folder to the note', () => {
    assert.equal(relativePath('', 'notes/k.md'), 'notes/k.md');
    assert.equal(relativePath('drafts', 'notes/k.md'), '../notes/k.md');
    assert.equal(relativePath('drafts/ch1', 'notes/k.md'), '../../notes/k.md');
    assert.equal(relativePath('notes', 'notes/k.md'), 'k.md');
    assert.equal(relativePath('notes/sub', 'notes/k.md'), '../k.md');
    assert.equal(relativePath('a/notes', 'notes/k.md'), '../../notes/k.md');
  });
});
