// The gateway configuration the queue benchmarks run with: product defaults except what each run names
// (drain rate and concurrency, the lookup cache's fresh time, probes), a SQLite file in a temp folder.
import { join } from 'node:path';
import { DEMO_CREDENTIALS, getDataset, type RunningSimulators } from '../mocks/index.ts';
import { UNTHROTTLED } from './lookup-gateway.ts';
import { QUEUE_API_KEY_SHA256 } from './queue-client.ts';

/** The sync budget of POST /v1/verifications (the product default), ms. */
export const SYNC_BUDGET_MS = 2_000;

export interface QueueBenchConfig {
  simulators: RunningSimulators;
  /** Where the gateway calls the population system (the simulator, or a recorder in front of it). */
  populationUrl: string;
  drain: { ratePerSecond: number; concurrency: number };
  /** Fresh time of cached citizen lookups, s (product default 300); stale answers stay usable for a day. */
  lookupFreshTtlSeconds?: number;
  /** The population probe's test record; no probes at all when undefined. */
  probePersonalId?: string;
}

/** The SQLite file `queueGatewayConfig` puts in the gateway's folder. */
export function databasePathIn(folder: string): string {
  return join(folder, 'gateway.sqlite');
}

export function queueGatewayConfig(options: QueueBenchConfig): (folder: string) => unknown {
  const { simulators } = options;
  const population: Record<string, unknown> = {
    baseUrl: options.populationUrl, clientId: DEMO_CREDENTIALS.population.clientId, clientSecret: DEMO_CREDENTIALS.population.clientSecret,
  };
  if (options.lookupFreshTtlSeconds !== undefined) {
    population['resilience'] = { cache: { operations: { lookupCitizen: { freshTtlSeconds: options.lookupFreshTtlSeconds, staleTtlSeconds: 86_400 } } } };
  }
  const probes = options.probePersonalId === undefined
    ? { population: { enabled: false }, civilStatus: { enabled: false }, land: { enabled: false } }
    : { population: { testPersonalId: options.probePersonalId } };
  return (folder) => ({
    server: { host: '127.0.0.1', port: 0 },
    log: { level: 'info' },
    upstreams: {
      population,
      civilStatus: { baseUrl: simulators.civilStatus.url, username: DEMO_CREDENTIALS.civilStatus.username, password: DEMO_CREDENTIALS.civilStatus.password },
      land: { baseUrl: simulators.land.url, username: DEMO_CREDENTIALS.land.username, password: DEMO_CREDENTIALS.land.password },
    },
    clients: [{ name: 'Bench commune software', keySha256: QUEUE_API_KEY_SHA256, communes: getDataset().sample.communes, rateLimit: UNTHROTTLED }],
    health: { probes },
    // The one bench key stands for every commune of the province, so it may hold the province's whole backlog.
    queue: { databasePath: databasePathIn(folder), syncBudgetMs: SYNC_BUDGET_MS, drain: { population: options.drain }, maxOpenTicketsPerClient: 100_000 },
  });
}
