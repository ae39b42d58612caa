// Load generators for the benchmarks: an open-loop fixed-rate one (latency at a steady 500 req/s) and a
// closed-loop one via autocannon (throughput at N connections).
import autocannon from 'autocannon';
import { Pool } from 'undici';

export interface LatencySummary {
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * Sends `rate` requests per second for `seconds`, on a schedule that does not wait for answers. Through
 * `Pool.dispatch` with a handler that only counts: `Pool.request`'s handler and body stream outlive young
 * collections (src/runtime/pools.ts says more), and this process also runs the simulators, so the longer
 * scavenges they cause would show in every latency measured here. `onStatus` hears every answer's status (0: no answer).
 */
export async function fixedRate(origin: string, spec: () => RequestSpec, rate: number, seconds: number, onStatus?: (status: number) => void): Promise<LatencySummary> {
  const pool = new Pool(origin, { connections: 64 });
  const latencies: number[] = [];
  let errors = 0;
  const total = rate * seconds;
  const startedAt = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let sent = 0; sent < total; sent += 1) {
    const dueAt = startedAt + (sent * 1000) / rate;
    const wait = dueAt - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const request = spec();
    const sentAt = performance.now();
    inFlight.push(new Promise<void>((resolve) => {
      let status = 0;
      pool.dispatch(request, {
        onRequestStart: () => undefined,
        onResponseStart: (_controller, statusCode) => void (status = statusCode),
        onResponseData: () => undefined,
        onResponseEnd: () => {
          if (status >= 400) errors += 1;
          onStatus?.(status);
          latencies.push(performance.now() - sentAt);
          resolve();
        },
        onResponseError: () => {
          errors += 1;
          onStatus?.(0);
          resolve();
        },
      });
    }));
  }
  await Promise.all(inFlight);
  await pool.close();
  return summarise(latencies, errors);
}

function summarise(latencies: number[], errors: number): LatencySummary {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  const meanMs = latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length);
  return { requests: latencies.length, errors, p50Ms: at(0.5), p99Ms: at(0.99), meanMs };
}

export interface ThroughputSummary {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** autocannon at `connections` for `seconds`. */
export async function maxThroughput(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<ThroughputSummary> {
  return summary(await autocannon({ url, headers, connections, duration: seconds, pipelining: 1 }));
}

/** autocannon at `connections` for `seconds`, each request made by `spec` (e.g. a new personal ID every time). */
export async function maxThroughputOf(origin: string, spec: () => RequestSpec, connections: number, seconds: number): Promise<ThroughputSummary> {
  return summary(await autocannon({ url: origin, connections, duration: seconds, pipelining: 1, requests: [{ setupRequest: (request) => ({ ...request, ...spec() }) }] }));
}

function summary(result: autocannon.Result): ThroughputSummary {
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
