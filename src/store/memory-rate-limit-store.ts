// The rate-limit store of a single instance: each key's token bucket in a map (src/resilience/rate-limit-bucket.ts).
// Several instances behind one load balancer each count on their own; a shared store fits the same shape.
import { takeToken, type Bucket, type RateLimitStore } from '../resilience/rate-limit-bucket.ts';

/** `now`: an integer clock in ms (the bucket's arithmetic is exact on integers). */
export function createMemoryRateLimitStore(now: () => number = Date.now): RateLimitStore {
  // One entry per API key that has called (keys are configured or issued, so the map stays small).
  const buckets = new Map<string, Bucket>();
  return {
    consume(key, policy) {
      const taken = takeToken(buckets.get(key), policy, Math.round(now()));
      buckets.set(key, taken.bucket);
      return taken.decision;
    },
  };
}
