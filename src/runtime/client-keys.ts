// The store's client keys on Node: the SQLite key table in the gateway's file (for `npm run keys`). The running
// key directory is src/services/client-keys.ts.
import type { Config } from '../config/schema.ts';
import type { ClientKeyStore } from '../keys/store.ts';
import { createSqliteClientKeyStore } from '../store/sqlite-client-key-store.ts';

export function openClientKeyStore(config: Config): ClientKeyStore {
  return createSqliteClientKeyStore({ path: config.queue.databasePath });
}
