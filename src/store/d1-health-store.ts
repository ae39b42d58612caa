// HealthStore on Cloudflare D1: the SQLite health store's tables and statements, run through D1's async API.
// A minute's counts are merged by the upsert itself, so isolates writing the same minute at once add up.
import { emptyUptimeCounts, type HealthStore } from '../health/store.ts';
import { SEVERITY } from '../health/types.ts';
import { inBatch, rowsOf, statement, type D1Database } from './d1.ts';
import { HEALTH_SQL, incidentFilter, rowToBucket, rowToIncident, STATE_OF_SEVERITY } from './health-rows.ts';

/** The store on a D1 binding whose migrations were applied (migrations/, from d1-migrations.ts). */
export function createD1HealthStore(db: D1Database): HealthStore {
  return {
    async saveIncident(incident) {
      await statement(db, HEALTH_SQL.save, {
        ...incident,
        kind: incident.kind ?? 'outage',
        causes: JSON.stringify(incident.causes),
        affectedOperations: JSON.stringify(incident.affectedOperations),
        communesAffected: JSON.stringify(incident.communesAffected),
      }).run();
    },
    async listIncidents(query) {
      const { where, params } = incidentFilter(query);
      return (await rowsOf(db, HEALTH_SQL.listIncidents(where), params)).map(rowToIncident);
    },
    async writeMinutes(buckets) {
      await inBatch(db, buckets.map(({ state, ...rest }) => statement(db, HEALTH_SQL.upsertMinute, { ...rest, severity: SEVERITY[state] })));
    },
    async readMinutes(upstream, fromMs, toMs) {
      return (await rowsOf(db, HEALTH_SQL.readMinutes, [upstream, fromMs, toMs])).map(rowToBucket);
    },
    async countMinutes(upstream, fromMs, toMs) {
      const counts = emptyUptimeCounts();
      for (const row of await rowsOf(db, HEALTH_SQL.countMinutes, [upstream, fromMs, toMs])) {
        counts[STATE_OF_SEVERITY[Number(row['severity'])]!] = Number(row['minutes']);
      }
      return counts;
    },
    async pruneMinutes(beforeMs) {
      await statement(db, HEALTH_SQL.prune, [beforeMs]).run();
    },
    async ping() {
      await db.prepare('SELECT 1').first();
    },
  };
}
