// The rate-limit store of a single instance: rate-limiter-flexible's memory limiter, one per distinct policy.
// Several instances behind one load balancer would each count on their own; they need its PostgreSQL limiter
// (RateLimiterPostgres) behind the same RateLimitStore shape.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitDecision, RateLimitPolicy, RateLimitStore } from '../gateway/rate-limit.ts';

export function createMemoryRateLimitStore(): RateLimitStore {
  // A handful of policies (the default, the demo key's, a few clients' own): one limiter each, made on first use.
  const limiters = new Map<string, RateLimiterMemory>();
  const limiterFor = (policy: RateLimitPolicy): RateLimiterMemory => {
    const name = `${policy.quota}/${policy.windowSeconds}`;
    let limiter = limiters.get(name);
    if (!limiter) {
      limiter = new RateLimiterMemory({ keyPrefix: name, points: policy.quota, duration: policy.windowSeconds });
      limiters.set(name, limiter);
    }
    return limiter;
  };
  return {
    consume(key, policy) {
      // The library rejects with its result when the quota is spent; anything else it rejects with is a fault.
      return limiterFor(policy).consume(key).then(allowed, refused);
    },
  };
}

function allowed(result: RateLimiterRes): RateLimitDecision {
  return { allowed: true, remaining: result.remainingPoints, resetMs: result.msBeforeNext };
}

function refused(result: unknown): RateLimitDecision {
  if (!(result instanceof RateLimiterRes)) throw result;
  return { allowed: false, remaining: 0, resetMs: result.msBeforeNext };
}
