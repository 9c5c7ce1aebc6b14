/**
 * The command line on the other digest sources (issue 13): Hugging Face daily-papers JSON, an
 * arXiv listing e-mail and an arXiv RSS feed, the real samples in test/fixtures/sources. `parse
 * --json` gives authors, year, arXiv id and DOI; `bib` writes entries a style can cite; a folder is
 * searched for them by content. In-process (`run`), from a folder with no metadata file.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBibliography } from '../../src/core/bib';
import { NodeFileStore } from '../../src/cli/nodeFileStore';
import { run } from '../../src/cli/run';
import { ROOT, stderrLines, type Run } from './cliHarness';

const SOURCES = join(ROOT, 'test', 'fixtures', 'sources');
const HF = join(SOURCES, 'hf-daily-papers.json');
const EMAIL = join(SOURCES, 'arxiv-listing-email.txt');
const RSS = join(SOURCES, 'arxiv-rss.xml');

interface PaperJson {
  key: string;
  title: string;
  authors: Array<{ family?: string; given?: string; literal?: string }>;
  year: number | null;
  arxiv: string | null;
  doi: string | null;
  date: string | null;
}

let dir = '';

/** `run` with a metadata file in an empty temporary folder: only the digests speak. */
async function cli(...args: string[]): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const context = {
    store: new NodeFileStore(),
    print: (text: string) => stdout.push(text),
    report: (message: string) => stderr.push(`digest-notes: ${message}\n`),
    metadataFile: join(dir, '.digest-notes', 'metadata.json'),
  };
  const status = await run(args, context);
  return { status, stdout: stdout.join(''), stderr: stderr.join(''), timedOut: false };
}

async function parsed(path: string): Promise<PaperJson[]> {
  const result = await cli('parse', path, '--json');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  return JSON.parse(result.stdout).papers;
}

const byKey = (papers: readonly PaperJson[], key: string) => {
  const paper = papers.find(p => p.key === key);
  assert.ok(paper, `no paper ${key} among ${papers.map(p => p.key).join(', ')}`);
  return paper;
};

describe('digest-notes on Hugging Face JSON, arXiv e-mails and arXiv RSS', () => {
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'digest-notes-sources-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('parse --json', () => {
    it('Hugging Face daily papers: 30 papers, each with authors, year and arXiv id', async () => {
      const papers = await parsed(HF);
      assert.equal(papers.length, 30);
      assert.ok(papers.every(p => p.authors.length > 0 && p.year === 2026 && /^\d{4}\.\d{5}$/.test(p.arxiv ?? '')));
      const paper = byKey(papers, 'casanova2026limits');
      assert.equal(paper.title.slice(0, 36), 'On the Limits of LLM Adaptability: I');
      assert.deepEqual(paper.authors, [
        { family: 'Casanova', given: 'Etienne' },
        { family: 'Kocielnik', given: 'Rafal' },
        { family: 'Alvarez', given: 'R. Michael' },
      ]);
      assert.deepEqual([paper.year, paper.arxiv, paper.doi, paper.date], [2026, '2606.00467', '10.48550/arXiv.2606.00467', '2026-06-12']);
    });

    it('arXiv listing e-mail: 176 entries; a published one gives its journal DOI', async () => {
      const papers = await parsed(EMAIL);
      assert.equal(papers.length, 176);
      assert.ok(papers.every(p => p.authors.length > 0 && p.year !== null && p.arxiv !== null));
      const first = byKey(papers, 'lu2019pykaldi2');
      assert.deepEqual(first.authors, [
        { family: 'Lu', given: 'Liang' },
        { family: 'Xiao', given: 'Xiong' },
        { family: 'Chen', given: 'Zhuo' },
        { family: 'Gong', given: 'Yifan' },
      ]);
      assert.deepEqual([first.year, first.arxiv, first.doi], [2019, '1907.05955', '10.48550/arXiv.1907.05955']);
      const published = byKey(papers, 'aliannejadi2019asking');
      assert.deepEqual([published.arxiv, published.doi], ['1907.06554', '10.1145/3331184.3331265']);
      assert.equal(published.authors[3].family, 'Croft');
    });

    it('arXiv RSS: 4 items with authors, year and arXiv id', async () => {
      const papers = await parsed(RSS);
      assert.deepEqual(
        papers.map(p => p.key),
        ['polly2026drift', 'mansour2026signal2symbol', 'dey2026outlier', 'joswig2026random'],
      );
      const paper = byKey(papers, 'mansour2026signal2symbol');
      assert.deepEqual(paper.authors, [
        { family: 'Mansour', given: 'Naser' },
        { family: 'Benabderrahmane', given: 'Sidahmed' },
        { family: 'Rahwan', given: 'Ameer' },
      ]);
      assert.deepEqual([paper.year, paper.arxiv, paper.doi], [2026, '2609.26820', '10.48550/arXiv.2609.26820']);
      assert.equal(byKey(papers, 'dey2026outlier').doi, '10.1093/bioinformatics/btac431', "the journal DOI wins over arXiv's");
    });
  });

  it('parse shows an authors column when the papers have authors', async () => {
    const result = await cli('parse', RSS);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^KEY\s+DAY\s+AUTHORS\s+TITLE$/);
    assert.match(lines[2], /^mansour2026signal2symbol\s+2026-09-24\s+Mansour et al\.\s+Signal2Symbol: /);
    assert.equal(lines[lines.length - 1], '4 papers from 1 file');
  });

  describe('bib', () => {
    for (const [name, path, count] of [
      ['Hugging Face JSON', HF, 30],
      ['arXiv e-mail', EMAIL, 176],
      ['arXiv RSS', RSS, 4],
    ] as const) {
      it(`${name}: every entry has author, year, eprint and a DOI`, async () => {
        const result = await cli('bib', path, '--format', 'bibtex');
        assert.equal(result.status, 0, result.stderr);
        const entries = result.stdout.split(/^@/m).slice(1);
        assert.equal(entries.length, count);
        for (const field of ['author', 'year', 'eprint', 'archivePrefix', 'doi', 'url']) {
          const missing = entries.filter(entry => !new RegExp(`^  ${field} = \\{`, 'm').test(entry));
          assert.deepEqual(missing, [], `entries without ${field}`);
        }
        assert.equal(readBibliography(result.stdout, 'bibtex').entries.length, count, 'and it reads back');
      });
    }

    it('writes an arXiv paper as arXiv exports it', async () => {
      const result = await cli('bib', RSS, '--format', 'bibtex');
      const entry = result.stdout.split('\n\n').find(e => e.startsWith('@misc{mansour2026signal2symbol,'));
      assert.ok(entry, result.stdout.slice(0, 400));
      assert.match(entry, /^ {2}author = \{Mansour, Naser and Benabderrahmane, Sidahmed and Rahwan, Ameer\},$/m);
      assert.match(entry, /^ {2}year = \{2026\},$/m);
      assert.match(entry, /^ {2}eprint = \{2609\.26820\},\n {2}archivePrefix = \{arXiv\},\n {2}primaryClass = \{cs\.LG\},$/m);
      assert.match(entry, /^ {2}url = \{https:\/\/arxiv\.org\/abs\/2609\.26820\},$/m);
    });

    it('CSL-JSON from an e-mail: family/given authors, issued year, the journal DOI', async () => {
      const result = await cli('bib', EMAIL, '--format', 'csl-json');
      assert.equal(result.status, 0, result.stderr);
      const item = JSON.parse(result.stdout).find((i: { id: string }) => i.id === 'aliannejadi2019asking');
      assert.deepEqual(item.author[0], { family: 'Aliannejadi', given: 'Mohammad' });
      assert.equal(item.issued['date-parts'][0][0], 2019);
      assert.equal(item.DOI, '10.1145/3331184.3331265');
    });
  });

  describe('folders', () => {
    it('finds the sources by content under any of their names, and leaves other JSON and XML alone', async () => {
      copyFileSync(HF, join(dir, 'saved.json'));
      copyFileSync(EMAIL, join(dir, 'mailing.eml'));
      copyFileSync(RSS, join(dir, 'feed.rss'));
      copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
      copyFileSync(join(SOURCES, 'doi-csl.json'), join(dir, 'doi-csl.json'));
      copyFileSync(join(SOURCES, 'arxiv-api.atom.xml'), join(dir, 'answer.xml'));
      const other = '<?xml version="1.0"?><rss version="2.0"><channel><title>Cooking</title>';
      writeFileSync(join(dir, 'recipes.xml'), `${other}<item><title>Soup</title></item></channel></rss>\n`);
      const result = await cli('parse', dir, '--json');
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stderr, '');
      const papers: Array<PaperJson & { occurrences: Array<{ path: string }> }> = JSON.parse(result.stdout).papers;
      assert.equal(papers.length, 30 + 176 + 4);
      const files = new Set(papers.flatMap(p => p.occurrences.map(o => o.path.slice(dir.length + 1))));
      assert.deepEqual([...files].sort(), ['feed.rss', 'mailing.eml', 'saved.json']);
    });

    it('a package.json named on the command line is not a digest: one line, exit 1', async () => {
      const result = await cli('parse', join(ROOT, 'package.json'), RSS);
      assert.equal(result.status, 1);
      const lines = stderrLines(result);
      assert.equal(lines.length, 1, result.stderr);
      assert.match(
        lines[0],
        new RegExp(`^digest-notes: ${join(ROOT, 'package.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a digest \\(`),
      );
      assert.equal(result.stdout.trimEnd().split('\n').pop(), '4 papers from 1 file');
    });
  });

  it('search finds a paper of a feed by its title under its author-year key', async () => {
    const result = await cli('search', 'drift contract', '--in', RSS, '--json');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).results[0].key, 'polly2026drift');
  });
});
