// One undici connection pool per upstream (keep-alive, capped connections), exposed to adapters as Web fetch.
import { fetch as undiciFetch, Pool } from 'undici';
import type { FetchLike } from '../adapters/contract.ts';

export interface UpstreamPool {
  fetch: FetchLike;
  close(): Promise<void>;
}

export function createUpstreamPool(baseUrl: string, connections: number): UpstreamPool {
  const pool = new Pool(new URL(baseUrl).origin, {
    connections,
    keepAliveTimeout: 10_000,
    // The pipeline's deadline aborts requests; these only catch a peer that stalls below the HTTP layer.
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  const fetch: FetchLike = (input, init) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as object), dispatcher: pool }) as unknown as Promise<Response>;
  return { fetch, close: () => pool.close() };
}
