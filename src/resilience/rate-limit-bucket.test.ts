import { describe, expect, it } from 'vitest';
import { takeToken, type Bucket, type RateLimitPolicy } from './rate-limit-bucket.ts';

const POLICY = { requestsPerSecond: 10, burst: 5 };
/** A real clock of 2026: float milliseconds of this size round, which once cost a burst its last request. */
const T0 = Date.parse('2026-12-05T08:00:00Z');

/** Takes tokens at the given offsets from T0 (ms), bucket starting full; the decisions. */
function take(offsets: number[], policy: RateLimitPolicy = POLICY) {
  let bucket: Bucket | undefined;
  return offsets.map((offset) => {
    const taken = takeToken(bucket, policy, T0 + offset);
    bucket = taken.bucket;
    return taken.decision;
  });
}

describe('token bucket', () => {
  it('admits a burst at once, then one request per refill interval', () => {
    expect(take([0, 0, 0, 0, 0, 0]).map((decision) => decision.allowed)).toEqual([true, true, true, true, true, false]);
    expect(take([0, 0, 0, 0, 0, 99, 100, 100]).map((decision) => decision.allowed)).toEqual([true, true, true, true, true, false, true, false]);
  });

  it('admits the whole burst and says exactly what is left, at every rate up to a hundred a second', () => {
    for (let rate = 1; rate <= 100; rate += 1) {
      for (const burst of [rate, 3 * rate]) {
        const decisions = take(Array(burst + 1).fill(0), { requestsPerSecond: rate, burst });
        expect(decisions.map((decision) => decision.remaining)).toEqual([...Array.from({ length: burst }, (_, index) => burst - 1 - index), 0]);
        expect(decisions.at(-1)!.allowed).toBe(false);
      }
    }
  });

  it('never refuses a key that paces itself at its rate, whatever the rate', () => {
    for (const rate of [3, 7, 11, 20, 999]) {
      const offsets = Array.from({ length: 200 }, (_, index) => Math.ceil((index * 1000) / rate));
      expect(take(offsets, { requestsPerSecond: rate, burst: rate }).every((decision) => decision.allowed)).toBe(true);
    }
  });

  it('never admits more than the burst plus what the rate refilled, over any stretch', () => {
    const offsets = Array.from({ length: 2000 }, (_, index) => Math.floor(index * 1.7));
    const decisions = take(offsets);
    const admittedAt = offsets.filter((_, index) => decisions[index]!.allowed);
    for (const start of admittedAt) {
      const inSecond = admittedAt.filter((at) => at >= start && at < start + 1000).length;
      expect(inSecond).toBeLessThanOrEqual(POLICY.burst + POLICY.requestsPerSecond);
    }
  });

  it('says how many are left, when the next one is admitted and when the bucket is full again', () => {
    const [first] = take([0]);
    expect(first).toEqual({ allowed: true, remaining: 4, retryAfterMs: 0, fullInMs: 100 });
    const burst = take([0, 0, 0, 0, 0, 30]);
    // The last of the burst: none left, the next in 100 ms (not the whole burst's 500).
    expect(burst[4]).toEqual({ allowed: true, remaining: 0, retryAfterMs: 100, fullInMs: 500 });
    expect(burst[5]).toEqual({ allowed: false, remaining: 0, retryAfterMs: 70, fullInMs: 470 });
  });

  it('carries a bucket over to a changed policy as the time it has left to refill', () => {
    // 100 ms of 400 spent at 10/s; at 20/s the bucket holds 200 ms, so this request leaves 50 ms: one more.
    const before = takeToken(undefined, { requestsPerSecond: 10, burst: 4 }, T0);
    const after = takeToken(before.bucket, { requestsPerSecond: 20, burst: 4 }, T0);
    expect(after.decision).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0, fullInMs: 150 });
  });
});
