// The one HealthStore conformance suite, run against every implementation (memory, SQLite, PostgreSQL).
import { beforeEach, describe, expect, it } from 'vitest';
import { MINUTE_MS, type HealthStore, type Incident, type MinuteBucket } from './store.ts';

const T0 = Date.UTC(2026, 2, 2, 2, 0, 0); // 09:00 in Hà Nội
const HOUR = 3_600_000;

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1', upstream: 'population', kind: 'outage', status: 'closed', startedAt: T0, endedAt: T0 + HOUR, durationMs: HOUR,
    worstState: 'down', causes: ['probe-failing', 'breaker-open'], affectedOperations: ['lookupCitizen', 'probe:lookup-citizen'],
    requestsFailed: 12, requestsServedStale: 30, requestsRejected: 4, ticketsQueued: 7, communesAffected: ['21085', '21088'],
    updatedAt: T0 + HOUR, ...overrides,
  };
}

const bucket = (overrides: Partial<MinuteBucket>): MinuteBucket =>
  ({ upstream: 'population', minute: T0, state: 'operational', calls: 1, failures: 0, probes: 0, probeFailures: 0, ...overrides });

export function healthStoreSuite(name: string, open: () => Promise<HealthStore>): void {
  describe(`HealthStore: ${name}`, () => {
    let store: HealthStore;
    beforeEach(async () => {
      store = await open();
    });

    it('stores an incident with every field and gives it back as it was', async () => {
      await store.saveIncident(incident());
      expect(await store.listIncidents({})).toEqual([incident()]);
    });

    it('replaces an incident saved again under the same id (open, then closed)', async () => {
      await store.saveIncident(incident({ status: 'open', endedAt: null, durationMs: null, requestsFailed: 1 }));
      await store.saveIncident(incident());
      expect(await store.listIncidents({})).toEqual([incident()]);
    });

    it('filters incidents by upstream, status and overlap with a period, newest first', async () => {
      await store.saveIncident(incident({ id: 'a', startedAt: T0, endedAt: T0 + HOUR }));
      await store.saveIncident(incident({ id: 'b', upstream: 'land', startedAt: T0 + 2 * HOUR, endedAt: T0 + 3 * HOUR }));
      await store.saveIncident(incident({ id: 'c', status: 'open', startedAt: T0 + 5 * HOUR, endedAt: null, durationMs: null }));
      const ids = async (query: Parameters<HealthStore['listIncidents']>[0]) => (await store.listIncidents(query)).map((found) => found.id);
      expect(await ids({})).toEqual(['c', 'b', 'a']);
      expect(await ids({ upstream: 'land' })).toEqual(['b']);
      expect(await ids({ status: 'open' })).toEqual(['c']);
      expect(await ids({ fromMs: T0 + 90 * 60_000 })).toEqual(['c', 'b']);
      expect(await ids({ toMs: T0 + 2 * HOUR })).toEqual(['b', 'a']);
      expect(await ids({ fromMs: T0 + 4 * HOUR, toMs: T0 + 10 * HOUR })).toEqual(['c']);
      expect(await ids({ limit: 1 })).toEqual(['c']);
    });

    it('merges two writes of the same minute: counts add up and the worse state wins', async () => {
      await store.writeMinutes([bucket({ state: 'degraded', calls: 3, failures: 1, probes: 1 })]);
      await store.writeMinutes([bucket({ state: 'operational', calls: 2, failures: 0, probes: 1, probeFailures: 1 })]);
      expect(await store.readMinutes('population', T0, T0 + MINUTE_MS)).toEqual([
        bucket({ state: 'degraded', calls: 5, failures: 1, probes: 2, probeFailures: 1 }),
      ]);
    });

    it('reads and counts minutes of one upstream in a half-open period', async () => {
      await store.writeMinutes([
        bucket({ minute: T0 }),
        bucket({ minute: T0 + MINUTE_MS, state: 'down' }),
        bucket({ minute: T0 + 2 * MINUTE_MS, state: 'down' }),
        bucket({ minute: T0 + 3 * MINUTE_MS, state: 'maintenance' }),
        bucket({ minute: T0 + MINUTE_MS, upstream: 'land', state: 'degraded' }),
      ]);
      const minutes = await store.readMinutes('population', T0 + MINUTE_MS, T0 + 3 * MINUTE_MS);
      expect(minutes.map((found) => found.minute)).toEqual([T0 + MINUTE_MS, T0 + 2 * MINUTE_MS]);
      expect(await store.countMinutes('population', T0, T0 + 10 * MINUTE_MS)).toEqual({
        operational: 1, degraded: 0, down: 2, 'not-provisioned': 0, maintenance: 1,
      });
    });

    it('prunes old minute buckets but never incidents', async () => {
      await store.writeMinutes([bucket({ minute: T0 }), bucket({ minute: T0 + HOUR })]);
      await store.saveIncident(incident());
      await store.pruneMinutes(T0 + MINUTE_MS);
      expect((await store.readMinutes('population', 0, T0 + 2 * HOUR)).map((found) => found.minute)).toEqual([T0 + HOUR]);
      expect(await store.listIncidents({})).toHaveLength(1);
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
