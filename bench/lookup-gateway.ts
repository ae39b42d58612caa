// The gateway the lookup benchmarks and the profiler run: its own process on core 0, against simulators in the
// calling process, with one API client for commune 21085.
import { createHash } from 'node:crypto';
import { DEMO_CREDENTIALS, type RunningSimulators } from '../mocks/index.ts';
import { startGatewayChild, type GatewayChild } from './gateway-child.ts';

const API_KEY = 'bench-key-0123456789abcdef';
/** Far above any load generated here: the limiter is still on the path, and paid for, but never refuses. */
export const UNTHROTTLED = { requestsPerSecond: 10_000_000, burst: 100_000_000 };
/** Headers of every benchmark lookup: the API key and the officer headers. */
export const LOOKUP_HEADERS = { authorization: `Bearer ${API_KEY}`, 'x-officer-id': '051090001234', 'x-purpose': 'benchmark' };

/** `withRateLimit: false` for builds older than the rate limit, whose configuration has no such key (bench/ab.ts). */
export function startLookupGateway(simulators: RunningSimulators, { withRateLimit = true } = {}): Promise<GatewayChild> {
  return startGatewayChild((folder) => ({
    server: { host: '127.0.0.1', port: 0 },
    log: { level: 'info' },
    queue: { databasePath: `${folder}/gateway.sqlite` },
    upstreams: {
      population: { baseUrl: simulators.population.url, ...DEMO_CREDENTIALS.population },
      civilStatus: { baseUrl: simulators.civilStatus.url, ...DEMO_CREDENTIALS.civilStatus },
      land: { baseUrl: simulators.land.url, ...DEMO_CREDENTIALS.land },
    },
    clients: [{ name: 'Bench', keySha256: createHash('sha256').update(API_KEY).digest('hex'), communes: ['21085'], ...(withRateLimit ? { rateLimit: UNTHROTTLED } : {}) }],
  }));
}
