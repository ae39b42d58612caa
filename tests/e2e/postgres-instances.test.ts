// Several gateway instances on one PostgreSQL (store.postgres): one leader for the singular jobs, the role moving
// when the leader goes, every instance serving the leader's health, in one process. (Three processes and a kill -9:
// postgres-three-instances.test.ts.)
import pg from 'pg';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { sha256Hex } from '../../src/keys/sha256.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

const url = inject('databaseUrl');
const schema = `gw_instances_${Date.now().toString(36)}_${process.pid}`;
const running: TestGateway[] = [];

afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.close().catch(() => undefined);
});
afterAll(async () => {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

const SMALL_KEY = 'e2e-small-allowance-key-0001';
const SMALL_BURST = 10;

async function instance(): Promise<TestGateway> {
  const keySha256 = await sha256Hex(SMALL_KEY);
  const gateway = await startTestGateway((config) => {
    config.store.postgres = { connectionString: url, schema, maxConnections: 5, leaseMs: 2_000 };
    config.clients.push({ name: 'Xã nhỏ', keySha256, communes: ['21085'], landCommunes: 'own', scopes: [], callbackUrlPrefixes: [], rateLimit: { requestsPerSecond: 1, burst: SMALL_BURST } });
    config.health.probes.population.enabled = true;
    config.health.probes.population.intervalMs = 200;
  });
  running.push(gateway);
  return gateway;
}

describe('several instances on one PostgreSQL', () => {
  it('elect one leader, serve its health on every instance, and move the role within the lease time when it stops', async () => {
    const first = await instance();
    const second = await instance();
    expect([first.leader.isLeader(), second.leader.isLeader()]).toEqual([true, false]);
    // The follower probes nothing itself, yet shows the leader's probe of population (eventually fails without it).
    await eventually(async () => {
      const status = (await (await second.get('/v1/status')).json()) as { checks: Record<string, { lastProbe: unknown }[]> };
      return status.checks['population:availability']?.[0]?.lastProbe ?? undefined;
    });
    const stoppedAt = Date.now();
    await first.close();
    running.splice(running.indexOf(first), 1);
    await eventually(() => second.leader.isLeader() || undefined, 2_000);
    expect(Date.now() - stoppedAt).toBeLessThan(2_000);
  });

  it("give a key its rate limit once for the province, not once per instance", async () => {
    const instances = [await instance(), await instance()];
    const startedAt = performance.now();
    const statuses: number[] = [];
    for (let index = 0; index < 2 * SMALL_BURST; index += 1) {
      const gateway = instances[index % 2]!;
      const answer = await gateway.get('/v1/citizens/051190000123', { Authorization: `Bearer ${SMALL_KEY}` });
      statuses.push(answer.status);
    }
    // The burst, plus what the rate (1/s) refilled while the requests went out; each instance alone would give both.
    const refilled = Math.ceil((performance.now() - startedAt) / 1000);
    const admitted = statuses.filter((status) => status === 200).length;
    expect(admitted).toBeGreaterThanOrEqual(SMALL_BURST);
    expect(admitted).toBeLessThanOrEqual(SMALL_BURST + refilled);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2 * SMALL_BURST - admitted);
  });
});
