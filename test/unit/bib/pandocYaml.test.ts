import assert from 'node:assert/strict';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { planBibliographyInsert, readBibliography } from '../../../src/core/bib';
import { buildLibrary } from '../../../src/core/library/library';
import { parseDigest } from '../../../src/core/digest/parser';
import { SEED_TEXT } from '../helpers/seed';

/** What `pandoc -s -f bibtex -t markdown refs.bib` (pandoc 2.17) writes: `---` opens and closes. */
const PANDOC_CSL_YAML = `---
nocite: "[@*]"
references:
- author:
  - family: Smith
    given: Ann
  id: smith2020
  issued: 2020
  title: Deep things
  type: article-journal
- id: doe2021
  issued: 2021
  title: Other
---

`;

describe('CSL-YAML as pandoc writes it (issue 11)', () => {
  it('reads a file that ends with a closing --- (an empty second YAML document)', () => {
    assert.equal(parseAllDocuments(PANDOC_CSL_YAML).length, 2, 'yaml sees two documents');
    assert.deepEqual(readBibliography(PANDOC_CSL_YAML, 'csl-yaml'), {
      entries: [
        { key: 'smith2020', title: 'Deep things', line: 3 },
        { key: 'doe2021', title: 'Other', line: 10 },
      ],
    });
  });

  it('accepts several empty documents and comments after the first, but not a second with data', () => {
    assert.equal(readBibliography('- id: a\n---\n# nothing here\n---\n...\n', 'csl-yaml').error, undefined);
    const { error } = readBibliography('- id: a\n---\n- id: b\n', 'csl-yaml');
    assert.match(error?.message ?? '', /one YAML document/);
    assert.equal(error?.line, 1);
  });

  it('adds entries to such a file inside its references list, keeping the rest byte for byte', () => {
    const papers = buildLibrary([parseDigest(SEED_TEXT, '/ws/seed.digest.txt', { defaultYear: 2024 })]).papers.slice(0, 2);
    const plan = planBibliographyInsert(PANDOC_CSL_YAML, 'csl-yaml', papers);
    assert.equal(plan.error, undefined, plan.error?.message);
    assert.ok(plan.insert);
    const result = PANDOC_CSL_YAML.slice(0, plan.insert.offset) + plan.insert.text + PANDOC_CSL_YAML.slice(plan.insert.offset);
    assert.ok(result.endsWith('---\n\n'), 'the closing marker stays last');
    const ids = (parseAllDocuments(result)[0].toJSON() as { references: { id: string }[] }).references.map(item => item.id);
    assert.deepEqual(ids, ['smith2020', 'doe2021', ...papers.map(p => p.key)]);
    assert.equal(parseYaml(result.replace(/---\n\n$/, '')).nocite, '[@*]');
  });
});
