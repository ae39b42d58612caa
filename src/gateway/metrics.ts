// The gateway's own call figures, aggregated in plain numbers on the hot path (every call, cache hits included)
// and read by the runtime's Prometheus exporter at scrape time. Pure and runtime-neutral.

/**
 * Upper bounds of the call-latency histogram, in seconds (Prometheus base unit). The low end separates cache
 * hits from upstream round trips; the high end reaches past the default 3 s deadline.
 */
export const LATENCY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export interface UpstreamCallCounters {
  /** Calls by outcome: `ok`, `stale`, `cached`, or an error code. */
  byOutcome: Map<string, number>;
  /** Calls per bucket of LATENCY_BUCKETS_SECONDS, then one past the last bound; not cumulative (see cumulativeBuckets). */
  latencyBuckets: number[];
  latencySumSeconds: number;
  latencyCount: number;
}

export function emptyCounters(): UpstreamCallCounters {
  return { byOutcome: new Map(), latencyBuckets: new Array<number>(LATENCY_BUCKETS_SECONDS.length + 1).fill(0), latencySumSeconds: 0, latencyCount: 0 };
}

/** Adds one finished call (its latency in ms, as the pipeline measures it) to the counters. */
export function countCall(counters: UpstreamCallCounters, outcome: string, latencyMs: number): void {
  counters.byOutcome.set(outcome, (counters.byOutcome.get(outcome) ?? 0) + 1);
  const seconds = latencyMs / 1_000;
  let bucket = 0;
  while (bucket < LATENCY_BUCKETS_SECONDS.length && seconds > LATENCY_BUCKETS_SECONDS[bucket]!) bucket += 1;
  counters.latencyBuckets[bucket] = (counters.latencyBuckets[bucket] ?? 0) + 1;
  counters.latencySumSeconds += seconds;
  counters.latencyCount += 1;
}

/** Cumulative counts per bound (Prometheus `le`), the last one being `+Inf`. */
export function cumulativeBuckets(counters: UpstreamCallCounters): number[] {
  let total = 0;
  return counters.latencyBuckets.map((count) => (total += count));
}
