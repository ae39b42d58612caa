// /v1/status as `application/health+json` (draft-inadarei-api-health-check): pass/warn/fail overall and one
// check per upstream with its state, since, latency, error rate, breaker, queue and last probe. Pure.
import type { HealthSnapshot, UpstreamHealth } from './snapshot.ts';
import type { HealthState } from './types.ts';

export type CheckStatus = 'pass' | 'warn' | 'fail';

/** Down fails; degraded and maintenance warn; operational and not-provisioned (never an outage) pass. */
export const CHECK_STATUS: Record<HealthState, CheckStatus> = {
  operational: 'pass', 'not-provisioned': 'pass', degraded: 'warn', maintenance: 'warn', down: 'fail',
};

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export interface StatusCheck {
  componentId: string;
  componentType: 'system';
  status: CheckStatus;
  time: string;
  state: HealthState;
  since: string;
  reasons: string[];
  observedUnit: 'ms';
  /** p95 latency of real calls over the window, ms. */
  observedValue: number | null;
  latencyMs: { p50: number; p95: number; p99: number } | null;
  /** Failed or stale share of calls that reached the upstream, 0..1. */
  errorRate: number | null;
  calls: number;
  errorsByCode: Record<string, number>;
  staleServed: number;
  cacheHitRatio: number | null;
  windowSeconds: number;
  breaker: string;
  breakerGroups: Record<string, string>;
  queue: { depth: number; oldestTicketAt: string | null; oldestTicketAgeSeconds: number | null } | null;
  login: string;
  probe: { configured: boolean; operation: string | null; status: string; consecutiveFailures: number } ;
  lastProbe: { at: string; outcome: string; latencyMs: number; failedStep: string | null; errorCode: string | null } | null;
  notProvisionedCommunes: string[];
  maintenance: { from: string; to: string; note: string | null } | null;
  openIncident: { id: string; startedAt: string; worstState: string } | null;
}

export interface StatusReport {
  status: CheckStatus;
  version: '1';
  serviceId: 'commune-gateway';
  description: string;
  time: string;
  checks: Record<string, StatusCheck[]>;
  links: Record<string, string>;
}

/** The check status of one upstream; "no figures yet" warns: it must never look healthy. */
export function checkStatusOf(health: Pick<UpstreamHealth, 'state' | 'reasons'>): CheckStatus {
  return health.state === 'operational' && health.reasons.includes('no-data') ? 'warn' : CHECK_STATUS[health.state];
}

export function statusReport(snapshot: HealthSnapshot): StatusReport {
  const checks = Object.fromEntries(snapshot.upstreams.map((upstream) => [`${upstream.upstream}:availability`, [statusCheck(upstream, snapshot.at)]]));
  const statuses = snapshot.upstreams.map(checkStatusOf);
  const status: CheckStatus = statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'pass';
  return {
    status,
    version: '1',
    serviceId: 'commune-gateway',
    description: 'Health of the upstream systems behind the commune integration gateway',
    time: iso(snapshot.at)!,
    checks,
    links: { about: '/status', incidents: '/v1/incidents' },
  };
}

function statusCheck(health: UpstreamHealth, at: number): StatusCheck {
  const { traffic, queue, probe } = health;
  return {
    componentId: health.upstream,
    componentType: 'system',
    status: checkStatusOf(health),
    time: iso(at)!,
    state: health.state,
    since: iso(health.since)!,
    reasons: health.reasons,
    observedUnit: 'ms',
    observedValue: traffic.latencyMs?.p95 ?? null,
    latencyMs: traffic.latencyMs,
    errorRate: traffic.errorRate,
    calls: traffic.calls,
    errorsByCode: traffic.errorsByCode,
    staleServed: traffic.byClass.stale,
    cacheHitRatio: traffic.cacheHitRatio,
    windowSeconds: Math.round(traffic.spanMs / 1000),
    breaker: health.breaker,
    breakerGroups: health.breakerGroups,
    queue: queue && {
      depth: queue.depth,
      oldestTicketAt: iso(queue.oldestTicketAt),
      oldestTicketAgeSeconds: queue.oldestTicketAt === null ? null : Math.max(0, Math.round((at - queue.oldestTicketAt) / 1000)),
    },
    login: health.login,
    probe: { configured: probe.configured, operation: probe.operation, status: probe.status, consecutiveFailures: probe.consecutiveFailures },
    lastProbe: probe.last && {
      at: iso(probe.last.at)!,
      outcome: probe.last.outcome,
      latencyMs: probe.last.latencyMs,
      failedStep: probe.last.failedStep ?? null,
      errorCode: probe.last.errorCode ?? null,
    },
    notProvisionedCommunes: health.notProvisionedCommunes,
    maintenance: health.maintenance && { from: iso(health.maintenance.fromMs)!, to: iso(health.maintenance.toMs)!, note: health.maintenance.note ?? null },
    openIncident: health.openIncident && {
      id: health.openIncident.id, startedAt: iso(health.openIncident.startedAt)!, worstState: health.openIncident.worstState,
    },
  };
}
