// The simulators' request/response shapes and the few helpers to read a body and write an answer.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** A request as handlers see it: the body is already read. */
export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An answer before it is written; `outcome` says how it counts in the stats (default 'succeeded'). */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
  outcome?: 'succeeded' | 'failed';
}

export const JSON_TYPE = 'application/json; charset=utf-8';
export const XML_TYPE = 'text/xml; charset=utf-8';

export function json(status: number, value: unknown, outcome: SimResponse['outcome'] = 'succeeded'): SimResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(value), outcome };
}

/** A proxy-style HTML error page, what a gateway in front of the upstream sends on 5xx/429. */
export function htmlError(status: number, reason: string, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
    body: `<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>`,
    outcome: 'failed',
  };
}

/**
 * The answer with every string member named in `keys` (top level, or one object down such as WSO2's `fault`)
 * set to `text`; an answer whose body is not a JSON object is returned unchanged.
 */
export function withJsonText(response: SimResponse, keys: readonly string[], text: string): SimResponse {
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return response;
  }
  if (!isObject(body)) return response;
  const replace = (node: Record<string, unknown>): void => {
    for (const key of keys) if (typeof node[key] === 'string') node[key] = text;
  };
  replace(body);
  for (const value of Object.values(body)) if (isObject(value)) replace(value);
  return { ...response, body: JSON.stringify(body) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A proxy-style error page saying Bad Gateway, with `text` in it when given (a 200 body of the wrong format). */
export function htmlPage(text?: string): string {
  return text === undefined ? '<html>Bad Gateway</html>' : `<html><body><h1>Bad Gateway</h1><p>${text}</p></body></html>`;
}

/** Writes a whole answer with its Content-Length. */
export function writeResponse(res: ServerResponse, response: SimResponse): void {
  const body = Buffer.from(response.body, 'utf8');
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
  res.end(body);
}

/** Reads the request body as UTF-8; rejects past `limitBytes` or when the client goes away. */
export function readBody(req: IncomingMessage, limitBytes = 1_048_576): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new RangeError('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => reject(new Error('client went away')));
  });
}

/** Waits `ms` milliseconds unless `signal` aborts first; resolves true when the wait completed. */
export function delay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!signal.aborted);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
