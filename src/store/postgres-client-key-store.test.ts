// The shared ClientKeyStore suite on PostgreSQL, each test in a schema of its own; then the version counter as
// several instances see it.
import { describe, expect, it } from 'vitest';
import { createClientKey, revokeClientKey } from '../keys/manage.ts';
import { clientKeyStoreSuite } from './client-key-store.suite.ts';
import { createPostgresClientKeyStore } from './postgres-client-key-store.ts';
import { useTestSchemas } from './postgres-test-schemas.ts';

const schemas = useTestSchemas('keys');

clientKeyStoreSuite('PostgreSQL', async () => createPostgresClientKeyStore((await schemas.open()).pool));

describe('PostgreSQL client keys', () => {
  it('show a write of one instance in the version another instance reads', async () => {
    const schema = schemas.name();
    const cli = createPostgresClientKeyStore((await schemas.open(schema)).pool);
    const gateway = createPostgresClientKeyStore((await schemas.open(schema)).pool);
    const before = await gateway.version();
    const { record } = await createClientKey(cli, { client: 'c', communes: ['21085'], scopes: [] }, 1);
    expect(await gateway.version()).not.toBe(before);
    const afterCreate = await gateway.version();
    await revokeClientKey(cli, record.id, 2);
    expect(await gateway.version()).not.toBe(afterCreate);
    expect((await gateway.get(record.id))?.revokedAt).toBe(2);
  });

  it('counts every one of many writes made by two instances at once', async () => {
    const schema = schemas.name();
    const stores = [createPostgresClientKeyStore((await schemas.open(schema)).pool), createPostgresClientKeyStore((await schemas.open(schema)).pool)];
    const before = await stores[0]!.version();
    await Promise.all(Array.from({ length: 20 }, (_, index) =>
      createClientKey(stores[index % 2]!, { client: `c${index}`, communes: ['21085'], scopes: [] }, index)));
    expect(await stores[1]!.version()).toBe(before + 20);
    expect(await stores[0]!.list()).toHaveLength(20);
  });
});
