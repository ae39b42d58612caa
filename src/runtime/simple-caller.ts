// TEMPORARY: deadline-only caller until the resilience pipeline lands.
import { TimeoutError, type UpstreamName } from '../domain/errors.ts';
import type { UpstreamCaller } from '../gateway/services.ts';

export function createSimpleCaller(upstream: UpstreamName, deadlineMs: (operation: string) => number): UpstreamCaller {
  return {
    deadlineMs,
    async execute(call, operation) {
      const timeout = AbortSignal.timeout(Math.max(1, call.deadlineAt - Date.now()));
      const signal = AbortSignal.any([call.signal, timeout]);
      try {
        const value = await operation({ signal });
        const fetchedAt = Date.now();
        return { value, outcome: { freshness: 'fresh', fetchedAt, ageSeconds: 0, cacheStatus: 'gateway; fwd=uri-miss', retries: 0, sharedFlight: false } };
      } catch (error) {
        if (timeout.aborted) throw new TimeoutError('deadline passed', { upstream, cause: error });
        throw error;
      }
    },
  };
}
