import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { formatBibliography, planBibliographyInsert, readBibliography, type BibFormat, type BibInsertPlan } from '../../../src/core/bib';
import { buildLibrary } from '../../../src/core/library/library';
import type { Paper } from '../../../src/core/model';
import { parseDigest } from '../../../src/core/digest/parser';
import { handPaper } from '../helpers/handDigest';
import { SEED_TEXT } from '../helpers/seed';

const SEED = buildLibrary([parseDigest(SEED_TEXT, '/ws/hf-daily-papers-mar14.digest.txt', { defaultYear: 2024 })]).papers;
const [P1, P2, P3] = SEED;

/** Applies a plan, checking the original text survives as an exact prefix and suffix. */
function apply(text: string, plan: BibInsertPlan): string {
  assert.equal(plan.error, undefined, plan.error?.message);
  assert.ok(plan.insert, 'expected an insertion');
  const { offset, text: inserted } = plan.insert;
  assert.ok(offset >= 0 && offset <= text.length);
  const result = text.slice(0, offset) + inserted + text.slice(offset);
  assert.equal(result.slice(0, offset), text.slice(0, offset));
  assert.equal(result.slice(offset + inserted.length), text.slice(offset));
  return result;
}

/** Inserts, checks every old and new key reads back, and that a second insert adds nothing. */
function insertAndCheck(text: string, format: BibFormat, papers: readonly Paper[]): string {
  const before = readBibliography(text, format);
  assert.equal(before.error, undefined);
  const plan = planBibliographyInsert(text, format, papers);
  assert.deepEqual(
    plan.added,
    papers.map(p => p.key),
  );
  const result = apply(text, plan);
  const after = readBibliography(result, format);
  assert.equal(after.error, undefined, after.error?.message);
  assert.deepEqual(
    after.entries.map(e => e.key),
    [...before.entries.map(e => e.key), ...papers.map(p => p.key)],
  );
  assert.deepEqual(
    after.entries.slice(before.entries.length).map(e => e.title),
    papers.map(p => p.title),
  );
  const again = planBibliographyInsert(result, format, papers);
  assert.deepEqual(again, { added: [], alreadyPresent: papers.map(p => p.key), conflicting: [] });
  return result;
}

const ODD_BIB = `%% Hand-kept bibliography: do not reformat!
@String{nips = "NeurIPS"}

@Article{ Smith:2020 ,
    title="{Deep} Learning of {\\"U}ber " # nips,
  year=2020 }   % trailing comment
junk text @ between
@comment{ @misc{ghost, title={Ghost}} }
@misc{dunefsky2024,title={Transcoders Find Interpretable {LLM} Feature Circuits},
author={Dunefsky, Jacob}}`;

describe('planBibliographyInsert', () => {
  describe('BibTeX', () => {
    it('appends after a hand-written file, leaving every byte of it unchanged', () => {
      const result = insertAndCheck(ODD_BIB, 'bibtex', [P1, P2]);
      assert.ok(result.startsWith(ODD_BIB + '\n\n@misc{'));
      assert.ok(result.endsWith('}\n'));
    });

    it('adds a single newline or none when the file ends with one or a blank line', () => {
      assert.ok(insertAndCheck('@misc{a, title={A}}\n', 'bibtex', [P1]).startsWith('@misc{a, title={A}}\n\n@misc{'));
      assert.ok(insertAndCheck('@misc{a, title={A}}\n\n', 'bibtex', [P1]).startsWith('@misc{a, title={A}}\n\n@misc{'));
    });

    it('keeps CRLF line endings', () => {
      const result = insertAndCheck(ODD_BIB.replace(/\n/g, '\r\n') + '\r\n', 'bibtex', [P1]);
      assert.equal(result.replace(/\r\n/g, '').includes('\n'), false);
    });

    it('reports a paper whose title is already there under the existing key, and a key used for another title', () => {
      const transcoders = SEED.find(p => p.title.startsWith('Transcoders'))!;
      const clash = handPaper({ key: 'Smith:2020', title: 'Another Paper Entirely' });
      const plan = planBibliographyInsert(ODD_BIB, 'bibtex', [transcoders, clash, P1, P1]);
      assert.deepEqual(plan.added, [P1.key]);
      assert.deepEqual(plan.alreadyPresent, ['dunefsky2024']);
      assert.deepEqual(plan.conflicting, ['Smith:2020']);
      apply(ODD_BIB, plan);
    });

    it('treats an existing entry without a title and the same key as present', () => {
      const text = `@misc{${P1.key.toUpperCase()}, note = {no title}}\n`;
      assert.deepEqual(planBibliographyInsert(text, 'bibtex', [P1]), {
        added: [],
        alreadyPresent: [P1.key.toUpperCase()],
        conflicting: [],
      });
    });

    it('refuses a file it cannot parse', () => {
      const plan = planBibliographyInsert('@misc{a, title={A}}\n@misc{b,\n  title = {B}\n', 'bibtex', [P1]);
      assert.equal(plan.insert, undefined);
      assert.deepEqual(plan.added, []);
      assert.equal(plan.error?.line, 1);
    });
  });

  describe('CSL-JSON', () => {
    const items = [{ id: 'mine', type: 'book', title: 'My Book', author: [{ family: 'Me' }] }];

    for (const [name, indent] of [
      ['two spaces', 2],
      ['four spaces', 4],
      ['tabs', '\t'],
    ] as const) {
      it(`appends after the last item in the file's indentation (${name})`, () => {
        const text = JSON.stringify(items, null, indent) + '\n';
        const result = insertAndCheck(text, 'csl-json', [P1, P2]);
        const parsed = JSON.parse(result) as unknown[];
        assert.deepEqual(parsed[0], items[0]);
        assert.equal(result, JSON.stringify(parsed, null, indent) + '\n', 'the file reads as if written in one go');
      });
    }

    it('keeps a one-line file on one line and CRLF files CRLF', () => {
      const compact = JSON.stringify(items);
      const result = insertAndCheck(compact, 'csl-json', [P1]);
      assert.equal(result.includes('\n'), false);
      const crlf = JSON.stringify(items, null, 2).replace(/\n/g, '\r\n') + '\r\n';
      assert.equal(insertAndCheck(crlf, 'csl-json', [P1]).replace(/\r\n/g, '').includes('\n'), false);
    });

    it('fills an empty array, an empty file or a blank file', () => {
      for (const text of ['[]', '[\n]\n', '[ ]', '', '\n\n']) {
        const result = insertAndCheck(text, 'csl-json', [P1, P2]);
        assert.equal((JSON.parse(result) as unknown[]).length, 2, JSON.stringify(text));
      }
    });

    it('refuses invalid JSON and a non-array, with the line', () => {
      const bad = planBibliographyInsert('[\n  {"id": "a"},\n]', 'csl-json', [P1]);
      assert.deepEqual([bad.insert, bad.error?.line], [undefined, 2]);
      assert.equal(planBibliographyInsert('{"id": "a"}', 'csl-json', [P1]).insert, undefined);
    });
  });

  describe('CSL-YAML', () => {
    it('appends to a top-level list, after a trailing comment, and without a final newline', () => {
      insertAndCheck('# my refs\n- id: mine\n  title: Mine\n# end of list\n', 'csl-yaml', [P1, P2]);
      const result = insertAndCheck('- id: mine\n  title: Mine', 'csl-yaml', [P1]);
      assert.ok(result.startsWith('- id: mine\n  title: Mine\n- id: '));
    });

    it('appends right after the last reference when other keys follow, in the list’s indentation', () => {
      const text = '---\ntitle: Draft\nreferences:\n    - id: mine\n      title: Mine   # note\n\nlang: en-GB\n...\n';
      const result = insertAndCheck(text, 'csl-yaml', [P1, P2]);
      const doc = parseYaml(result.replace(/\.\.\.\n$/, '')) as { title: string; lang: string; references: { id: string }[] };
      assert.equal(doc.title, 'Draft');
      assert.equal(doc.lang, 'en-GB');
      assert.deepEqual(
        doc.references.map(r => r.id),
        ['mine', P1.key, P2.key],
      );
      assert.ok(result.includes(`title: Mine   # note\n    - id: ${P1.key}\n`));
    });

    it('fills an empty references key, adds one to a mapping without it, and fills a flow list', () => {
      const cases = [
        'references:\nlang: en\n',
        'title: x\nlang: en',
        'references: []\n',
        'references: [{id: mine, title: Mine}]\n',
        '# nothing yet\n',
        '',
      ];
      for (const text of cases) {
        const result = insertAndCheck(text, 'csl-yaml', [P1, P3]);
        const doc = parseYaml(result) as { references: { id: string }[]; lang?: string };
        assert.deepEqual(
          doc.references.slice(-2).map(r => r.id),
          [P1.key, P3.key],
          JSON.stringify(text),
        );
        if (text.includes('lang')) assert.equal(doc.lang, 'en');
      }
    });

    it('keeps CRLF line endings', () => {
      const result = insertAndCheck('references:\r\n- id: mine\r\n  title: Mine\r\n', 'csl-yaml', [P1]);
      assert.equal(result.replace(/\r\n/g, '').includes('\n'), false);
    });

    it('refuses YAML it cannot read, and a shape it cannot append to safely', () => {
      const broken = planBibliographyInsert('- id: a\n  title: x: y\n', 'csl-yaml', [P1]);
      assert.deepEqual([broken.insert, broken.error?.line], [undefined, 1]);
      const flowMap = planBibliographyInsert('{title: x}\n', 'csl-yaml', [P1]);
      assert.equal(flowMap.insert, undefined);
      assert.match(flowMap.error!.message, /flow style/);
      const nullRefs = planBibliographyInsert('references: ~\n', 'csl-yaml', [P1]);
      assert.equal(nullRefs.insert, undefined);
      assert.match(nullRefs.error!.message, /cannot add entries safely/);
    });
  });

  for (const format of ['bibtex', 'csl-json', 'csl-yaml'] as const) {
    it(`grows a bibliography of the seed in steps, each step idempotent (${format})`, () => {
      let text = '';
      for (const [from, to] of [
        [0, 10],
        [5, 30],
        [0, 61],
      ]) {
        const step = SEED.slice(from, to);
        const plan = planBibliographyInsert(text, format, step);
        const before = new Set(readBibliography(text, format).entries.map(e => e.key));
        assert.deepEqual(
          plan.added,
          step.filter(p => !before.has(p.key)).map(p => p.key),
        );
        assert.deepEqual(
          plan.alreadyPresent,
          step.filter(p => before.has(p.key)).map(p => p.key),
        );
        text = apply(text, plan);
        assert.equal(planBibliographyInsert(text, format, step).insert, undefined);
      }
      assert.equal(text, formatBibliography(SEED, format), 'growing in steps gives the same file as writing it at once');
    });
  }
});
