import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDigest } from '../../../../src/core/digest/parser';
import {
  detectSourceKind,
  parseAnyDigest,
  parseAnyDigestBytesInBackground,
  parseAnyDigestInBackground,
  parseArxivListing,
} from '../../../../src/core/digest/sources/index';
import { SEED_TEXT } from '../../helpers/seed';
import { emlOf, fixture } from './mailFixtures';

const PACKAGE_JSON = readFileSync(fileURLToPath(new URL('../../../../package.json', import.meta.url)), 'utf8');
const HF = fixture('hf-daily-papers.json');
const MAIL = fixture('arxiv-listing-email.txt');
const RSS = fixture('arxiv-rss.xml');
const ATOM = fixture('arxiv-api.atom.xml');

/** A blog's RSS 2.0 feed: titles, links, descriptions, dates, like arXiv's, but not arXiv. */
const BLOG_RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>A Research Blog</title>
    <link>https://blog.example.org/</link>
    <description>Notes on papers</description>
    <item>
      <title>Reading Transcoders Find Interpretable LLM Feature Circuits</title>
      <link>https://blog.example.org/transcoders</link>
      <description>What I learnt from arXiv:2406.11944.</description>
      <dc:creator>A Blogger</dc:creator>
      <category>interpretability</category>
      <pubDate>Tue, 18 Jun 2024 09:00:00 +0000</pubDate>
    </item>
  </channel>
</rss>`;

const OTHER_EML = [
  'From: Friend <friend@example.org>',
  'To: me@example.org',
  'Subject: Lunch?',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'See you at noon.',
  '',
].join('\r\n');

describe('digest kinds and parseAnyDigest', () => {
  describe('detectSourceKind', () => {
    it('recognises each source by content, whatever the file is named', () => {
      for (const name of ['papers.json', 'papers.txt', 'download', 'x.xml']) {
        assert.equal(detectSourceKind(HF, name), 'hf-json', name);
        assert.equal(detectSourceKind(JSON.stringify(JSON.parse(HF), null, 2), name), 'hf-json');
        assert.equal(detectSourceKind(MAIL, name), 'arxiv-email', name);
        assert.equal(detectSourceKind(RSS, name), 'arxiv-rss', name);
      }
      assert.equal(detectSourceKind(SEED_TEXT, 'notes.txt'), 'text-digest');
    });

    it('recognises .eml listings with any body encoding, by their body or their sender', () => {
      for (const encoding of ['8bit', 'quoted-printable', 'base64'] as const) {
        assert.equal(detectSourceKind(emlOf(MAIL, encoding), 'mail.eml'), 'arxiv-email', encoding);
      }
      const headersOnly = emlOf('Nothing listed today.\n', '8bit');
      assert.equal(detectSourceKind(headersOnly, 'mail.eml'), 'arxiv-email');
      assert.equal(detectSourceKind(OTHER_EML, 'lunch.eml'), undefined);
    });

    it('leaves other JSON and XML alone: package.json, a blog feed, an Atom answer', () => {
      assert.equal(detectSourceKind(PACKAGE_JSON, '/ws/package.json'), undefined);
      assert.equal(detectSourceKind(BLOG_RSS, 'feed.xml'), undefined);
      assert.equal(detectSourceKind(ATOM, 'query.xml'), undefined);
      assert.equal(detectSourceKind('{"title": "x", "summary": "y"}', 'a.json'), undefined);
      assert.equal(detectSourceKind('Eggs\nMilk\nBread\n', 'list.txt'), undefined);
    });

    it('does not take a text digest that mentions arXiv ids for a mail', () => {
      const withIds = SEED_TEXT.replace(/\n\n/, '\n\narXiv:2406.11944 is mentioned here.\n\n');
      assert.equal(detectSourceKind(withIds, 'x.txt'), 'text-digest');
    });

    it('keeps a *.digest file a text digest by name, unless a source claims it', () => {
      assert.equal(detectSourceKind('Eggs\n', 'a.digest'), 'text-digest');
      assert.equal(detectSourceKind(HF, 'a.digest'), 'hf-json');
    });
  });

  describe('parseAnyDigest', () => {
    it('reads each kind as its own reader does', () => {
      assert.deepEqual(parseAnyDigest(MAIL, 'm.txt'), parseArxivListing(MAIL, 'm.txt'));
      assert.deepEqual(parseAnyDigest(SEED_TEXT, 's.txt'), parseDigest(SEED_TEXT, 's.txt'));
      assert.equal(parseAnyDigest(HF, 'h.json').entries.length, 30);
      assert.equal(parseAnyDigest(RSS, 'r.xml').entries.length, 4);
      assert.equal(parseAnyDigest(SEED_TEXT, 's.txt', { kind: 'arxiv-email' }).entries.length, 0, 'the kind given wins');
    });

    it('reads no papers from JSON or XML that is none of the sources', () => {
      for (const [text, path] of [
        [PACKAGE_JSON, 'package.json'],
        [BLOG_RSS, 'feed.xml'],
      ]) {
        const parsed = parseAnyDigest(text, path);
        assert.equal(parsed.entries.length, 0, path);
        assert.ok(
          parsed.diagnostics.some(d => d.severity === 'warning'),
          path,
        );
      }
    });

    it('gives the same digest in slices, from text and from bytes', async () => {
      const encoder = new TextEncoder();
      for (const [text, path] of [
        [HF, 'h.json'],
        [MAIL, 'm.txt'],
        [RSS, 'r.xml'],
        [SEED_TEXT, 's.txt'],
        [emlOf(MAIL, 'base64'), 'm.eml'],
      ]) {
        const whole = parseAnyDigest(text, path);
        assert.deepEqual(await parseAnyDigestInBackground(text, path), whole, path);
        assert.deepEqual(await parseAnyDigestBytesInBackground(encoder.encode(text), path), whole, path);
      }
      assert.equal(await parseAnyDigestBytesInBackground(new Uint8Array([0x7b, 0, 1, 2]), 'bin.json'), null);
    });
  });
});
