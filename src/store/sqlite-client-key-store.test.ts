import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClientKey, revokeClientKey } from '../keys/manage.ts';
import { clientKeyStoreSuite } from './client-key-store.suite.ts';
import { createSqliteClientKeyStore } from './sqlite-client-key-store.ts';

const folder = mkdtempSync(join(tmpdir(), 'gateway-keys-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

clientKeyStoreSuite('SQLite (WAL file)', async () => createSqliteClientKeyStore({ path: join(folder, `keys-${++files}.sqlite`) }));

describe('SQLite client keys', () => {
  it('show a write of one connection in the version another connection reads', async () => {
    const path = join(folder, 'shared.sqlite');
    const cli = createSqliteClientKeyStore({ path });
    const gateway = createSqliteClientKeyStore({ path });
    const before = await gateway.version();
    const { record } = await createClientKey(cli, { client: 'c', communes: ['21085'], scopes: [] }, 1);
    expect(await gateway.version()).not.toBe(before);
    const afterCreate = await gateway.version();
    await revokeClientKey(cli, record.id, 2);
    expect(await gateway.version()).not.toBe(afterCreate);
    expect((await gateway.get(record.id))?.revokedAt).toBe(2);
    await cli.close();
    await gateway.close();
  });
});
