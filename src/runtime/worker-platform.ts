// The Workers platform for createServices: the platform's fetch for every upstream and callback, console JSON
// logs, D1 for every store (tickets, health, alerts, audit, client keys), Workers secrets and vars as the
// environment, the bundled unit catalogue, and request-bound I/O: nothing runs on a timer between invocations
// (the cron and waitUntil call the gateway's steps). No /metrics, no SMTP, no tracing, no PostgreSQL.
import { parseConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { createMemoryClusterStore } from '../cluster/memory-store.ts';
import type { Logger } from '../gateway/services.ts';
import { sleep } from '../resilience/sleep.ts';
import type { Platform } from '../services/platform.ts';
import type { D1Database } from '../store/d1.ts';
import { createD1AlertStore } from '../store/d1-alert-store.ts';
import { createD1AuditLog } from '../store/d1-audit-log.ts';
import { createD1ClientKeyStore } from '../store/d1-client-key-store.ts';
import { createD1HealthStore } from '../store/d1-health-store.ts';
import { createD1TicketStore } from '../store/d1-ticket-store.ts';
import { sha256Chain } from './audit-crypto.ts';
import { auditKeys } from './audit-keys.ts';
import { createConsoleLogger } from './console-logger.ts';
import { bundledAdminUnits } from './worker-admin-units.ts';

/** The Worker's bindings: D1, the YAML configuration (a var) and the secrets it names with `{ env: NAME }`. */
export interface WorkerEnv {
  DB: D1Database;
  GATEWAY_CONFIG: string;
  [name: string]: unknown;
}

export interface WorkerPlatformOptions {
  /** Where log lines go; console.log by default. */
  writeLog?: (line: string) => void;
  /** The platform's fetch (tests may wrap it). */
  fetch?: typeof fetch;
}

export const WORKER_CONFIG_SOURCE = 'GATEWAY_CONFIG (wrangler.toml [vars])';

/** Held for the isolate's life; D1 has no lease to share, so each isolate runs its own jobs when stepped. */
const LEASE_MS = 15_000;

export function createWorkerPlatform(env: WorkerEnv, options: WorkerPlatformOptions = {}): { config: Config; logger: Logger; platform: Platform } {
  // Workers secrets and vars are the environment: strings only (bindings such as DB are not).
  const strings = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const config = parseConfig(env.GATEWAY_CONFIG, WORKER_CONFIG_SOURCE, strings);
  const logger = createConsoleLogger({ level: config.log.level, ...(options.writeLog ? { write: options.writeLog } : {}) });
  const platformFetch = options.fetch ?? fetch;
  const platform: Platform = {
    configSource: WORKER_CONFIG_SOURCE, env: strings,
    now: Date.now, newId: () => crypto.randomUUID(), random: Math.random,
    // Used only inside one step (a probe's timeout), never for a loop: see requestBoundIo.
    timers: { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
    sleep,
    fetchFor: () => (url, init) => platformFetch(url, init),
    fetch: (input, init) => platformFetch(input, init),
    sendMailFor: () => {
      throw new Error('email alert channels need SMTP, which Workers do not offer: use a webhook or Telegram channel');
    },
    stores: {
      tickets: createD1TicketStore(env.DB),
      health: createD1HealthStore(env.DB),
      alerts: createD1AlertStore(env.DB),
      audit: createD1AuditLog(env.DB, sha256Chain),
      clientKeys: createD1ClientKeyStore(env.DB),
      cluster: createMemoryClusterStore(),
      kind: 'sqlite',
      leaseMs: LEASE_MS,
    },
    logger,
    auditKeys: auditKeys(config, strings, WORKER_CONFIG_SOURCE),
    adminUnits: bundledAdminUnits(),
    requestBoundIo: true,
  };
  return { config, logger, platform };
}
