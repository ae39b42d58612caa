// Every store of the gateway on one PostgreSQL pool, migrated at open (under the migration advisory lock). The
// runtime imports this module on demand, so a gateway on SQLite never loads the PostgreSQL client.
import type { ChainHasher } from '../audit/record.ts';
import { createPostgresAlertStore } from './postgres-alert-store.ts';
import { createPostgresAuditLog } from './postgres-audit-log.ts';
import { createPostgresClientKeyStore } from './postgres-client-key-store.ts';
import { createPostgresClusterStore } from './postgres-cluster-store.ts';
import { createPostgresHealthStore } from './postgres-health-store.ts';
import { createPostgresTicketStore, createPostgresTicketStoreOnPool } from './postgres-ticket-store.ts';
import { openPostgres, type OpenPostgresOptions } from './postgres.ts';

export async function openPostgresStores(connectionString: string, options: OpenPostgresOptions & { hasher: ChainHasher }) {
  const db = await openPostgres(connectionString, options);
  return {
    db,
    tickets: createPostgresTicketStoreOnPool(db.pool),
    health: createPostgresHealthStore(db.pool),
    alerts: createPostgresAlertStore(db.pool),
    audit: createPostgresAuditLog(db.pool, options.hasher),
    clientKeys: createPostgresClientKeyStore(db.pool),
    cluster: createPostgresClusterStore(db.pool),
  };
}

/** The deprecated `queue.postgres`: tickets alone, on a pool of their own. */
export { createPostgresTicketStore };
