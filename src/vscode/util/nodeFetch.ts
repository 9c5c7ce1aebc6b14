import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FetchLike, HttpResponse } from '../../core/metadata/http';

/** Answers bigger than this are not metadata: the request is stopped. */
const MAX_ANSWER_BYTES = 20 * 1024 * 1024;

/**
 * The lookups' HTTP GET through node's `http`/`https` modules rather than the global `fetch`:
 * VS Code's extension host routes those modules through the writer's proxy settings
 * (`http.proxy`, system proxies), and `fetch` would go around them.
 */
export const nodeFetch: FetchLike = (url, init) =>
  new Promise<HttpResponse>((resolve, reject) => {
    const parsed = new URL(url);
    const send = parsed.protocol === 'http:' ? httpRequest : httpsRequest;
    const req = send(parsed, { method: init.method, headers: init.headers, signal: init.signal }, response => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          req.destroy(new Error(`the answer of ${parsed.host} is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', reject);
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: response.statusCode ?? 0,
          headers: { get: name => headerValue(response.headers[name.toLowerCase()]) },
          text: async () => body,
        });
      });
    });
    req.on('error', reject);
    req.end();
  });

function headerValue(value: string | string[] | undefined): string | null {
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}
