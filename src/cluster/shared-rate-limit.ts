// The per-key rate limit of several instances: each key's token bucket lives in the cluster store (PostgreSQL), one
// atomic take per request, so a key gets its allowance once for the province, not once per instance. It costs a
// database round trip per /v1 request, which a single instance (the memory store) does not pay.
import type { RateLimitStore } from '../resilience/rate-limit-bucket.ts';
import type { ClusterStore } from './store.ts';

export interface SharedRateLimitOptions {
  store: Pick<ClusterStore, 'takeTokens'>;
  /** A take the store could not answer; the request is let through (a limiter must not stop the province). */
  onError: (error: unknown) => void;
}

export function createSharedRateLimitStore(options: SharedRateLimitOptions): RateLimitStore {
  const { store } = options;
  return {
    async consume(key, policy) {
      const rate = policy.requestsPerSecond;
      try {
        const { taken, left } = await store.takeTokens(`rate:${key}`, 1, rate, policy.burst);
        const remaining = Math.floor(left + 1e-9);
        // With none left (taken or not), the next request waits for the next token, as in the memory store.
        const retryAfterMs = remaining > 0 ? 0 : ((1 - left) * 1000) / rate;
        return { allowed: taken === 1, remaining, retryAfterMs, fullInMs: ((policy.burst - left) * 1000) / rate };
      } catch (error) {
        options.onError(error);
        return { allowed: true, remaining: 0, retryAfterMs: 0, fullInMs: 0 };
      }
    },
  };
}
