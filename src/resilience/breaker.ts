// Circuit-breaker policy: one opossum breaker per group, created lazily; only upstream failures count.
//
// Design: opossum owns the state machine (closed → open on error rate over the volume threshold → half-open
// after the reset timeout → one trial → closed or open again). We add, in breaker-group.ts: a fast refusal
// with CircuitOpenError that never calls `next`, the open time doubling on each re-open from half-open
// (by setting opossum's `options.resetTimeout` just before its timer starts), and typed events.
// Half-open admits exactly ONE trial call (opossum's `pendingClose` flag is consumed by the first fire);
// others are rejected while it runs, and ONE success closes the breaker. A `halfOpenMaxCalls` or
// `successThreshold` other than 1 would mean rewriting opossum's state machine, so they are not offered.

import { safeListener, type ResilienceListener } from './events.ts';
import { createBreakerGroup, type BreakerGroup, type BreakerSnapshot } from './breaker-group.ts';
import type { CallContext, Handler, Policy } from './types.ts';

export type { BreakerSnapshot } from './breaker-group.ts';

export interface BreakerPolicyOptions {
  /** Breaker group of an operation (e.g. the upstream it calls); one breaker per group. */
  groupOf: (operation: string) => string;
  /** Error rate (%) in the window above which the breaker opens. Default 50. */
  errorThresholdPercentage?: number;
  /** Calls needed in the window before the breaker may open. Default 10. */
  volumeThreshold?: number;
  /** Length of the rolling statistics window, ms (10 buckets). Default 10_000. */
  rollingWindowMs?: number;
  /** First open period before a half-open trial, ms. Default 5_000. */
  resetTimeoutMs?: number;
  /** Cap of the open period, which doubles on each re-open from half-open, ms. Default 60_000. */
  maxResetTimeoutMs?: number;
  /** Clock, epoch ms, for reported times. Default `Date.now`. (opossum's timers use setTimeout.) */
  now?: () => number;
  onEvent?: ResilienceListener;
}

export interface BreakerPolicy extends Policy {
  /** State and window counts per group that has seen a call. */
  snapshot(): Record<string, BreakerSnapshot>;
  /** Trips the group's breaker now; it half-opens after its reset timeout like any open breaker. */
  forceOpen(group: string): void;
  /** Forgets the group's breaker (closed, empty window, initial reset timeout). */
  reset(group: string): void;
  /** Stops all breakers' timers. */
  dispose(): void;
}

export function createBreakerPolicy(options: BreakerPolicyOptions): BreakerPolicy {
  const now = options.now ?? Date.now;
  const emit = safeListener(options.onEvent);
  const settings = {
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    volumeThreshold: options.volumeThreshold ?? 10,
    rollingWindowMs: options.rollingWindowMs ?? 10_000,
    resetTimeoutMs: options.resetTimeoutMs ?? 5_000,
    maxResetTimeoutMs: options.maxResetTimeoutMs ?? 60_000,
  };
  const groups = new Map<string, BreakerGroup>();
  const groupNamed = (group: string) => {
    let breaker = groups.get(group);
    if (!breaker) {
      breaker = createBreakerGroup(group, settings, now, emit);
      groups.set(group, breaker);
    }
    return breaker;
  };

  function breaker<T>(next: Handler<T>): Handler<T> {
    return function withBreaker(ctx: CallContext): Promise<T> {
      return groupNamed(options.groupOf(ctx.operation)).execute(next, ctx);
    };
  }
  return Object.assign(breaker, {
    snapshot: () => Object.fromEntries([...groups].map(([group, g]) => [group, g.snapshot()])),
    forceOpen: (group: string) => groupNamed(group).forceOpen(),
    reset(group: string) {
      const existing = groups.get(group);
      if (!existing) return;
      const wasClosed = existing.snapshot().state === 'closed';
      existing.dispose();
      groups.delete(group);
      if (!wasClosed) emit({ type: 'breaker-state', group, state: 'closed', at: now() });
    },
    dispose() {
      for (const g of groups.values()) g.dispose();
      groups.clear();
    },
  });
}
