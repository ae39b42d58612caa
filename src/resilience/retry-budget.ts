// Retry budget: caps retries at a fraction of recent calls so retries cannot multiply load on a failing upstream.

import { createRollingCounter } from './rolling-counter.ts';

export interface RetryBudgetOptions {
  /** Retries allowed per first attempt in the window. Default 0.2 (at most ~1.2× upstream load). */
  ratio?: number;
  /** Length of the rolling window, ms. Default 10_000. */
  windowMs?: number;
  /** Retries always allowed per window, so a quiet upstream can still retry. Default 3. */
  minRetriesPerWindow?: number;
  /** Buckets the window is split into. Default 10. */
  buckets?: number;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
}

export interface RetryBudgetSnapshot {
  /** First attempts in the window. */
  calls: number;
  /** Retries in the window. */
  retries: number;
  /** Retries the window allows now: `floor(ratio × calls + minRetriesPerWindow)`. */
  allowedRetries: number;
  /** Retries refused since start (cumulative). */
  refused: number;
}

export interface RetryBudget {
  /** Counts a first attempt. */
  recordCall(): void;
  /** Takes one retry from the budget; false (and nothing taken) when it is spent. */
  tryAcquireRetry(): boolean;
  snapshot(): RetryBudgetSnapshot;
}

/** A retry is allowed while `retries + 1 ≤ ratio × calls + minRetriesPerWindow` over the rolling window. */
export function createRetryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  const ratio = options.ratio ?? 0.2;
  const windowMs = options.windowMs ?? 10_000;
  const minRetries = options.minRetriesPerWindow ?? 3;
  const now = options.now ?? Date.now;
  const calls = createRollingCounter(windowMs, options.buckets);
  const retries = createRollingCounter(windowMs, options.buckets);
  let refused = 0;
  const allowed = (at: number) => ratio * calls.total(at) + minRetries;

  return {
    recordCall() {
      calls.add(now());
    },
    tryAcquireRetry() {
      const at = now();
      if (retries.total(at) + 1 > allowed(at)) {
        refused++;
        return false;
      }
      retries.add(at);
      return true;
    },
    snapshot() {
      const at = now();
      return { calls: calls.total(at), retries: retries.total(at), allowedRetries: Math.floor(allowed(at)), refused };
    },
  };
}
