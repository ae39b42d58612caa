import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, judge, type HealthFigures } from './judge.ts';

const quiet = { success: 0, 'not-provisioned': 0, failure: 0, stale: 0, cached: 0, rejected: 0, login: 0 };
const healthy: HealthFigures = {
  maintenance: false, notProvisioned: false, probe: 'up', probeLatencyMs: 40, login: 'ok', breaker: 'closed',
  traffic: { upstreamCalls: 100, errorRate: 0, latencyMs: { p50: 30, p95: 80, p99: 120 }, byClass: { ...quiet, success: 100 } },
  queueDepth: 0,
};
const withTraffic = (failures: number, calls = 100) => ({
  upstreamCalls: calls, errorRate: failures / calls, latencyMs: { p50: 30, p95: 80, p99: 120 },
  byClass: { ...quiet, success: calls - failures, failure: failures },
});

describe('judge', () => {
  it('calls an upstream with a passing probe and clean traffic operational, with no reasons', () => {
    expect(judge(healthy, DEFAULT_THRESHOLDS)).toEqual({ state: 'operational', reasons: [] });
  });

  it('says down when the probe is down and no real traffic shows the upstream answering', () => {
    const idle = { upstreamCalls: 0, errorRate: null, latencyMs: null, byClass: quiet };
    expect(judge({ ...healthy, probe: 'down', traffic: idle }, DEFAULT_THRESHOLDS)).toEqual({ state: 'down', reasons: ['probe-failing'] });
  });

  it('says down when the breaker is open and no probe proves the upstream answers', () => {
    expect(judge({ ...healthy, probe: 'unknown', breaker: 'open' }, DEFAULT_THRESHOLDS).state).toBe('down');
  });

  it('caps an open breaker at degraded while the probe sees the upstream answering (recovering)', () => {
    expect(judge({ ...healthy, breaker: 'open' }, DEFAULT_THRESHOLDS)).toEqual({ state: 'degraded', reasons: ['breaker-open'] });
  });

  it('says down from traffic alone when most calls fail and there is no probe', () => {
    const judgement = judge({ ...healthy, probe: 'unknown', traffic: withTraffic(60) }, DEFAULT_THRESHOLDS);
    expect(judgement).toEqual({ state: 'down', reasons: ['error-rate-high'] });
  });

  it('says degraded from an elevated error rate, but only with enough calls to judge', () => {
    expect(judge({ ...healthy, traffic: withTraffic(6) }, DEFAULT_THRESHOLDS).reasons).toEqual(['error-rate-elevated']);
    expect(judge({ ...healthy, traffic: withTraffic(3, 5) }, DEFAULT_THRESHOLDS).state).toBe('operational');
  });

  it('says degraded when real calls or the probe are slow', () => {
    const slowTraffic = { ...healthy.traffic, latencyMs: { p50: 900, p95: 2_500, p99: 3_000 } };
    expect(judge({ ...healthy, traffic: slowTraffic }, DEFAULT_THRESHOLDS).reasons).toEqual(['slow']);
    expect(judge({ ...healthy, probeLatencyMs: 2_100 }, DEFAULT_THRESHOLDS).reasons).toEqual(['slow']);
  });

  it('says degraded when stale answers are served or tickets are queued', () => {
    const stale = { ...healthy.traffic, byClass: { ...healthy.traffic.byClass, stale: 1 } };
    expect(judge({ ...healthy, traffic: stale }, DEFAULT_THRESHOLDS).reasons).toEqual(['serving-stale']);
    expect(judge({ ...healthy, queueDepth: 4 }, DEFAULT_THRESHOLDS).reasons).toEqual(['queueing']);
  });

  it('shows refused credentials as a login problem (degraded), never as down', () => {
    expect(judge({ ...healthy, login: 'failing' }, DEFAULT_THRESHOLDS)).toEqual({ state: 'degraded', reasons: ['cannot-log-in'] });
  });

  it('lets maintenance win over everything, and not-provisioned over an outage for that commune', () => {
    expect(judge({ ...healthy, probe: 'down', maintenance: true }, DEFAULT_THRESHOLDS).state).toBe('maintenance');
    expect(judge({ ...healthy, probe: 'down', notProvisioned: true }, DEFAULT_THRESHOLDS).state).toBe('not-provisioned');
  });

  it('admits it has no data yet rather than inventing reasons', () => {
    const nothing: HealthFigures = { ...healthy, probe: 'unknown', login: 'unknown', probeLatencyMs: null, traffic: { upstreamCalls: 0, errorRate: null, latencyMs: null, byClass: quiet } };
    expect(judge(nothing, DEFAULT_THRESHOLDS)).toEqual({ state: 'operational', reasons: ['no-data'] });
  });
});

describe('judge: degraded or down', () => {
  it('calls an upstream that answers most real calls degraded, not down, even when a run of probes failed', () => {
    const judgement = judge({ ...healthy, probe: 'down', traffic: withTraffic(30) }, DEFAULT_THRESHOLDS);
    expect(judgement.state).toBe('degraded');
    expect(judgement.reasons).toContain('error-rate-elevated');
  });

  it('still says down when the probes fail and real calls mostly fail too, or there are too few to tell', () => {
    expect(judge({ ...healthy, probe: 'down', traffic: withTraffic(60) }, DEFAULT_THRESHOLDS).state).toBe('down');
    expect(judge({ ...healthy, probe: 'down', traffic: withTraffic(1, 5) }, DEFAULT_THRESHOLDS).state).toBe('down');
  });

  it('does not hold an idle half-open breaker against an upstream whose probe passes', () => {
    expect(judge({ ...healthy, breaker: 'half-open' }, DEFAULT_THRESHOLDS)).toEqual({ state: 'operational', reasons: [] });
  });
});
