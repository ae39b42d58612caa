// A token bucket per API key, kept as one number (GCRA, the "generic cell rate algorithm"): the time at which the
// bucket would be full again. A key may spend `burst` requests at once and then `requestsPerSecond` on average; a
// key that paces itself at its rate is never refused, and no window boundary lets two bursts through back to back.
import type { RateLimitDecision, RateLimitPolicy } from './rate-limit.ts';

/**
 * Spends one token of a bucket that is full again at `fullAt` (epoch ms; 0 or a past time: full now). Returns the
 * decision and the bucket's new `fullAt`, unchanged when refused.
 */
export function takeToken(fullAt: number, policy: RateLimitPolicy, now: number): { decision: RateLimitDecision; fullAt: number } {
  const interval = 1000 / policy.requestsPerSecond;
  const capacity = policy.burst * interval;
  const next = Math.max(fullAt, now) + interval;
  const waitMs = next - now - capacity;
  if (waitMs > 0) return { decision: { allowed: false, remaining: 0, retryAfterMs: waitMs, fullInMs: fullAt - now }, fullAt };
  return { decision: { allowed: true, remaining: Math.floor((capacity - (next - now)) / interval + 1e-9), retryAfterMs: 0, fullInMs: next - now }, fullAt: next };
}
