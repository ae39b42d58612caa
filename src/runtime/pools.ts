// One undici connection pool per upstream (keep-alive, capped connections), behind the adapters' FetchLike.
// `Pool.dispatch` with a handler of our own that buffers the (small) answer, not undici's fetch or
// `Pool.request`: per call, fetch's Request/Response objects and web streams took about a quarter of the
// gateway's CPU on uncached lookups; `request`'s handler and body stream outlived every young-generation
// collection (about 5 KB per call promoted, three times longer scavenges: README, Benchmarks), where a plain
// dispatch handler promotes almost nothing.
import { Pool, type Dispatcher } from 'undici';
import type { FetchLike, UpstreamRequestInit, UpstreamResponse } from '../adapters/contract.ts';

/** An answer larger than this is not one of ours: the call fails (transient) rather than filling memory. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

export interface UpstreamPool {
  fetch: FetchLike;
  close(): Promise<void>;
}

export function createUpstreamPool(baseUrl: string, connections: number): UpstreamPool {
  const origin = new URL(baseUrl).origin;
  const pool = new Pool(origin, {
    connections,
    keepAliveTimeout: 10_000,
    // The pipeline's deadline aborts requests; these only catch a peer that stalls below the HTTP layer.
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  const fetch: FetchLike = (url, init) =>
    new Promise((resolve, reject) => {
      const path = pathOf(url, origin); // a throw here rejects
      pool.dispatch({ path, method: init.method, headers: init.headers, body: init.body }, bufferingHandler(init, resolve, reject));
    });
  return { fetch, close: () => pool.close() };
}

/**
 * Resolves with the answer once its headers are in; its body gathers in memory until `text()` reads it. An abort
 * of `init.signal` aborts the request (the socket is dropped, the upstream sees it) and rejects with its reason.
 */
function bufferingHandler(init: UpstreamRequestInit, resolve: (answer: UpstreamResponse) => void, reject: (error: unknown) => void): Dispatcher.DispatchHandler {
  const { signal } = init;
  let controller: Dispatcher.DispatchController | undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  let discarding = false;
  let bodyRead!: (text: string) => void;
  let bodyFailed!: (error: unknown) => void;
  const body = new Promise<string>((done, fail) => ((bodyRead = done), (bodyFailed = fail)));
  body.catch(() => undefined); // a body nobody reads may fail unobserved

  // A request still queued for a connection has no controller yet: it is refused when it reaches one.
  const onAbort = () => (controller ? controller.abort(signal.reason) : reject(signal.reason));
  signal.addEventListener('abort', onAbort, { once: true });
  const stopListening = () => signal.removeEventListener('abort', onAbort);

  return {
    onRequestStart(requestController) {
      controller = requestController;
      if (signal.aborted) requestController.abort(signal.reason);
    },
    onResponseStart(_controller, statusCode, headers) {
      resolve({
        status: statusCode,
        ok: statusCode >= 200 && statusCode < 300,
        headers: { get: (name) => headerValue(headers[name.toLowerCase()]) },
        text: () => body,
        // Reads the rest and drops it, so that the connection goes back to the pool.
        body: { cancel: async () => void ((discarding = true), (chunks.length = 0)) },
      });
    },
    onResponseData(dataController, chunk) {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) dataController.abort(new Error(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`));
      else if (!discarding) chunks.push(chunk);
    },
    onResponseEnd() {
      stopListening();
      bodyRead(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    },
    onResponseError(_controller, error) {
      stopListening();
      const reason = signal.aborted ? signal.reason : error;
      reject(reason); // a no-op once the headers have resolved the answer; then its text() rejects
      bodyFailed(reason);
    },
  };
}

/** The path and query of an absolute URL on this pool's origin (adapters build URLs from the same base URL). */
function pathOf(url: string, origin: string): string {
  const rest = url.startsWith(origin) ? url.slice(origin.length) : undefined;
  if (rest !== undefined && (rest === '' || rest[0] === '/' || rest[0] === '?')) return rest[0] === '/' ? rest : `/${rest}`;
  const parsed = new URL(url);
  if (parsed.origin !== origin) throw new Error(`a request for ${parsed.origin} reached the pool of ${origin}`);
  return parsed.pathname + parsed.search;
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
