import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { healthStoreSuite } from '../health/health-store.suite.ts';
import { openSqlite } from './sqlite.ts';
import { createSqliteHealthStore } from './sqlite-health-store.ts';

const folder = mkdtempSync(join(tmpdir(), 'gateway-health-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

healthStoreSuite('SQLite (WAL file)', async () => createSqliteHealthStore(openSqlite({ path: join(folder, `health-${++files}.sqlite`) })));

describe('SQLite health store', () => {
  it('keeps incidents across a reopen of the same file and creates its tables only once', async () => {
    const path = join(folder, 'reopen.sqlite');
    const first = openSqlite({ path });
    await createSqliteHealthStore(first).writeMinutes([{ upstream: 'land', minute: 60_000, state: 'down', calls: 1, failures: 1, probes: 0, probeFailures: 0 }]);
    first.close();
    const second = createSqliteHealthStore(openSqlite({ path }));
    expect(await second.countMinutes('land', 0, 120_000)).toMatchObject({ down: 1 });
  });

  it('reads a file written before incidents had a kind: its incidents are outages, and new ones keep their kind', async () => {
    const path = join(folder, 'before-kinds.sqlite');
    const old = openSqlite({ path });
    old.exec(`CREATE TABLE health_incidents (id TEXT PRIMARY KEY, upstream TEXT NOT NULL, status TEXT NOT NULL, started_at INTEGER NOT NULL,
      ended_at INTEGER, duration_ms INTEGER, worst_state TEXT NOT NULL, causes TEXT NOT NULL, affected_operations TEXT NOT NULL,
      requests_failed INTEGER NOT NULL, requests_served_stale INTEGER NOT NULL, requests_rejected INTEGER NOT NULL,
      tickets_queued INTEGER NOT NULL, communes_affected TEXT NOT NULL, updated_at INTEGER NOT NULL)`);
    old.exec(`INSERT INTO health_incidents VALUES ('old', 'land', 'closed', 1000, 2000, 1000, 'down', '["probe-failing"]', '[]', 0, 0, 0, 0, '[]', 2000)`);
    old.close();
    const store = createSqliteHealthStore(openSqlite({ path }));
    await store.saveIncident({
      id: 'new', upstream: 'land', kind: 'credentials', status: 'open', startedAt: 3000, endedAt: null, durationMs: null, worstState: 'degraded',
      causes: ['cannot-log-in'], affectedOperations: [], requestsFailed: 0, requestsServedStale: 0, requestsRejected: 0, ticketsQueued: 0,
      communesAffected: [], updatedAt: 3000,
    });
    expect((await store.listIncidents({})).map((incident) => [incident.id, incident.kind])).toEqual([['new', 'credentials'], ['old', 'outage']]);
    expect((await store.listIncidents({ kind: 'outage' })).map((incident) => incident.id)).toEqual(['old']);
  });
});
