// A token bucket per API key, kept as one number (GCRA, the "generic cell rate algorithm"): the time at which the
// bucket would be full again. A key may spend `burst` requests at once and then `requestsPerSecond` on average; a
// key that paces itself at its rate is never refused, and no window boundary lets two bursts through back to back.
//
// Time is counted in units of 1/requestsPerSecond ms, so one request's refill is exactly 1000 units and, with an
// integer clock in ms, every figure is an integer: exact below 2^53, i.e. up to about 5,000 requests a second at
// today's clock. In float milliseconds, 1000/7 added to 1.7e12 rounds, and a burst of 7 let only 6 through.
// The gateway's middleware (src/gateway/rate-limit.ts) asks a RateLimitStore, which counts with this.

/** A key's allowance: up to `burst` requests at once, and `requestsPerSecond` on average (a token bucket). */
export interface RateLimitPolicy {
  requestsPerSecond: number;
  burst: number;
}

/** What counting one request said. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Requests the key may still make at once (0 when refused). */
  remaining: number;
  /** Until the next request would be admitted, ms (0 while some are left). */
  retryAfterMs: number;
  /** Until the whole burst is back, ms. */
  fullInMs: number;
}

/**
 * Counts requests per key against a policy, atomically. The memory store serves one instance; a store shared by
 * several instances fits the same shape. A store that can decide at once may answer synchronously: the middleware
 * then adds no promise to the request.
 */
export interface RateLimitStore {
  consume(key: string, policy: RateLimitPolicy): RateLimitDecision | Promise<RateLimitDecision>;
}

const REFILL_UNITS = 1000;

/** A bucket: when it is full again, in units of 1/`requestsPerSecond` ms of the policy it was counted under. */
export interface Bucket {
  fullAt: number;
  requestsPerSecond: number;
}

/** Spends one token of `bucket` (absent: full) at `nowMs`; returns the decision and the bucket after it. */
export function takeToken(bucket: Bucket | undefined, policy: RateLimitPolicy, nowMs: number): { decision: RateLimitDecision; bucket: Bucket } {
  const rate = policy.requestsPerSecond;
  const now = nowMs * rate;
  // A policy changed since (configuration reloaded): the same moment in the new units.
  const fullAt = bucket === undefined ? 0 : bucket.requestsPerSecond === rate ? bucket.fullAt : Math.round((bucket.fullAt * rate) / bucket.requestsPerSecond);
  const capacity = policy.burst * REFILL_UNITS;
  const next = Math.max(fullAt, now) + REFILL_UNITS;
  const wait = next - now - capacity;
  if (wait > 0) {
    return { decision: { allowed: false, remaining: 0, retryAfterMs: wait / rate, fullInMs: (fullAt - now) / rate }, bucket: { fullAt, requestsPerSecond: rate } };
  }
  const remaining = Math.floor((capacity - (next - now)) / REFILL_UNITS);
  // With none left, the next request waits for the next refill, not for the whole burst.
  const retryAfterMs = remaining > 0 ? 0 : (wait + REFILL_UNITS) / rate;
  return { decision: { allowed: true, remaining, retryAfterMs, fullInMs: (next - now) / rate }, bucket: { fullAt: next, requestsPerSecond: rate } };
}
