// Prometheus text exposition of the gateway's own figures: upstream calls by outcome and latency, breakers,
// caches and bulkheads. Pure: it renders whatever the runtime collected.
import type { UpstreamName } from '../domain/errors.ts';

export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000] as const;

export interface UpstreamCallCounters {
  /** Calls by outcome: `ok`, `stale`, `cached`, or an error code. */
  byOutcome: Map<string, number>;
  /** Cumulative counts per bucket of LATENCY_BUCKETS_MS, then +Inf. */
  latencyBuckets: number[];
  latencySumMs: number;
  latencyCount: number;
}

export interface MetricsSnapshot {
  calls: Record<UpstreamName, UpstreamCallCounters>;
  breakers: Array<{ upstream: UpstreamName; group: string; state: 'closed' | 'open' | 'half-open' }>;
  caches: Array<{ upstream: UpstreamName; operation: string; entries: number; bytes: number; hits: number; misses: number; staleServed: number }>;
  bulkheads: Array<{ upstream: UpstreamName; inFlight: number; queued: number; rejected: number }>;
  /** Calls the caller itself cut short (its own Request-Timeout, or hanging up); not in `calls`. */
  abandoned?: Record<UpstreamName, number>;
}

export function emptyCounters(): UpstreamCallCounters {
  return { byOutcome: new Map(), latencyBuckets: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0), latencySumMs: 0, latencyCount: 0 };
}

/** Adds one finished call to the counters. */
export function countCall(counters: UpstreamCallCounters, outcome: string, latencyMs: number): void {
  counters.byOutcome.set(outcome, (counters.byOutcome.get(outcome) ?? 0) + 1);
  const bucket = LATENCY_BUCKETS_MS.findIndex((limit) => latencyMs <= limit);
  for (let index = bucket === -1 ? LATENCY_BUCKETS_MS.length : bucket; index <= LATENCY_BUCKETS_MS.length; index += 1) {
    counters.latencyBuckets[index] = (counters.latencyBuckets[index] ?? 0) + 1;
  }
  counters.latencySumMs += latencyMs;
  counters.latencyCount += 1;
}

const STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

export function renderMetrics(snapshot: MetricsSnapshot): string {
  const lines: string[] = [
    '# HELP gateway_upstream_calls_total Upstream calls through the pipeline, by outcome.',
    '# TYPE gateway_upstream_calls_total counter',
  ];
  for (const [upstream, counters] of Object.entries(snapshot.calls)) {
    for (const [outcome, count] of counters.byOutcome) lines.push(`gateway_upstream_calls_total{upstream="${upstream}",outcome="${outcome}"} ${count}`);
  }
  lines.push('# HELP gateway_upstream_call_duration_ms Time callers waited for an upstream answer, in ms.', '# TYPE gateway_upstream_call_duration_ms histogram');
  for (const [upstream, counters] of Object.entries(snapshot.calls)) {
    LATENCY_BUCKETS_MS.forEach((limit, index) => lines.push(`gateway_upstream_call_duration_ms_bucket{upstream="${upstream}",le="${limit}"} ${counters.latencyBuckets[index] ?? 0}`));
    lines.push(
      `gateway_upstream_call_duration_ms_bucket{upstream="${upstream}",le="+Inf"} ${counters.latencyCount}`,
      `gateway_upstream_call_duration_ms_sum{upstream="${upstream}"} ${counters.latencySumMs}`,
      `gateway_upstream_call_duration_ms_count{upstream="${upstream}"} ${counters.latencyCount}`,
    );
  }
  lines.push('# HELP gateway_breaker_state Circuit breaker state: 0 closed, 1 half-open, 2 open.', '# TYPE gateway_breaker_state gauge');
  for (const breaker of snapshot.breakers) lines.push(`gateway_breaker_state{upstream="${breaker.upstream}",group="${breaker.group}"} ${STATE_VALUE[breaker.state]}`);
  lines.push('# HELP gateway_cache_entries Entries in the lookup cache.', '# TYPE gateway_cache_entries gauge');
  for (const cache of snapshot.caches) lines.push(`gateway_cache_entries{upstream="${cache.upstream}",operation="${cache.operation}"} ${cache.entries}`);
  lines.push('# HELP gateway_cache_bytes Approximate bytes held by the lookup cache.', '# TYPE gateway_cache_bytes gauge');
  for (const cache of snapshot.caches) lines.push(`gateway_cache_bytes{upstream="${cache.upstream}",operation="${cache.operation}"} ${cache.bytes}`);
  lines.push('# HELP gateway_cache_lookups_total Cache lookups by result.', '# TYPE gateway_cache_lookups_total counter');
  for (const cache of snapshot.caches) {
    for (const [result, count] of [['hit', cache.hits], ['miss', cache.misses], ['stale', cache.staleServed]] as const) {
      lines.push(`gateway_cache_lookups_total{upstream="${cache.upstream}",operation="${cache.operation}",result="${result}"} ${count}`);
    }
  }
  lines.push('# HELP gateway_bulkhead_in_flight Calls in flight to the upstream.', '# TYPE gateway_bulkhead_in_flight gauge');
  for (const bulkhead of snapshot.bulkheads) lines.push(`gateway_bulkhead_in_flight{upstream="${bulkhead.upstream}"} ${bulkhead.inFlight}`);
  lines.push('# HELP gateway_bulkhead_rejected_total Calls shed by the bulkhead.', '# TYPE gateway_bulkhead_rejected_total counter');
  for (const bulkhead of snapshot.bulkheads) lines.push(`gateway_bulkhead_rejected_total{upstream="${bulkhead.upstream}"} ${bulkhead.rejected}`);
  if (snapshot.abandoned) {
    lines.push(
      "# HELP gateway_upstream_calls_abandoned_total Calls whose caller's own deadline or hang-up came before the answer; not upstream errors.",
      '# TYPE gateway_upstream_calls_abandoned_total counter',
    );
    for (const [upstream, count] of Object.entries(snapshot.abandoned)) lines.push(`gateway_upstream_calls_abandoned_total{upstream="${upstream}"} ${count}`);
  }
  return `${lines.join('\n')}\n`;
}
