import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { clientKeyStoreSuite } from './client-key-store.suite.ts';
import { createSqliteClientKeyStore } from './sqlite-client-key-store.ts';

const folder = mkdtempSync(join(tmpdir(), 'gateway-keys-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

clientKeyStoreSuite('SQLite (WAL file)', async () => createSqliteClientKeyStore({ path: join(folder, `keys-${++files}.sqlite`) }), async () => {
  // A CLI and the gateway: two connections on one file.
  const path = join(folder, `shared-${++files}.sqlite`);
  return [createSqliteClientKeyStore({ path }), createSqliteClientKeyStore({ path })];
});
