// The registry's read model: every upstream's state, figures, probe, breaker, queue and open incident.
import type { BreakerState } from '../resilience/events.ts';
import type { WindowStats } from './call-window.ts';
import type { Judgement } from './judge.ts';
import type { ProbeStatus } from './probe-tracker.ts';
import type { Incident } from './store.ts';
import type { BreakerSummary, HealthState, LoginState, MaintenanceWindow, ProbeResult, Reason, UpstreamName } from './types.ts';
import { summariseBreakers, type UpstreamRecord } from './upstream-record.ts';

export interface UpstreamHealth {
  upstream: UpstreamName;
  state: HealthState;
  /** When the state began, epoch ms. */
  since: number;
  reasons: Reason[];
  probe: {
    configured: boolean;
    operation: string | null;
    status: ProbeStatus;
    consecutiveFailures: number;
    last: ProbeResult | null;
  };
  login: LoginState;
  breaker: BreakerSummary;
  breakerGroups: Record<string, BreakerState>;
  /** Real traffic over the display window (default 5 minutes). */
  traffic: WindowStats;
  queue: { depth: number; oldestTicketAt: number | null } | null;
  /** Communes this upstream recently refused as not provisioned. */
  notProvisionedCommunes: string[];
  /** The maintenance window in force, or the next one to come. */
  maintenance: MaintenanceWindow | null;
  /** The open outage incident (the upstream's). */
  openIncident: Incident | null;
  /** The open incident of our own credentials being refused, apart from outages. */
  openCredentialsIncident: Incident | null;
}

export interface HealthSnapshot {
  /** Epoch ms. */
  at: number;
  upstreams: UpstreamHealth[];
}

export interface SnapshotOptions {
  windowMs: number;
  maintenance: readonly MaintenanceWindow[];
  /** Judge as seen by this commune (land may be not provisioned for it). */
  communeCode: string | undefined;
  /** The same commune's codes in the other unit scheme (the units a 2025 commune absorbed, or its successors). */
  communeAliases?: readonly string[] | undefined;
  judgeForCommune: (record: UpstreamRecord) => Judgement;
}

export function snapshotOf(records: readonly UpstreamRecord[], at: number, options: SnapshotOptions): HealthSnapshot {
  return { at, upstreams: records.map((record) => upstreamHealth(record, at, options)) };
}

function upstreamHealth(record: UpstreamRecord, at: number, options: SnapshotOptions): UpstreamHealth {
  const refused = options.communeCode !== undefined &&
    [options.communeCode, ...(options.communeAliases ?? [])].some((code) => record.notProvisioned.has(code));
  const perCommune = refused && record.state !== 'maintenance' ? options.judgeForCommune(record) : undefined;
  const maintenance = options.maintenance
    .filter((window) => window.upstream === record.upstream && window.toMs > at)
    .sort((a, b) => a.fromMs - b.fromMs)[0] ?? null;
  return {
    upstream: record.upstream,
    state: perCommune?.state ?? record.state,
    since: record.since,
    reasons: perCommune?.reasons ?? record.reasons,
    probe: {
      configured: record.probeSettings !== undefined,
      operation: record.probeSettings?.operation ?? null,
      status: record.probe.status,
      consecutiveFailures: record.probe.consecutiveFailures,
      last: record.probe.last,
    },
    login: record.login,
    breaker: summariseBreakers(record.breakers),
    breakerGroups: Object.fromEntries(record.breakers),
    traffic: record.window.stats(at, options.windowMs),
    queue: record.queue,
    notProvisionedCommunes: [...record.notProvisioned.keys()].sort(),
    maintenance,
    openIncident: record.outage.incident ? { ...record.outage.incident } : null,
    openCredentialsIncident: record.credentials.incident ? { ...record.credentials.incident } : null,
  };
}
