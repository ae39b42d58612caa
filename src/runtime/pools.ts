// One undici connection pool per upstream (keep-alive, capped connections), behind the adapters' FetchLike.
// `Pool.request`, not undici's fetch: per call, fetch's Request/Response objects and web streams took about a
// quarter of the gateway's CPU on uncached lookups, and their garbage much of the rest (README, Benchmarks).
import { Pool } from 'undici';
import type { FetchLike, UpstreamResponse } from '../adapters/contract.ts';

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
  const fetch: FetchLike = async (url, init) => {
    const { statusCode, headers, body } = await pool.request({
      path: pathOf(url, origin),
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: init.signal,
    });
    const answer: UpstreamResponse = {
      status: statusCode,
      ok: statusCode >= 200 && statusCode < 300,
      headers: { get: (name) => headerValue(headers[name.toLowerCase()]) },
      text: () => body.text(),
      // dump(), not destroy(): reads the rest (bounded) so the connection goes back to the pool.
      body: { cancel: async () => void (await body.dump()) },
    };
    return answer;
  };
  return { fetch, close: () => pool.close() };
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
