// One breaker group: an opossum CircuitBreaker plus the bookkeeping opossum lacks (growing open time,
// fast rejection with CircuitOpenError, reject counts, typed events).

import CircuitBreaker from 'opossum';
import { CircuitOpenError } from '../domain/errors.ts';
import { countsAsBreakerFailure, nextResetTimeoutMs, retryAfterSeconds } from './breaker-strategy.ts';
import type { BreakerState, ResilienceListener } from './events.ts';
import { createRollingCounter } from './rolling-counter.ts';
import type { CallContext, Handler } from './types.ts';

/** Fully resolved breaker settings (defaults live in breaker.ts). */
export interface BreakerSettings {
  errorThresholdPercentage: number;
  volumeThreshold: number;
  rollingWindowMs: number;
  resetTimeoutMs: number;
  maxResetTimeoutMs: number;
}

export interface BreakerSnapshot {
  state: BreakerState;
  /** Upstream failures in the rolling window. */
  failures: number;
  /** Successes in the window, final errors (not-found, …) included. */
  successes: number;
  /** Calls rejected without reaching the upstream in the window. */
  rejects: number;
  /** Start of the current open episode, epoch ms; null when closed. */
  openedAt: number | null;
  /** When the next half-open trial is allowed, epoch ms; null unless open. */
  nextAttemptAt: number | null;
  /** Length of the current (or next) open period, ms. */
  currentResetTimeoutMs: number;
}

export interface BreakerGroup {
  execute<T>(next: Handler<T>, ctx: CallContext): Promise<T>;
  snapshot(): BreakerSnapshot;
  forceOpen(): void;
  dispose(): void;
}

type Action = (handler: Handler<unknown>, ctx: CallContext) => Promise<unknown>;
const run: Action = (handler, ctx) => handler(ctx);
/** Fields of opossum we adjust that @types/opossum does not declare (see lib/circuit.js and lib/status.js). */
type OpossumInternals = { options: { resetTimeout: number }; status: { rotateBucket?: () => void } };

export function createBreakerGroup(
  group: string,
  settings: BreakerSettings,
  now: () => number,
  emit: ResilienceListener,
): BreakerGroup {
  const buckets = 10;
  const breaker = new CircuitBreaker<Parameters<Action>, unknown>(run, {
    name: group,
    timeout: false, // the timeout policy owns deadlines and aborts the real request
    errorThresholdPercentage: settings.errorThresholdPercentage,
    volumeThreshold: settings.volumeThreshold,
    rollingCountTimeout: settings.rollingWindowMs,
    rollingCountBuckets: buckets,
    resetTimeout: settings.resetTimeoutMs,
    errorFilter: (error: unknown) => !countsAsBreakerFailure(error),
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
  });
  const internals = breaker as unknown as OpossumInternals;
  const rejects = createRollingCounter(settings.rollingWindowMs, buckets);
  let state: BreakerState = 'closed';
  let openedAt: number | null = null;
  let nextAttemptAt: number | null = null;
  let currentResetTimeoutMs = settings.resetTimeoutMs;

  const transition = (to: BreakerState) => {
    state = to;
    emit({ type: 'breaker-state', group, state: to, at: now() });
  };
  // Prepended so it runs before opossum's own 'open' listener, which starts the half-open timer from
  // `options.resetTimeout`: setting it here makes that open period last `currentResetTimeoutMs`.
  breaker.prependListener('open', () => {
    currentResetTimeoutMs = nextResetTimeoutMs(currentResetTimeoutMs, state === 'half-open', settings);
    internals.options.resetTimeout = currentResetTimeoutMs;
    const at = now();
    if (state === 'closed') openedAt = at;
    nextAttemptAt = at + currentResetTimeoutMs;
    transition('open');
  });
  breaker.on('halfOpen', () => {
    nextAttemptAt = null;
    transition('half-open');
  });
  breaker.on('close', () => {
    openedAt = null;
    nextAttemptAt = null;
    currentResetTimeoutMs = settings.resetTimeoutMs;
    // opossum keeps the window across a close, so the outage's failures would re-trip the breaker on the
    // first new failure; forget them, as a fresh closed period should.
    for (let i = 0; i < buckets; i++) internals.status.rotateBucket?.();
    transition('closed');
  });

  const rejection = () => {
    const at = now();
    rejects.add(at);
    return new CircuitOpenError(`Circuit ${group} is ${state}`, {
      retryAfterSeconds: retryAfterSeconds(nextAttemptAt, at),
      context: { group, state },
    });
  };

  return {
    async execute<T>(next: Handler<T>, ctx: CallContext): Promise<T> {
      // Refuse here rather than inside fire(): opossum counts its own rejections as fires, which would dilute
      // the error rate after a long open period. In half-open, `pendingClose` admits exactly one trial.
      if (!breaker.closed && !breaker.pendingClose) throw rejection();
      try {
        return (await breaker.fire(next as Handler<unknown>, ctx)) as T;
      } catch (error) {
        if (error instanceof Error && CircuitBreaker.isOurError(error)) throw rejection();
        throw error;
      }
    },
    snapshot() {
      const stats = breaker.stats;
      return {
        state,
        failures: stats.failures,
        successes: stats.successes,
        rejects: rejects.total(now()),
        openedAt,
        nextAttemptAt,
        currentResetTimeoutMs,
      };
    },
    forceOpen() {
      breaker.open();
    },
    dispose() {
      breaker.shutdown();
    },
  };
}
