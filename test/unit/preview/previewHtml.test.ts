import assert from 'node:assert/strict';
import { INITIAL_DATA_ATTRIBUTE, type RenderData } from '../../../src/shared/protocol';
import { buildPreviewHtml, contentSecurityPolicy, createNonce, escapeHtml } from '../../../src/vscode/preview/html';

const HOSTILE_TITLES = [
  '<script>window.__pwned=1</script> Scripted title',
  '<img src=x onerror="window.__pwned=2"> Imaged title',
  `Quotes " and ' and </main><script>alert(1)</script> & friends`,
  '--> <!-- ]]> </textarea> `backticks` ${template}',
];

function hostileData(): RenderData {
  return {
    source: 'file:///work/space/hostile "name".digest.txt',
    version: 3,
    label: '<b>hostile</b>.digest.txt',
    cards: HOSTILE_TITLES.map((title, i) => ({
      key: `hostile${i}`,
      title,
      day: 'Mar 14',
      abstract: `Abstract ${i} with <em>markup</em> and https://example.org/?a=1&b="2"`,
      links: [{ url: 'https://example.org/?a=1&b="2"', kind: 'other' as const }],
      line: 10 + 4 * i,
    })),
    keysWithNotes: ['hostile1'],
    focusKey: 'hostile2',
    focusLine: 18,
  };
}

function build(data = hostileData(), nonce = createNonce()): string {
  return buildPreviewHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/preview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/preview.css',
    nonce,
    data,
  });
}

/** Reverses `escapeHtml` the way an HTML parser reads an attribute value. */
function decodeAttribute(value: string): string {
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return value.replace(/&(amp|lt|gt|quot|#39);/g, entity => entities[entity]);
}

describe('preview html', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    assert.equal(escapeHtml('plain text, no change'), 'plain text, no change');
  });

  it('carries hostile titles only escaped: no tag, handler or closing quote from the digest survives', () => {
    const html = build();
    assert.equal(html.match(/<script\b/gi)?.length, 1, 'only the preview script itself');
    assert.doesNotMatch(html, /<img\b/i);
    assert.doesNotMatch(html, /window\.__pwned=1<\/script>/);
    assert.doesNotMatch(html, /onerror="/);
    assert.doesNotMatch(html, /<b>hostile/);
    assert.match(html, /<title>Preview &lt;b&gt;hostile&lt;\/b&gt;\.digest\.txt<\/title>/);
  });

  it('puts the data in one data- attribute that decodes back to exactly the data', () => {
    const data = hostileData();
    const html = build(data);
    const match = new RegExp(`${INITIAL_DATA_ATTRIBUTE}="([^"]*)"`).exec(html);
    assert.ok(match, 'the attribute is there and its value holds no raw double quote');
    assert.deepEqual(JSON.parse(decodeAttribute(match[1])), data);
    assert.doesNotMatch(match[1], /[<>'"]/);
  });

  it('declares a CSP with default-src none, the nonce on the only script, and no unsafe sources', () => {
    const nonce = createNonce();
    const html = build(hostileData(), nonce);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(csp);
    const policy = decodeAttribute(csp[1]);
    assert.equal(policy, contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', nonce));
    assert.match(policy, /^default-src 'none'; /);
    assert.match(policy, new RegExp(`script-src 'nonce-${nonce}'(;|$)`));
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*/);
    assert.match(html, new RegExp(`<script nonce="${nonce}" src="[^"]+/media/preview\\.js"></script>`));
    // The CSP meta comes before anything that loads.
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'));
  });

  it('makes a fresh 256-bit nonce for every page', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) {
      assert.match(nonce, /^[0-9a-f]{64}$/);
    }
    const first = build();
    const second = build();
    const nonceOf = (html: string) => /<script nonce="([0-9a-f]+)"/.exec(html)?.[1];
    assert.notEqual(nonceOf(first), nonceOf(second));
  });

  it('refuses a nonce that would need escaping inside the CSP', () => {
    assert.throws(() => build(hostileData(), `abc' 'unsafe-inline`), /nonce/);
  });
});
