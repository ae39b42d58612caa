// The typed events the policies emit. No event carries a cache key or any other personal data.

/** State of one breaker group. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Every event of the resilience layer; `at` is epoch ms on the injected clock. */
export type ResilienceEvent =
  | { type: 'breaker-state'; group: string; state: BreakerState; at: number }
  | { type: 'retry'; operation: string; attempt: number; delayMs: number; errorCode: string; at: number }
  | { type: 'retry-budget-exhausted'; operation: string; at: number }
  | { type: 'bulkhead-rejected'; name: string; reason: 'queue-full' | 'queue-timeout'; at: number }
  | { type: 'cache'; operation: string; result: 'hit' | 'miss' | 'stale-served'; at: number };

/** Receives events; must not throw (a throwing listener is ignored, the call goes on). */
export type ResilienceListener = (event: ResilienceEvent) => void;

/** Wraps an optional listener so that a missing or throwing listener never breaks a call. */
export function safeListener(listener: ResilienceListener | undefined): ResilienceListener {
  if (!listener) return function ignore() {};
  return function emit(event) {
    try {
      listener(event);
    } catch {
      // An observer's bug must not fail an upstream call.
    }
  };
}
