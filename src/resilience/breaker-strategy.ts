// Pure decisions of the circuit breaker that opossum does not make for us: what counts as a failure,
// how long each open period lasts, and what Retry-After a rejected caller gets.

import { isUpstreamFailure } from '../domain/errors.ts';

/**
 * True when an error says the upstream is unwell (transient, timeout, or anything not classified). Final answers
 * (not-found, invalid-input, not-provisioned, unauthorized), our own refusals (circuit-open, overloaded) and the
 * caller's own doing (client-deadline, AbortError) do not count; opossum records them as successes. That is why a
 * caller's deadline or hang-up never reaches the breaker at all: single-flight lets the shared call run on to the
 * upstream's own deadline (see single-flight.ts), so no success is invented either.
 */
export function countsAsBreakerFailure(error: unknown): boolean {
  return isUpstreamFailure(error);
}

export interface ResetTimeoutOptions {
  /** Open time after a trip from closed, ms. */
  resetTimeoutMs: number;
  /** Cap of the grown open time, ms. */
  maxResetTimeoutMs: number;
}

/**
 * Length of the open period that is starting, ms: the initial `resetTimeoutMs` when the breaker trips from
 * closed, and twice the previous period (capped) when a half-open trial failed and it re-opens.
 */
export function nextResetTimeoutMs(
  previousMs: number,
  reopenedFromHalfOpen: boolean,
  options: ResetTimeoutOptions,
): number {
  if (!reopenedFromHalfOpen) return options.resetTimeoutMs;
  return Math.min(previousMs * 2, options.maxResetTimeoutMs);
}

/** Whole seconds (at least 1) a rejected caller should wait before the next trial at `nextAttemptAt` (epoch ms). */
export function retryAfterSeconds(nextAttemptAt: number | null, nowMs: number): number {
  if (nextAttemptAt === null) return 1;
  return Math.max(1, Math.ceil((nextAttemptAt - nowMs) / 1000));
}
