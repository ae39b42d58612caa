// Opens the gateway's stores once: every one in PostgreSQL when `store.postgres` is set (several instances share
// them), else the embedded SQLite file (`queue.databasePath`). The deprecated `queue.postgres` still moves the
// tickets alone to PostgreSQL, with a warning.
import { createMemoryClusterStore } from '../cluster/memory-store.ts';
import { resolveSecret } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../gateway/services.ts';
import type { TicketStore } from '../queue/store.ts';
import { createSqliteAlertStore } from '../store/sqlite-alert-outbox.ts';
import { createSqliteAuditLog } from '../store/sqlite-audit-log.ts';
import { createSqliteClientKeyStore } from '../store/sqlite-client-key-store.ts';
import { createSqliteHealthStore } from '../store/sqlite-health-store.ts';
import { createSqliteTicketStore } from '../store/sqlite-ticket-store.ts';
import { openSqlite } from '../store/sqlite.ts';
import { sha256Chain } from './audit-crypto.ts';
import type { ServiceStores } from '../services/platform.ts';

/** The stores the Node runtime opens for the services, and what closes them. */
export interface GatewayStores extends ServiceStores {
  /** Closes what the stores hold (after each store's own close). */
  close(): Promise<void>;
}

export async function openStores(options: { config: Config; configFile: string; env: Record<string, string | undefined>; logger: Logger }): Promise<GatewayStores> {
  const { config, configFile, env } = options;
  const log = options.logger.child({ component: 'store' });
  const shared = config.store.postgres;
  if (shared) {
    const { openPostgresStores } = await import('../store/postgres-stores.ts');
    const opened = await openPostgresStores(resolveSecret(shared.connectionString, env, 'store.postgres.connectionString', configFile), {
      schema: shared.schema, maxConnections: shared.maxConnections, hasher: sha256Chain,
      onIdleConnectionError: (error) => log.warn({ err: error }, 'an idle PostgreSQL connection was lost; the pool replaces it'),
    });
    if (config.queue.postgres) log.warn({}, 'queue.postgres is ignored: store.postgres keeps every store, the tickets included');
    log.info({ store: 'postgres', schema: opened.db.schema, migrationsApplied: opened.db.applied }, 'stores opened');
    return { kind: 'postgres', ...opened, leaseMs: shared.leaseMs, close: opened.db.close };
  }
  // Health figures and alert state: NORMAL, so their periodic commits never stall requests on an fsync.
  const db = openSqlite({ path: config.queue.databasePath, synchronous: 'NORMAL' });
  let tickets: TicketStore;
  if (config.queue.postgres) {
    log.warn({}, 'queue.postgres is deprecated: set store.postgres instead, which keeps every store (health, incidents, alerts, audit log, keys) in PostgreSQL so that instances share one truth');
    const { createPostgresTicketStore } = await import('../store/postgres-stores.ts');
    tickets = await createPostgresTicketStore({
      connectionString: resolveSecret(config.queue.postgres.connectionString, env, 'queue.postgres.connectionString', configFile),
      schema: config.queue.postgres.schema,
      maxConnections: config.queue.postgres.maxConnections,
    });
  } else {
    tickets = createSqliteTicketStore({ path: config.queue.databasePath });
  }
  return {
    kind: 'sqlite',
    tickets,
    health: createSqliteHealthStore(db),
    alerts: createSqliteAlertStore(db),
    audit: createSqliteAuditLog({ path: config.queue.databasePath, hasher: sha256Chain }),
    clientKeys: createSqliteClientKeyStore({ path: config.queue.databasePath }),
    cluster: createMemoryClusterStore(),
    leaseMs: 15_000,
    async close() {
      db.close();
    },
  };
}
