// Retry policy: retries only retryable gateway errors, with full-jitter backoff, bounded by attempts,
// a retry budget, the caller's deadline at the upstream's recent latency, and the caller's signal.

import { isGatewayError } from '../domain/errors.ts';
import { retryDelayMs } from './backoff.ts';
import { safeListener, type ResilienceListener } from './events.ts';
import { createLatencyEstimate, type LatencyEstimate } from './latency-estimate.ts';
import { createRetryBudget, type RetryBudget, type RetryBudgetSnapshot } from './retry-budget.ts';
import { sleep as realSleep, type Sleep } from './sleep.ts';
import type { CallContext, Handler, Policy } from './types.ts';

export interface RetryPolicyOptions {
  /** Total tries including the first. Default 3. */
  maxAttempts?: number;
  /** Backoff ceiling of the first retry, ms; doubles per attempt. Default 100. */
  baseDelayMs?: number;
  /** Upper bound of the backoff ceiling, ms. Default 1000. */
  maxDelayMs?: number;
  /** Longest `Retry-After` honoured, ms; an error asking for more is not retried. Default 2000. */
  retryAfterCapMs?: number;
  /** Shared budget of retries. Default: a fresh `createRetryBudget({ now })` (ratio 0.2, 10 s window, min 3). */
  budget?: RetryBudget;
  /** Recent latency per operation, fed by this policy's successful attempts. Default: a fresh EWMA (weight 0.3). */
  latency?: LatencyEstimate;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Abortable wait. Default: setTimeout-based `sleep`. */
  sleep?: Sleep;
  /** Uniform [0, 1). Default `Math.random`. */
  random?: () => number;
  onEvent?: ResilienceListener;
}

/** The retry policy; `snapshot()` reports its budget, `latencyMs()` its latency estimates. */
export interface RetryPolicy extends Policy {
  snapshot(): RetryBudgetSnapshot;
  /** Recent latency per operation, ms. */
  latencyMs(): Record<string, number>;
}

/**
 * Retries errors with `retryable === true` (transient, timeout). Anything else, including errors that are not
 * `GatewayError`s, is rethrown at once. A call that must run at most once (`ctx.sentCallDeadlineAt` set, e.g. a
 * verification) is retried only after an error that proves the upstream did not perform it (`notPerformed`): after
 * a timeout or a cut-off answer its outcome is unknown, and the same request sent again may be performed twice.
 * Before each retry it checks, in order: attempts left, the wait (backoff / Retry-After) plus the operation's
 * recent latency ending by `ctx.deadlineAt` (an attempt that cannot finish in time only adds load, and for an
 * at-most-once call leaves an outcome nobody waits for), and the budget. When any fails, or the caller aborts
 * during the wait, the last error is rethrown. Sets `ctx.attempt` and `ctx.outcome.retries`.
 */
export function createRetryPolicy(options: RetryPolicyOptions = {}): RetryPolicy {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const budget = options.budget ?? createRetryBudget({ now });
  const latency = options.latency ?? createLatencyEstimate();
  const emit = safeListener(options.onEvent);
  const delays = {
    baseDelayMs: options.baseDelayMs ?? 100,
    maxDelayMs: options.maxDelayMs ?? 1000,
    retryAfterCapMs: options.retryAfterCapMs ?? 2000,
  };

  function retry<T>(next: Handler<T>): Handler<T> {
    return async function withRetry(ctx: CallContext): Promise<T> {
      budget.recordCall();
      for (let attempt = 0; ; attempt++) {
        ctx.attempt = attempt;
        const startedAt = now();
        try {
          const value = await next(ctx);
          latency.record(ctx.operation, now() - startedAt);
          return value;
        } catch (error) {
          if (!isGatewayError(error) || !error.retryable || attempt + 1 >= maxAttempts) throw error;
          if (ctx.sentCallDeadlineAt !== undefined && !error.notPerformed) throw error;
          if (ctx.signal.aborted) throw error;
          const delayMs = retryDelayMs(attempt, error.retryAfterSeconds, delays, random);
          if (delayMs === undefined || now() + delayMs + latency.estimateMs(ctx.operation) >= ctx.deadlineAt) throw error;
          if (!budget.tryAcquireRetry()) {
            emit({ type: 'retry-budget-exhausted', operation: ctx.operation, at: now() });
            throw error;
          }
          emit({ type: 'retry', operation: ctx.operation, attempt: attempt + 1, delayMs, errorCode: error.code, at: now() });
          try {
            await sleep(delayMs, ctx.signal);
          } catch {
            throw error; // the caller left during the wait; the upstream's error says more than the abort
          }
          ctx.outcome.retries = attempt + 1;
        }
      }
    };
  }
  return Object.assign(retry, { snapshot: () => budget.snapshot(), latencyMs: () => latency.snapshot() });
}
