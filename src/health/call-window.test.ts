import { describe, expect, it } from 'vitest';
import { createCallWindow } from './call-window.ts';

describe('rolling call window', () => {
  it('counts classes, error codes and the error rate over the span asked for', () => {
    const window = createCallWindow({ windowMs: 300_000, sliceMs: 10_000 });
    for (let i = 0; i < 8; i++) window.record(1_000 + i, 'success', 20, undefined);
    window.record(2_000, 'failure', 3_000, 'timeout');
    window.record(2_001, 'stale', 100, undefined);
    window.record(2_002, 'rejected', 0, 'circuit-open');
    window.record(2_003, 'cached', 0, undefined);
    const stats = window.stats(5_000, 60_000);
    expect(stats).toMatchObject({ calls: 12, upstreamCalls: 10, failures: 2, errorRate: 0.2 });
    expect(stats.errorsByCode).toEqual({ timeout: 1, stale: 1, 'circuit-open': 1 });
  });

  it('reports latency percentiles of calls that reached the upstream only', () => {
    const window = createCallWindow({ windowMs: 60_000, sliceMs: 10_000 });
    for (let i = 1; i <= 100; i++) window.record(0, 'success', i * 10, undefined);
    window.record(0, 'cached', 100_000, undefined);
    const latency = window.stats(0, 60_000).latencyMs!;
    expect(latency.p50).toBeGreaterThanOrEqual(500);
    expect(latency.p50).toBeLessThan(560);
    expect(latency.p99).toBeGreaterThanOrEqual(990);
    expect(latency.p99).toBeLessThan(1_100);
  });

  it('forgets calls older than the span, and whole slices that were reused', () => {
    const window = createCallWindow({ windowMs: 60_000, sliceMs: 10_000 });
    window.record(0, 'failure', 10, 'transient');
    window.record(55_000, 'success', 10, undefined);
    expect(window.stats(55_000, 60_000).upstreamCalls).toBe(2);
    expect(window.stats(55_000, 20_000).upstreamCalls).toBe(1);
    expect(window.stats(65_000, 60_000).upstreamCalls).toBe(1);
    window.record(120_000, 'success', 10, undefined);
    expect(window.stats(120_000, 60_000).upstreamCalls).toBe(1);
  });

  it('computes the cache hit ratio from cache lookups', () => {
    const window = createCallWindow({ windowMs: 60_000, sliceMs: 10_000 });
    window.recordCache(0, true);
    window.recordCache(0, true);
    window.recordCache(0, true);
    window.recordCache(0, false);
    expect(window.stats(0, 60_000).cacheHitRatio).toBe(0.75);
    expect(createCallWindow({ windowMs: 60_000, sliceMs: 10_000 }).stats(0, 60_000).cacheHitRatio).toBeNull();
  });
});
