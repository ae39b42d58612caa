// Bulkhead policy: at most `maxConcurrent` calls inside, a bounded queue with a short wait, then shed; fair between
// the clients it serves.

import { OverloadedError } from '../domain/errors.ts';
import { abortError } from './abort.ts';
import { safeListener, type ResilienceListener } from './events.ts';
import { createFairShare, type FairWaiter } from './fair-share.ts';
import type { CallContext, Handler, Policy } from './types.ts';

export interface BulkheadPolicyOptions {
  /** Names the compartment in events and snapshots (e.g. the upstream). Default 'default'. */
  name?: string;
  /** Calls allowed inside at once. */
  maxConcurrent: number;
  /** Calls allowed to wait for a slot; more are shed at once. */
  maxQueue: number;
  /** Longest wait in the queue, ms (never past `ctx.deadlineAt`). Default 250. */
  queueTimeoutMs?: number;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
  onEvent?: ResilienceListener;
}

export interface BulkheadSnapshot {
  name: string;
  inFlight: number;
  queued: number;
  /** Calls shed since start (queue full or queue wait over), cumulative. */
  rejected: number;
  maxObservedInFlight: number;
}

export interface BulkheadPolicy extends Policy {
  snapshot(): BulkheadSnapshot;
}

interface Waiter extends FairWaiter {
  grant(): void;
  shed(): void;
}

/**
 * Sheds with `OverloadedError` (retryAfterSeconds 1) when the queue is full or a queued call waited
 * `queueTimeoutMs` or until its deadline; a queued call whose signal aborts leaves the queue with the abort error.
 *
 * Fair between clients (`ctx.clientKey`): a freed slot goes straight to a waiter — the waiting client with the
 * fewest calls in flight, the longest-waiting first among equals — so newcomers cannot overtake the queue and,
 * while others wait, no client keeps more than its share of the slots. A client may fill a queue nobody else
 * needs, but a full queue makes room for a client below its share (maxQueue ÷ active clients) by shedding the
 * newest waiter of the client waiting most (see fair-share.ts). With one client this is a plain FIFO bulkhead.
 */
export function createBulkheadPolicy(options: BulkheadPolicyOptions): BulkheadPolicy {
  const name = options.name ?? 'default';
  const { maxConcurrent, maxQueue } = options;
  const queueTimeoutMs = options.queueTimeoutMs ?? 250;
  const now = options.now ?? Date.now;
  const emit = safeListener(options.onEvent);
  const fair = createFairShare<Waiter>(maxQueue);
  let inFlight = 0;
  let rejected = 0;
  let maxObservedInFlight = 0;
  let arrivals = 0;

  const enter = (key: string) => {
    inFlight++;
    fair.entered(key);
    if (inFlight > maxObservedInFlight) maxObservedInFlight = inFlight;
  };
  const shed = (reason: 'queue-full' | 'queue-timeout') => {
    rejected++;
    emit({ type: 'bulkhead-rejected', name, reason, at: now() });
    return new OverloadedError(`Bulkhead ${name} is full`, { retryAfterSeconds: 1, context: { name, reason } });
  };
  const release = (key: string) => {
    fair.left(key);
    const next = fair.takeNext();
    if (!next) {
      inFlight--;
      return;
    }
    fair.entered(next.key);
    next.grant(); // the slot passes on: inFlight is unchanged
  };

  function wait(ctx: CallContext, key: string): Promise<void> {
    if (ctx.signal.aborted) return Promise.reject(abortError(ctx.signal, ctx.deadlineAt, now()));
    const admission = fair.admit(key);
    if (!admission.admitted) return Promise.reject(shed('queue-full'));
    const waitMs = Math.min(queueTimeoutMs, ctx.deadlineAt - now());
    if (waitMs <= 0) return Promise.reject(shed('queue-timeout'));
    if (admission.evicted) {
      fair.remove(admission.evicted);
      admission.evicted.shed();
    }
    return new Promise<void>((resolve, reject) => {
      const leave = (error: Error) => {
        fair.remove(waiter);
        cleanup();
        reject(error);
      };
      const onAbort = () => leave(abortError(ctx.signal, ctx.deadlineAt, now()));
      const timer = setTimeout(() => leave(shed('queue-timeout')), waitMs);
      const cleanup = () => {
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        key,
        seq: arrivals++,
        grant() {
          cleanup();
          resolve();
        },
        shed() {
          cleanup();
          reject(shed('queue-full'));
        },
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      fair.add(waiter);
    });
  }

  function bulkhead<T>(next: Handler<T>): Handler<T> {
    return async function withBulkhead(ctx: CallContext): Promise<T> {
      const key = ctx.clientKey ?? '';
      if (inFlight < maxConcurrent && fair.queued === 0) enter(key);
      else await wait(ctx, key);
      try {
        return await next(ctx);
      } finally {
        release(key);
      }
    };
  }
  return Object.assign(bulkhead, {
    snapshot: () => ({ name, inFlight, queued: fair.queued, rejected, maxObservedInFlight }),
  });
}
