/**
 * The CSL worker: formats references off the extension host's thread. Building a style's engine
 * takes from a tenth of a second (Chicago) to several seconds (APA) and citeproc-js is 380 kB of
 * script to load; here neither holds the editor. One engine per style is kept for the session.
 */
import { parentPort } from 'node:worker_threads';
import { SHIPPED_LOCALES, shippedStyleText } from '../core/csl/bundledStyles';
import { CslEngines } from '../core/csl/engine';
import type { FormatRequest, FormatResponse } from './protocol';

const engines = new CslEngines(SHIPPED_LOCALES);

parentPort?.on('message', (request: FormatRequest) => {
  parentPort!.postMessage(answer(request));
});

function answer(request: FormatRequest): FormatResponse {
  try {
    const xml = 'shipped' in request.style ? shippedStyleText(request.style.shipped) : request.style.xml;
    if (xml === undefined) return { id: request.id, error: `no shipped style named ${JSON.stringify(request.style)}` };
    const before = engines.size;
    const started = performance.now();
    const engine = engines.engine(xml);
    const buildMs = engines.size > before ? Math.round(performance.now() - started) : 0;
    const format = (output: 'text' | 'html') =>
      request.separately ? request.items.map(item => engine.format([item], output)[0]) : engine.format(request.items, output);
    const text = format('text');
    const html = format('html');
    return { id: request.id, text, html, buildMs };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}
