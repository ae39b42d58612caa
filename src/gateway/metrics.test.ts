import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKETS_SECONDS, countCall, cumulativeBuckets, emptyCounters } from './metrics.ts';

describe('upstream call figures', () => {
  it('counts calls by outcome and latency in buckets bounded in seconds', () => {
    const counters = emptyCounters();
    countCall(counters, 'ok', 3);
    countCall(counters, 'ok', 40);
    countCall(counters, 'transient', 9_000);
    expect(counters.byOutcome).toEqual(new Map([['ok', 2], ['transient', 1]]));
    const cumulative = cumulativeBuckets(counters);
    const at = (bound: number) => cumulative[LATENCY_BUCKETS_SECONDS.indexOf(bound as (typeof LATENCY_BUCKETS_SECONDS)[number])];
    expect(at(0.005)).toBe(1);
    expect(at(0.05)).toBe(2);
    expect(at(5)).toBe(2);
    expect(cumulative.at(-1)).toBe(3);
    expect(counters.latencySumSeconds).toBeCloseTo(9.043, 9);
    expect(counters.latencyCount).toBe(3);
  });

  it('puts a latency exactly on a bound into that bound’s bucket, as Prometheus’ `le` says', () => {
    const counters = emptyCounters();
    countCall(counters, 'ok', 100);
    expect(cumulativeBuckets(counters)[LATENCY_BUCKETS_SECONDS.indexOf(0.1)]).toBe(1);
    expect(cumulativeBuckets(counters)[LATENCY_BUCKETS_SECONDS.indexOf(0.05)]).toBe(0);
  });
});
