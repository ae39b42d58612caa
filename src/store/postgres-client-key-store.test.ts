// The shared ClientKeyStore suite on PostgreSQL, each test in a schema of its own; then the version counter as
// several instances see it.
import { describe, expect, it } from 'vitest';
import { createClientKey } from '../keys/manage.ts';
import { clientKeyStoreSuite } from './client-key-store.suite.ts';
import { createPostgresClientKeyStore } from './postgres-client-key-store.ts';
import { useTestSchemas } from './postgres-test-schemas.ts';

const schemas = useTestSchemas('keys');

clientKeyStoreSuite('PostgreSQL', async () => createPostgresClientKeyStore((await schemas.open()).pool), async () => {
  const schema = schemas.name();
  return [createPostgresClientKeyStore((await schemas.open(schema)).pool), createPostgresClientKeyStore((await schemas.open(schema)).pool)];
});

describe('PostgreSQL client keys', () => {

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
