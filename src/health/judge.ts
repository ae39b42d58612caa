// The judgement: one state per upstream from the collected figures. Pure: no clock, no I/O, no state.
import type { WindowStats } from './call-window.ts';
import type { ProbeStatus } from './probe-tracker.ts';
import type { BreakerSummary, HealthState, LoginState, Reason } from './types.ts';

/** Thresholds of the judgement (configuration, data). */
export interface JudgementThresholds {
  /** Calls in the judgement window before traffic may judge (error rate, latency). Default 10. */
  minCalls: number;
  /** Share of failed upstream calls (0..1) from which the upstream is degraded. Default 0.05. */
  degradedErrorRate: number;
  /** Share of failed upstream calls (0..1) from which the upstream is down (unless a probe proves it answers). Default 0.5. */
  downErrorRate: number;
  /** p95 latency of real calls, or a probe's latency, from which the upstream is slow (degraded), ms. Default 2000. */
  slowMs: number;
  /** Verification tickets waiting from which the upstream counts as queueing (degraded). Default 1. */
  queueDepthDegraded: number;
}

export const DEFAULT_THRESHOLDS: JudgementThresholds = {
  minCalls: 10, degradedErrorRate: 0.05, downErrorRate: 0.5, slowMs: 2_000, queueDepthDegraded: 1,
};

/** Everything the judgement looks at for one upstream, at one moment. */
export interface HealthFigures {
  /** A planned maintenance window is in force. */
  maintenance: boolean;
  /** Judging for one commune that this upstream refuses as not provisioned. */
  notProvisioned: boolean;
  /** `unknown` when no probe is configured or none has finished. */
  probe: ProbeStatus;
  /** Some recent probes failed, some succeeded (default false). */
  probeIntermittent?: boolean | undefined;
  /** Latency of the last probe that found the upstream available, ms; null if none. */
  probeLatencyMs: number | null;
  login: LoginState;
  breaker: BreakerSummary;
  /** Real traffic over the judgement window. */
  traffic: Pick<WindowStats, 'upstreamCalls' | 'errorRate' | 'latencyMs' | 'byClass'>;
  /** Verification tickets waiting for this upstream; null when the queue is not known. */
  queueDepth: number | null;
}

export interface Judgement {
  state: HealthState;
  /** Every reason that applied, most serious first; empty when operational with evidence. */
  reasons: Reason[];
}

/**
 * Judges one upstream. Maintenance and (per commune) not-provisioned win outright.
 * Down means the upstream does not answer: the probe is down (a run of failed probes) and real traffic does
 * not show most calls answered; or, unless the probe currently proves the upstream answers, the breaker is
 * open or real calls mostly fail.
 * Degraded means it answers, but not well: probes that fail now and then (intermittent), errors above the
 * degraded rate (a run of failed probes included, while most real calls still succeed), slow, stale answers served, tickets queued, or the breaker open while
 * the probe passes. A half-open breaker whose probe passes is only waiting for its next call: not held
 * against the upstream. A refused login is ours to fix, never "down" (reason `cannot-log-in`).
 */
export function judge(figures: HealthFigures, thresholds: JudgementThresholds): Judgement {
  if (figures.maintenance) return { state: 'maintenance', reasons: ['maintenance'] };
  if (figures.notProvisioned) return { state: 'not-provisioned', reasons: ['not-provisioned'] };
  const probeUp = figures.probe === 'up';
  const { traffic } = figures;
  const judgedTraffic = traffic.upstreamCalls >= thresholds.minCalls;
  const errorRate = judgedTraffic ? traffic.errorRate ?? 0 : 0;

  // Real calls mostly answered: a run of failed probes is the unlucky share of a partly failing upstream.
  const trafficAnswers = judgedTraffic && errorRate < thresholds.downErrorRate;
  const down: Reason[] = [];
  if (figures.probe === 'down' && !trafficAnswers) down.push('probe-failing');
  if (!probeUp && figures.breaker === 'open') down.push('breaker-open');
  if (!probeUp && errorRate >= thresholds.downErrorRate) down.push('error-rate-high');
  if (down.length > 0) return { state: 'down', reasons: down };

  const degraded: Reason[] = [];
  if (figures.login === 'failing') degraded.push('cannot-log-in');
  if (figures.probe === 'down') degraded.push('probe-failing');
  else if (figures.probeIntermittent) degraded.push('probe-intermittent');
  if (figures.breaker === 'open') degraded.push('breaker-open');
  if (figures.breaker === 'half-open' && !probeUp) degraded.push('breaker-half-open');
  if (errorRate >= thresholds.downErrorRate) degraded.push('error-rate-high');
  else if (errorRate >= thresholds.degradedErrorRate) degraded.push('error-rate-elevated');
  const slowTraffic = judgedTraffic && (traffic.latencyMs?.p95 ?? 0) >= thresholds.slowMs;
  const slowProbe = (figures.probeLatencyMs ?? 0) >= thresholds.slowMs;
  if (slowTraffic || slowProbe) degraded.push('slow');
  if (traffic.byClass.stale > 0) degraded.push('serving-stale');
  if ((figures.queueDepth ?? 0) >= thresholds.queueDepthDegraded) degraded.push('queueing');
  if (degraded.length > 0) return { state: 'degraded', reasons: degraded };

  const evidence = figures.probe !== 'unknown' || traffic.upstreamCalls > 0 || figures.login === 'ok';
  return { state: 'operational', reasons: evidence ? [] : ['no-data'] };
}
