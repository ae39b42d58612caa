// The shared HealthStore suite on PostgreSQL, each test in a schema of its own; then what only several instances show.
import { describe, expect, it } from 'vitest';
import { healthStoreSuite } from '../health/health-store.suite.ts';
import { createPostgresHealthStore } from './postgres-health-store.ts';
import { useTestSchemas } from './postgres-test-schemas.ts';

const schemas = useTestSchemas('health');

healthStoreSuite('PostgreSQL', async () => createPostgresHealthStore((await schemas.open()).pool));

describe('PostgreSQL health store', () => {
  it('merges the same minute written by two instances at once into one bucket', async () => {
    const schema = schemas.name();
    const [a, b] = await Promise.all([schemas.open(schema), schemas.open(schema)]);
    const bucket = { upstream: 'land', minute: 60_000, calls: 1, failures: 0, probes: 1, probeFailures: 0 } as const;
    await Promise.all(Array.from({ length: 10 }, (_, index) =>
      createPostgresHealthStore((index % 2 === 0 ? a : b)!.pool).writeMinutes([{ ...bucket, state: index === 7 ? 'down' : 'operational' }])));
    expect(await createPostgresHealthStore(a!.pool).readMinutes('land', 0, 120_000)).toEqual([{ ...bucket, state: 'down', calls: 10, probes: 10 }]);
  });
});
