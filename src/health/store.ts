// The health store: incidents and per-minute buckets (uptime history), behind one small interface with a
// memory implementation (memory-store.ts), a SQLite one (src/store/sqlite-health-store.ts) and a PostgreSQL one
// (src/store/postgres-health-store.ts).
import type { BadState } from './incident-tracker.ts';
import type { HealthState, Reason, UpstreamName } from './types.ts';

/**
 * What an incident is about: `outage`, the upstream not answering well (down or degraded); `credentials`, the
 * upstream refusing the gateway's own login, which is ours to fix and never the upstream's fault.
 */
export type IncidentKind = 'outage' | 'credentials';

/** One incident: a bad spell of one upstream, from its first bad judgement to the first good one that lasted. */
export interface Incident {
  id: string;
  upstream: UpstreamName;
  kind: IncidentKind;
  status: 'open' | 'closed';
  /** Epoch ms. */
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  worstState: BadState;
  causes: Reason[];
  /** Operations that failed, were refused or served stale, and the probe's, sorted. */
  affectedOperations: string[];
  /** Real calls that failed (not counting stale answers or refusals). */
  requestsFailed: number;
  requestsServedStale: number;
  /** Calls refused by the breaker or the bulkhead. */
  requestsRejected: number;
  /** Verification tickets queued for this upstream during the incident (reported, or the peak depth seen). */
  ticketsQueued: number;
  /** Commune codes whose calls failed, were refused or served stale, sorted. */
  communesAffected: string[];
  /** Last write, epoch ms. */
  updatedAt: number;
}

export interface IncidentQuery {
  upstream?: UpstreamName | undefined;
  /** Incidents that overlap [fromMs, toMs] (epoch ms): ended at or after `fromMs`, started at or before `toMs`. */
  fromMs?: number | undefined;
  toMs?: number | undefined;
  status?: 'open' | 'closed' | undefined;
  /** Only this kind (`maintenance`: only the planned windows of the record). */
  kind?: IncidentKind | 'maintenance' | undefined;
  /** Newest first; default 1000. */
  limit?: number | undefined;
}

/** What one upstream looked like during one minute. Writing the same minute twice merges the two. */
export interface MinuteBucket {
  upstream: UpstreamName;
  /** Start of the minute, epoch ms (a multiple of 60 000). */
  minute: number;
  /** The worst state judged during the minute. */
  state: HealthState;
  calls: number;
  failures: number;
  probes: number;
  probeFailures: number;
}

/** Minutes per worst state over a period; minutes without a bucket are not counted. */
export type UptimeCounts = Record<HealthState, number>;

export interface HealthStore {
  /** Inserts or replaces the incident with this id. */
  saveIncident(incident: Incident): Promise<void>;
  listIncidents(query: IncidentQuery): Promise<Incident[]>;
  /** Merges into the stored bucket of the same upstream and minute (counts add up, the worse state wins). */
  writeMinutes(buckets: readonly MinuteBucket[]): Promise<void>;
  /** Buckets with fromMs ≤ minute < toMs, oldest first. */
  readMinutes(upstream: UpstreamName, fromMs: number, toMs: number): Promise<MinuteBucket[]>;
  /** Minute counts by state over fromMs ≤ minute < toMs. */
  countMinutes(upstream: UpstreamName, fromMs: number, toMs: number): Promise<UptimeCounts>;
  /** Deletes minute buckets older than `beforeMs`. Incidents are the record and are never pruned here. */
  pruneMinutes(beforeMs: number): Promise<void>;
  /** Throws unless the store answers (readiness). */
  ping(): Promise<void>;
}

export const emptyUptimeCounts = (): UptimeCounts =>
  ({ operational: 0, degraded: 0, down: 0, 'not-provisioned': 0, maintenance: 0 });

export const MINUTE_MS = 60_000;
