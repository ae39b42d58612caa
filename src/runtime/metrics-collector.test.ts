import { describe, expect, it } from 'vitest';
import type { HealthSnapshot } from '../health/snapshot.ts';
import type { PipelineSnapshot } from '../resilience/index.ts';
import { createMetricsCollector } from './metrics-collector.ts';
import type { CallRecord } from '../services/upstream-callers.ts';

const NOW = Date.UTC(2026, 11, 1, 3, 0, 0);

function pipelineSnapshot(group: string): PipelineSnapshot {
  return {
    name: 'population',
    cache: { lookupCitizen: { size: 2, bytes: 100, hits: 5, misses: 2, staleServed: 1 } },
    bulkhead: { name: 'population', inFlight: 1, queued: 3, rejected: 4, maxObservedInFlight: 2 },
    breakers: { [group]: { state: 'open' } },
  } as unknown as PipelineSnapshot;
}

const idle = { name: 'x', cache: {}, bulkhead: { name: 'x', inFlight: 0, queued: 0, rejected: 0, maxObservedInFlight: 0 }, breakers: {} } as unknown as PipelineSnapshot;

const health = {
  at: NOW,
  upstreams: [
    { upstream: 'population', state: 'down', queue: { depth: 7, oldestTicketAt: NOW - 90_000 } },
    { upstream: 'civil-status', state: 'operational', queue: { depth: 0, oldestTicketAt: null } },
    { upstream: 'land', state: 'degraded', queue: null },
  ],
} as unknown as HealthSnapshot;

function collector(group = 'tra-cuu') {
  const snapshots = { population: pipelineSnapshot(group), 'civil-status': idle, land: idle };
  return createMetricsCollector({
    pipelines: () => ({
      population: { snapshot: () => snapshots.population },
      'civil-status': { snapshot: () => snapshots['civil-status'] },
      land: { snapshot: () => snapshots.land },
    }),
    health: () => health,
    now: () => NOW,
  });
}

function call(latencyMs: number, change: Partial<CallRecord> = {}): CallRecord {
  return { upstream: 'population', operation: 'lookupCitizen', ok: true, errorCode: undefined, freshness: 'fresh', latencyMs, at: NOW, communeCode: undefined, ...change };
}

/** The value of one exposed series, written exactly as `name{labels}`. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('the Prometheus metrics collector', () => {
  it('exposes call latency as a histogram in seconds and calls as _total counters', async () => {
    const metrics = collector();
    metrics.record(call(3));
    metrics.record(call(40));
    metrics.record(call(9_000, { ok: false, errorCode: 'transient', freshness: undefined }));
    const text = await metrics.render();
    expect(valueOf(text, 'gateway_upstream_calls_total{upstream="population",outcome="ok"}')).toBe(2);
    expect(valueOf(text, 'gateway_upstream_calls_total{upstream="population",outcome="transient"}')).toBe(1);
    expect(text).toContain('# TYPE gateway_upstream_call_duration_seconds histogram');
    expect(valueOf(text, 'gateway_upstream_call_duration_seconds_bucket{upstream="population",le="0.005"}')).toBe(1);
    expect(valueOf(text, 'gateway_upstream_call_duration_seconds_bucket{upstream="population",le="0.05"}')).toBe(2);
    expect(valueOf(text, 'gateway_upstream_call_duration_seconds_bucket{upstream="population",le="5"}')).toBe(2);
    expect(valueOf(text, 'gateway_upstream_call_duration_seconds_bucket{upstream="population",le="+Inf"}')).toBe(3);
    expect(valueOf(text, 'gateway_upstream_call_duration_seconds_sum{upstream="population"}')).toBeCloseTo(9.043, 6);
    expect(valueOf(text, 'gateway_upstream_call_duration_seconds_count{upstream="population"}')).toBe(3);
    expect(text).not.toMatch(/_ms\b/);
  });

  it('declares every counter with a _total name', async () => {
    const text = await collector().render();
    const counters = [...text.matchAll(/^# TYPE (\S+) counter$/gm)].map((match) => match[1]);
    expect(counters.length).toBeGreaterThan(3);
    for (const name of counters) expect(name).toMatch(/_total$/);
  });

  it('counts calls the caller itself cut short apart from upstream calls', async () => {
    const metrics = collector();
    metrics.record(call(2_900, { ok: false, errorCode: 'client-deadline', freshness: undefined }));
    const text = await metrics.render();
    expect(valueOf(text, 'gateway_upstream_calls_abandoned_total{upstream="population"}')).toBe(1);
    expect(valueOf(text, 'gateway_upstream_call_duration_seconds_count{upstream="population"}')).toBe(0);
  });

  it('exposes breakers, caches, bulkheads, upstream states and the verification queue', async () => {
    const text = await collector().render();
    expect(valueOf(text, 'gateway_breaker_state{upstream="population",group="tra-cuu"}')).toBe(2);
    expect(valueOf(text, 'gateway_cache_entries{upstream="population",operation="lookupCitizen"}')).toBe(2);
    expect(valueOf(text, 'gateway_cache_bytes{upstream="population",operation="lookupCitizen"}')).toBe(100);
    expect(valueOf(text, 'gateway_cache_lookups_total{upstream="population",operation="lookupCitizen",result="hit"}')).toBe(5);
    expect(valueOf(text, 'gateway_cache_lookups_total{upstream="population",operation="lookupCitizen",result="stale"}')).toBe(1);
    expect(valueOf(text, 'gateway_bulkhead_in_flight{upstream="population"}')).toBe(1);
    expect(valueOf(text, 'gateway_bulkhead_queued{upstream="population"}')).toBe(3);
    expect(valueOf(text, 'gateway_bulkhead_rejected_total{upstream="population"}')).toBe(4);
    expect(valueOf(text, 'gateway_upstream_state{upstream="population",state="down"}')).toBe(1);
    expect(valueOf(text, 'gateway_upstream_state{upstream="population",state="operational"}')).toBe(0);
    expect(valueOf(text, 'gateway_upstream_state{upstream="land",state="degraded"}')).toBe(1);
    expect(valueOf(text, 'gateway_verification_queue_depth{upstream="population"}')).toBe(7);
    expect(valueOf(text, 'gateway_verification_queue_oldest_ticket_age_seconds{upstream="population"}')).toBe(90);
    expect(valueOf(text, 'gateway_verification_queue_oldest_ticket_age_seconds{upstream="civil-status"}')).toBe(0);
  });

  it('escapes a quote, a backslash and a newline in a label value', async () => {
    // Breaker group names come from configuration: any text may reach a label.
    const text = await collector('tra "cứu"\\hộ\ntịch').render();
    expect(valueOf(text, 'gateway_breaker_state{upstream="population",group="tra \\"cứu\\"\\\\hộ\\ntịch"}')).toBe(2);
    // Nothing the label held broke a line: every line is a comment, a sample or empty.
    for (const line of text.split('\n')) expect(line).toMatch(/^(#.*|[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? \S+|)$/);
  });

  it('includes the process, memory, event-loop and garbage-collector metrics', async () => {
    const text = await collector().render();
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_gc_duration_seconds']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it('serves two gateways in one process without registering a metric twice', async () => {
    const first = await collector().render();
    const second = await collector().render();
    expect(second.match(/^# TYPE process_cpu_seconds_total /gm)).toHaveLength(1);
    expect(first).toContain('# TYPE gateway_upstream_calls_total counter');
  });
});
