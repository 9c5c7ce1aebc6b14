/**
 * The preview's HTML page. Pure (no `vscode` import) so its escaping is tested in plain mocha.
 *
 * The page is a shell: the cards are built by the webview script with `createElement` and
 * `textContent` from JSON carried in a `data-` attribute (never inline script). The content
 * security policy allows only our own stylesheet and the one script carrying this render's nonce.
 */
import { INITIAL_DATA_ATTRIBUTE, type RenderData } from '../../shared/protocol';

export interface PreviewHtmlInput {
  /** `webview.cspSource`: the origin of `asWebviewUri` resources. */
  readonly cspSource: string;
  /** `asWebviewUri` of media/preview.js and media/preview.css, as strings. */
  readonly scriptUri: string;
  readonly styleUri: string;
  /** Fresh for each page (see `createNonce`). */
  readonly nonce: string;
  readonly data: RenderData;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, ch => HTML_ESCAPES[ch]);
}

/** 32 random bytes as hex: the nonce the CSP requires of our script. */
export function createNonce(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} https: data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function buildPreviewHtml(input: PreviewHtmlInput): string {
  const { cspSource, scriptUri, styleUri, nonce, data } = input;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(nonce)) {
    throw new Error('A nonce must be base64 or hex: it is written into the CSP unescaped by design.');
  }
  const initial = escapeHtml(JSON.stringify(data));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(styleUri)}">
<title>Preview ${escapeHtml(data.label)}</title>
</head>
<body>
<main id="preview" ${INITIAL_DATA_ATTRIBUTE}="${initial}"></main>
<script nonce="${nonce}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>
`;
}
