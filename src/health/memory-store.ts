// The memory health store: for tests, and for the Workers build when no database is bound.
import { SEVERITY } from './types.ts';
import type { UpstreamName } from './types.ts';
import { emptyUptimeCounts, type HealthStore, type Incident, type IncidentQuery, type MinuteBucket } from './store.ts';

export function createMemoryHealthStore(): HealthStore {
  const incidents = new Map<string, Incident>();
  const minutes = new Map<string, MinuteBucket>();
  const keyOf = (upstream: UpstreamName, minute: number) => `${upstream}|${minute}`;
  const inRange = (upstream: UpstreamName, fromMs: number, toMs: number) =>
    [...minutes.values()]
      .filter((bucket) => bucket.upstream === upstream && bucket.minute >= fromMs && bucket.minute < toMs)
      .sort((a, b) => a.minute - b.minute);

  return {
    async saveIncident(incident) {
      incidents.set(incident.id, structuredClone({ ...incident, kind: incident.kind ?? 'outage' }));
    },
    async listIncidents(query: IncidentQuery) {
      return [...incidents.values()]
        .filter((incident) => matches(incident, query))
        .sort((a, b) => b.startedAt - a.startedAt || a.id.localeCompare(b.id))
        .slice(0, query.limit ?? 1000)
        .map((incident) => structuredClone(incident));
    },
    async writeMinutes(buckets) {
      for (const bucket of buckets) {
        const key = keyOf(bucket.upstream, bucket.minute);
        const old = minutes.get(key);
        minutes.set(key, old ? {
          ...old,
          state: SEVERITY[bucket.state] > SEVERITY[old.state] ? bucket.state : old.state,
          calls: old.calls + bucket.calls,
          failures: old.failures + bucket.failures,
          probes: old.probes + bucket.probes,
          probeFailures: old.probeFailures + bucket.probeFailures,
        } : { ...bucket });
      }
    },
    async readMinutes(upstream, fromMs, toMs) {
      return inRange(upstream, fromMs, toMs).map((bucket) => ({ ...bucket }));
    },
    async countMinutes(upstream, fromMs, toMs) {
      const counts = emptyUptimeCounts();
      for (const bucket of inRange(upstream, fromMs, toMs)) counts[bucket.state] += 1;
      return counts;
    },
    async pruneMinutes(beforeMs) {
      for (const [key, bucket] of minutes) if (bucket.minute < beforeMs) minutes.delete(key);
    },
    async ping() {},
  };
}

function matches(incident: Incident, query: IncidentQuery): boolean {
  if (query.upstream !== undefined && incident.upstream !== query.upstream) return false;
  if (query.status !== undefined && incident.status !== query.status) return false;
  if (query.kind !== undefined && incident.kind !== query.kind) return false;
  if (query.toMs !== undefined && incident.startedAt > query.toMs) return false;
  if (query.fromMs !== undefined && incident.endedAt !== null && incident.endedAt < query.fromMs) return false;
  return true;
}
