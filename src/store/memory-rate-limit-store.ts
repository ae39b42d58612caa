// The rate-limit store of a single instance: each key's token bucket in a map (src/gateway/token-bucket.ts).
// Several instances behind one load balancer each count on their own; a shared store fits the same shape.
import type { RateLimitStore } from '../gateway/rate-limit.ts';
import { takeToken } from '../gateway/token-bucket.ts';

export function createMemoryRateLimitStore(now: () => number = Date.now): RateLimitStore {
  // One entry per API key that has called (keys are configured or issued, so the map stays small).
  const fullAt = new Map<string, number>();
  return {
    consume(key, policy) {
      const taken = takeToken(fullAt.get(key) ?? 0, policy, now());
      fullAt.set(key, taken.fullAt);
      return taken.decision;
    },
  };
}
