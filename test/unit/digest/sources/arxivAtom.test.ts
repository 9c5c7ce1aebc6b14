import assert from 'node:assert/strict';
import { atomRecordMetadata, parseArxivAtom, readArxivAtom } from '../../../../src/core/digest/sources/arxivAtom';
import { fixture } from './mailFixtures';

const SAMPLE = fixture('arxiv-api.atom.xml');
const LINES = SAMPLE.split('\n');
const records = parseArxivAtom(SAMPLE);

/** The old API output: namespace on each element's use, links with rel, wrapped title and summary. */
const OLD_STYLE = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?id_list=2406.11944" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: id_list=2406.11944</title>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/2406.11944v2</id>
    <updated>2024-11-01T17:00:00Z</updated>
    <published>2024-06-17T17:59:59Z</published>
    <title>Transcoders Find Interpretable LLM Feature
  Circuits</title>
    <summary>  A key goal in mechanistic interpretability is circuit analysis:
finding sparse subgraphs of models.
</summary>
    <author><name>Jacob Dunefsky</name></author>
    <author><name>Philippe Chlenski</name></author>
    <author><name>Neel Nanda</name></author>
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">29 pages</arxiv:comment>
    <link href="http://arxiv.org/abs/2406.11944v2" rel="alternate" type="text/html"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>`;

const ERROR_ANSWER = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>
    <title>Error</title>
    <summary>incorrect id format for 1234</summary>
  </entry>
</feed>`;

describe('arXiv API Atom answer', () => {
  it('reads every entry of the real (late-2025) answer', () => {
    const ids = LINES.filter(line => line.trim().startsWith('<id>http://arxiv.org/abs/')).map(line =>
      line.trim().slice('<id>http://arxiv.org/abs/'.length, -'</id>'.length),
    );
    assert.equal(records.length, 10);
    assert.deepEqual(
      records.map(r => `${r.arxiv}v${r.version}`),
      ids,
    );
    assert.equal(readArxivAtom(SAMPLE).totalResults, 7432);
  });

  it('reads old-style ids, authors, categories and dates exactly', () => {
    const [first] = records;
    assert.equal(first.arxiv, 'nucl-ex/0408020');
    assert.equal(first.version, 1);
    assert.equal(first.url, 'https://arxiv.org/abs/nucl-ex/0408020');
    assert.equal(first.authors.length, 9);
    assert.deepEqual(first.authors.at(-1), { literal: 'H. de Vries', family: 'de Vries', given: 'H.' });
    assert.equal(first.primaryClass, 'nucl-ex');
    assert.deepEqual(first.categories, ['nucl-ex', 'hep-ph']);
    assert.equal(first.published, '2004-08-18');
    assert.equal(first.updated, '2005-09-17');
    assert.ok(first.abstract.startsWith('It has been suggested'), 'leading spaces trimmed');
  });

  it('reads DOI and journal reference where given (7 and 6 in the sample), entities decoded', () => {
    assert.equal(records.filter(r => r.doi).length, LINES.filter(l => l.includes('<arxiv:doi>')).length);
    assert.equal(records.filter(r => r.journalRef).length, LINES.filter(l => l.includes('<arxiv:journal_ref>')).length);
    const beams = records.find(r => r.arxiv === '1610.08734')!;
    assert.equal(beams.doi, '10.1103/PhysRevAccelBeams.20.101301');
    assert.match(beams.journalRef!, /Hanahoe, K\., & Mete-Apsimon/);
    assert.ok(records.find(r => r.arxiv === '1205.6628')!.authors.some(a => a.literal === 'Ulf-G. Meißner'));
  });

  it('gives the paper metadata of a record', () => {
    const metadata = atomRecordMetadata(records[1]);
    assert.deepEqual(metadata, {
      authors: [
        { literal: 'A. Pertica', family: 'Pertica', given: 'A.' },
        { literal: 'S. J. Payne', family: 'Payne', given: 'S. J.' },
      ],
      published: '2013-09-18',
      arxiv: '1309.4668',
      primaryClass: 'physics.acc-ph',
      categories: ['physics.acc-ph'],
      venue: 'CERN Yellow Report CERN-2013-002, pp.237-240',
      journalDoi: '10.5170/CERN-2013-002.237',
      url: 'https://arxiv.org/abs/1309.4668',
      source: 'arxiv-api',
    });
  });

  it('reads the old output too: wrapped title and summary joined', () => {
    const [record] = parseArxivAtom(OLD_STYLE);
    assert.equal(record.title, 'Transcoders Find Interpretable LLM Feature Circuits');
    assert.equal(record.abstract, 'A key goal in mechanistic interpretability is circuit analysis: finding sparse subgraphs of models.');
    assert.equal(record.version, 2);
    assert.equal(record.comment, '29 pages');
    assert.deepEqual(record.categories, ['cs.LG', 'cs.AI']);
    assert.deepEqual(
      record.authors.map(a => a.literal),
      ['Jacob Dunefsky', 'Philippe Chlenski', 'Neel Nanda'],
    );
  });

  it('gives no record for an error answer, and says why', () => {
    const answer = readArxivAtom(ERROR_ANSWER);
    assert.deepEqual(answer.records, []);
    assert.match(answer.problems.join(' '), /incorrect id format/);
  });

  it('gives [] for what is not an Atom answer, without throwing', () => {
    for (const text of ['', 'not xml', '<rss/>', '{"feed": 1}', SAMPLE.slice(0, SAMPLE.length / 3)]) {
      const answer = readArxivAtom(text);
      assert.ok(Array.isArray(answer.records));
      if (text.length < 20) assert.equal(answer.records.length, 0);
    }
    const cut = readArxivAtom(SAMPLE.slice(0, SAMPLE.indexOf('<id>http://arxiv.org/abs/1606.02159v1')));
    assert.deepEqual(
      cut.records.map(r => r.arxiv),
      ['nucl-ex/0408020', '1309.4668'],
    );
    assert.ok(cut.problems.length > 0);
  });
});
