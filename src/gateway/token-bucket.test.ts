import { describe, expect, it } from 'vitest';
import { takeToken } from './token-bucket.ts';

const POLICY = { requestsPerSecond: 10, burst: 5 };

/** Takes tokens at the given times (ms), bucket starting full; the allowed flags. */
function take(times: number[]): boolean[] {
  let fullAt = 0;
  return times.map((now) => {
    const taken = takeToken(fullAt, POLICY, now);
    fullAt = taken.fullAt;
    return taken.decision.allowed;
  });
}

describe('token bucket', () => {
  it('admits a burst at once, then one request per refill interval', () => {
    expect(take([1000, 1000, 1000, 1000, 1000, 1000])).toEqual([true, true, true, true, true, false]);
    expect(take([1000, 1000, 1000, 1000, 1000, 1099, 1100, 1100])).toEqual([true, true, true, true, true, false, true, false]);
  });

  it('never admits more than the burst plus what the rate refilled, over any stretch', () => {
    const times = Array.from({ length: 2000 }, (_, index) => 1000 + Math.floor(index * 1.7));
    const allowed = take(times);
    const admittedAt = times.filter((_, index) => allowed[index]);
    for (const start of admittedAt) {
      const inSecond = admittedAt.filter((at) => at >= start && at < start + 1000).length;
      expect(inSecond).toBeLessThanOrEqual(POLICY.burst + POLICY.requestsPerSecond);
    }
  });

  it('says how many are left, when the next one is admitted and when the bucket is full again', () => {
    expect(takeToken(0, POLICY, 1000).decision).toEqual({ allowed: true, remaining: 4, retryAfterMs: 0, fullInMs: 100 });
    const empty = 1000 + 500;
    expect(takeToken(empty, POLICY, 1000).decision).toEqual({ allowed: false, remaining: 0, retryAfterMs: 100, fullInMs: 500 });
    expect(takeToken(empty, POLICY, 1000).fullAt).toBe(empty);
  });
});
