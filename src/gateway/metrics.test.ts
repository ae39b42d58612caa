import { describe, expect, it } from 'vitest';
import { countCall, emptyCounters, renderMetrics } from './metrics.ts';

describe('Prometheus metrics', () => {
  it('counts calls by outcome and in cumulative latency buckets', () => {
    const counters = emptyCounters();
    countCall(counters, 'ok', 3);
    countCall(counters, 'ok', 40);
    countCall(counters, 'transient', 9_000);
    const text = renderMetrics({
      calls: { population: counters, 'civil-status': emptyCounters(), land: emptyCounters() },
      breakers: [{ upstream: 'population', group: 'tra-cuu', state: 'open' }],
      caches: [{ upstream: 'population', operation: 'lookupCitizen', entries: 2, bytes: 100, hits: 5, misses: 2, staleServed: 1 }],
      bulkheads: [{ upstream: 'population', inFlight: 1, queued: 0, rejected: 4 }],
    });
    expect(text).toContain('gateway_upstream_calls_total{upstream="population",outcome="ok"} 2');
    expect(text).toContain('gateway_upstream_calls_total{upstream="population",outcome="transient"} 1');
    expect(text).toContain('gateway_upstream_call_duration_ms_bucket{upstream="population",le="5"} 1');
    expect(text).toContain('gateway_upstream_call_duration_ms_bucket{upstream="population",le="50"} 2');
    expect(text).toContain('gateway_upstream_call_duration_ms_bucket{upstream="population",le="5000"} 2');
    expect(text).toContain('gateway_upstream_call_duration_ms_bucket{upstream="population",le="+Inf"} 3');
    expect(text).toContain('gateway_breaker_state{upstream="population",group="tra-cuu"} 2');
    expect(text).toContain('gateway_cache_lookups_total{upstream="population",operation="lookupCitizen",result="stale"} 1');
    expect(text).toContain('gateway_bulkhead_rejected_total{upstream="population"} 4');
  });
});
