import assert from 'node:assert/strict';
import type { Paper } from '../../../src/core/model';
import { commandUri, escapeMarkdown, paperHoverMarkdown, shorten } from '../../../src/core/library/paperMarkdown';

function paper(overrides: Partial<Paper> = {}): Paper {
  return {
    key: 'transcoders2024',
    title: 'Transcoders Find Interpretable LLM Feature Circuits',
    abstract: 'A key goal of mechanistic interpretability is circuit analysis.',
    day: 'Mar 14',
    date: null,
    year: null,
    links: [{ url: 'https://github.com/jacobdunefsky/transcoder_circuits', kind: 'code' }],
    doi: null,
    occurrences: [],
    ...overrides,
  };
}

/** Link destinations in `markdown`: the `(...)` after a `]` not escaped by a backslash. */
function linkTargets(markdown: string): string[] {
  return [...markdown.matchAll(/(?<!\\)\]\(([^)]*)\)/g)].map(m => m[1]);
}

describe('paperHoverMarkdown', () => {
  it('shows title, day, key, the abstract, links, the citation count and the command links', () => {
    const md = paperHoverMarkdown(paper(), {
      citingFiles: 2,
      commands: [
        { title: 'Preview', command: 'digestNotes.previewPaper' },
        { title: 'Note', command: 'digestNotes.createNote' },
      ],
    });
    assert.ok(md.startsWith('**Transcoders Find Interpretable LLM Feature Circuits**'));
    assert.ok(md.includes('Mar 14 · transcoders2024'));
    assert.ok(md.includes('A key goal of mechanistic interpretability is circuit analysis\\.'));
    assert.ok(md.includes('Cited in 2 files'));
    assert.deepEqual(linkTargets(md), [
      'https://github.com/jacobdunefsky/transcoder_circuits',
      commandUri('digestNotes.previewPaper', ['transcoders2024']),
      commandUri('digestNotes.createNote', ['transcoders2024']),
    ]);
    assert.equal(decodeURIComponent(commandUri('x.y', ['k']).split('?')[1]), '["k"]');
  });

  it('links the arXiv page and the PDF of a paper with an arXiv id, first among the links', () => {
    const md = paperHoverMarkdown(paper({ metadata: { arxiv: '2406.11944' } }));
    assert.deepEqual(linkTargets(md), [
      'https://arxiv.org/abs/2406.11944',
      'https://arxiv.org/pdf/2406.11944',
      'https://github.com/jacobdunefsky/transcoder_circuits',
    ]);
    assert.deepEqual(linkTargets(paperHoverMarkdown(paper({ metadata: { arxiv: 'hep-th/0507171' } }))).slice(0, 1), [
      'https://arxiv.org/abs/hep-th/0507171',
    ]);
    // Nothing but an id becomes a link target.
    assert.deepEqual(linkTargets(paperHoverMarkdown(paper({ metadata: { arxiv: '2406.11944)(command:evil' } }))), [
      'https://github.com/jacobdunefsky/transcoder_circuits',
    ]);
  });

  it('leaves the count out when it is unknown and says "no file" for zero', () => {
    assert.ok(!paperHoverMarkdown(paper()).includes('Cited in'));
    assert.ok(paperHoverMarkdown(paper(), { citingFiles: 0 }).includes('Cited in no file yet'));
    assert.ok(paperHoverMarkdown(paper(), { citingFiles: 1 }).includes('Cited in 1 file'));
  });

  it('cannot be made to hold links, images, HTML or commands by digest text', () => {
    const hostile = paper({
      title: 'Evil [click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>',
      abstract: '![x](https://evil.example/a.png) [run](command:digestNotes.createNote?%5B%22x%22%5D) **bold** `code`\n\n# heading',
      day: '](command:evil)',
      links: [
        { url: 'javascript:alert(1)', kind: 'other' },
        { url: 'https://ok.example/path)(command:evil)', kind: 'project' },
      ],
    });
    const md = paperHoverMarkdown(hostile, { commands: [{ title: 'Preview', command: 'digestNotes.previewPaper' }] });
    const targets = linkTargets(md);
    assert.equal(targets.length, 2, md);
    assert.ok(targets[0].startsWith('https://ok.example/path%29%28command:evil%29'), targets[0]);
    assert.equal(targets[1], commandUri('digestNotes.previewPaper', ['transcoders2024']));
    assert.ok(!/(?<!\\)[<>]/.test(md), 'no raw angle brackets');
    assert.ok(!md.includes('\n#'), 'no heading');
    assert.ok(!md.includes('javascript:'));
  });
});

describe('escapeMarkdown and shorten', () => {
  it('escapes every ASCII punctuation character and folds whitespace', () => {
    assert.equal(escapeMarkdown('a*b_c [d](e)\n<f> &g;'), 'a\\*b\\_c \\[d\\]\\(e\\) \\<f\\> \\&g\\;');
  });

  it('cuts long text at a word with an ellipsis and keeps short text whole', () => {
    assert.equal(shorten('short text', 50), 'short text');
    const cut = shorten('word '.repeat(40), 42);
    assert.ok(cut.endsWith('…') && cut.length <= 43 && !cut.includes('  '), cut);
    assert.ok(
      cut
        .slice(0, -1)
        .split(' ')
        .every(w => w === 'word'),
      cut,
    );
  });
});
