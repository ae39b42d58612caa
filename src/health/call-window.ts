// A rolling window of one upstream's calls in time slices: counts by class and error code, latency histogram,
// cache hits and misses. Pure over the times passed in (no timers); memory is fixed by the slice count.
import { countsInErrorRate } from './classify.ts';
import { createHistogram, mergeHistogram, percentileMs, recordLatency, resetHistogram, type LatencyHistogram } from './latency-histogram.ts';
import type { CallClass } from './types.ts';

const CLASSES: readonly CallClass[] = ['success', 'not-provisioned', 'failure', 'stale', 'cached', 'rejected', 'login'];

interface Slice {
  /** Which slice of time this is (floor(at / sliceMs)); -Infinity when unused. */
  index: number;
  counts: Record<CallClass, number>;
  errorCodes: Map<string, number>;
  histogram: LatencyHistogram;
  cacheHits: number;
  cacheMisses: number;
}

/** Figures over a span of the window. Rates are 0..1, null when nothing was measured. */
export interface WindowStats {
  spanMs: number;
  /** Every call, whatever its class. */
  calls: number;
  /** Calls that reached (or tried to reach) the upstream: the error rate's denominator. */
  upstreamCalls: number;
  byClass: Record<CallClass, number>;
  /** Failed outright or served stale. */
  failures: number;
  errorRate: number | null;
  /** Error codes of failed, rejected and login-refused calls, plus `stale` for stale answers. */
  errorsByCode: Record<string, number>;
  latencyMs: { p50: number; p95: number; p99: number } | null;
  cacheHitRatio: number | null;
}

export interface CallWindow {
  /** Adds one call of `callClass` started at `at`; `latencyMs` counts only for calls that reached the upstream. */
  record(at: number, callClass: CallClass, latencyMs: number, errorCode: string | undefined): void;
  /** Counts one cache lookup (from the pipeline's cache events). */
  recordCache(at: number, hit: boolean): void;
  /** Figures over the last `spanMs` (at most the window) ending at `now`. */
  stats(now: number, spanMs: number): WindowStats;
}

export interface CallWindowOptions {
  /** Longest span kept, ms. */
  windowMs: number;
  /** Width of one slice, ms; spans are rounded to whole slices. */
  sliceMs: number;
}

const emptyCounts = (): Record<CallClass, number> =>
  ({ success: 0, 'not-provisioned': 0, failure: 0, stale: 0, cached: 0, rejected: 0, login: 0 });

export function createCallWindow(options: CallWindowOptions): CallWindow {
  const { sliceMs } = options;
  const sliceCount = Math.max(1, Math.ceil(options.windowMs / sliceMs));
  const slices: Slice[] = Array.from({ length: sliceCount }, () => ({
    index: Number.NEGATIVE_INFINITY, counts: emptyCounts(), errorCodes: new Map(), histogram: createHistogram(), cacheHits: 0, cacheMisses: 0,
  }));

  function sliceAt(at: number): Slice {
    const index = Math.floor(at / sliceMs);
    const slice = slices[((index % sliceCount) + sliceCount) % sliceCount]!;
    if (slice.index !== index) {
      slice.index = index;
      slice.counts = emptyCounts();
      slice.errorCodes.clear();
      resetHistogram(slice.histogram);
      slice.cacheHits = 0;
      slice.cacheMisses = 0;
    }
    return slice;
  }

  return {
    record(at, callClass, latencyMs, errorCode) {
      const slice = sliceAt(at);
      slice.counts[callClass] += 1;
      if (countsInErrorRate(callClass)) recordLatency(slice.histogram, latencyMs);
      const code = callClass === 'stale' ? 'stale' : errorCode;
      if (code !== undefined && callClass !== 'success' && callClass !== 'not-provisioned') {
        slice.errorCodes.set(code, (slice.errorCodes.get(code) ?? 0) + 1);
      }
    },
    recordCache(at, hit) {
      const slice = sliceAt(at);
      if (hit) slice.cacheHits += 1;
      else slice.cacheMisses += 1;
    },
    stats(now, spanMs) {
      const last = Math.floor(now / sliceMs);
      const wanted = Math.min(sliceCount, Math.max(1, Math.ceil(spanMs / sliceMs)));
      const byClass = emptyCounts();
      const errorsByCode: Record<string, number> = {};
      const histogram = createHistogram();
      let cacheHits = 0;
      let cacheMisses = 0;
      for (const slice of slices) {
        if (slice.index > last || slice.index <= last - wanted) continue;
        for (const callClass of CLASSES) byClass[callClass] += slice.counts[callClass];
        for (const [code, count] of slice.errorCodes) errorsByCode[code] = (errorsByCode[code] ?? 0) + count;
        mergeHistogram(histogram, slice.histogram);
        cacheHits += slice.cacheHits;
        cacheMisses += slice.cacheMisses;
      }
      const upstreamCalls = byClass.success + byClass['not-provisioned'] + byClass.failure + byClass.stale;
      const failures = byClass.failure + byClass.stale;
      const p50 = percentileMs(histogram, 0.5);
      return {
        spanMs: wanted * sliceMs,
        calls: CLASSES.reduce((sum, callClass) => sum + byClass[callClass], 0),
        upstreamCalls,
        byClass,
        failures,
        errorRate: upstreamCalls === 0 ? null : failures / upstreamCalls,
        errorsByCode,
        latencyMs: p50 === null ? null : { p50, p95: percentileMs(histogram, 0.95)!, p99: percentileMs(histogram, 0.99)! },
        cacheHitRatio: cacheHits + cacheMisses === 0 ? null : cacheHits / (cacheHits + cacheMisses),
      };
    },
  };
}
