// A fixed-size logarithmic latency histogram: O(1) to record, bounded memory, percentiles within ~5 %.

/** Bucket i holds latencies up to GROWTH^i ms; 0..MAX_BUCKET covers 1 ms to about 2.4 hours. */
const GROWTH = 1.1;
const LOG_GROWTH = Math.log(GROWTH);
const MAX_BUCKET = 120;

export interface LatencyHistogram {
  counts: Float64Array;
  total: number;
}

export function createHistogram(): LatencyHistogram {
  return { counts: new Float64Array(MAX_BUCKET + 1), total: 0 };
}

export function bucketOf(latencyMs: number): number {
  if (!(latencyMs > 1)) return 0;
  return Math.min(MAX_BUCKET, Math.ceil(Math.log(latencyMs) / LOG_GROWTH));
}

/** Upper bound of a bucket, ms (rounded to 0.1 ms). */
export function upperBoundMs(bucket: number): number {
  return Math.round(GROWTH ** bucket * 10) / 10;
}

export function recordLatency(histogram: LatencyHistogram, latencyMs: number): void {
  histogram.counts[bucketOf(latencyMs)]! += 1;
  histogram.total += 1;
}

/** Adds `from` into `into`. */
export function mergeHistogram(into: LatencyHistogram, from: LatencyHistogram): void {
  for (let i = 0; i <= MAX_BUCKET; i++) into.counts[i]! += from.counts[i]!;
  into.total += from.total;
}

export function resetHistogram(histogram: LatencyHistogram): void {
  histogram.counts.fill(0);
  histogram.total = 0;
}

/** The `q`-quantile (0..1) as a bucket's upper bound in ms; null when empty. */
export function percentileMs(histogram: LatencyHistogram, q: number): number | null {
  if (histogram.total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * histogram.total));
  let seen = 0;
  for (let i = 0; i <= MAX_BUCKET; i++) {
    seen += histogram.counts[i]!;
    if (seen >= rank) return upperBoundMs(i);
  }
  return upperBoundMs(MAX_BUCKET);
}
