// Bulkhead policy: at most `maxConcurrent` calls inside, a bounded FIFO queue with a short wait, then shed.

import { OverloadedError } from '../domain/errors.ts';
import { abortError } from './abort.ts';
import { safeListener, type ResilienceListener } from './events.ts';
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

interface Waiter {
  grant(): void;
}

/**
 * Sheds with `OverloadedError` (retryAfterSeconds 1) when the queue is full or a queued call waited
 * `queueTimeoutMs` or until its deadline; a queued call whose signal aborts leaves the queue with the abort error.
 * A freed slot goes straight to the oldest waiter, so newcomers cannot overtake the queue.
 */
export function createBulkheadPolicy(options: BulkheadPolicyOptions): BulkheadPolicy {
  const name = options.name ?? 'default';
  const { maxConcurrent, maxQueue } = options;
  const queueTimeoutMs = options.queueTimeoutMs ?? 250;
  const now = options.now ?? Date.now;
  const emit = safeListener(options.onEvent);
  const queue = new Set<Waiter>(); // insertion-ordered: FIFO with O(1) removal
  let inFlight = 0;
  let rejected = 0;
  let maxObservedInFlight = 0;

  const enter = () => {
    inFlight++;
    if (inFlight > maxObservedInFlight) maxObservedInFlight = inFlight;
  };
  const shed = (reason: 'queue-full' | 'queue-timeout') => {
    rejected++;
    emit({ type: 'bulkhead-rejected', name, reason, at: now() });
    return new OverloadedError(`Bulkhead ${name} is full`, { retryAfterSeconds: 1, context: { name, reason } });
  };
  const release = () => {
    const next = queue.values().next();
    if (next.done) {
      inFlight--;
      return;
    }
    queue.delete(next.value);
    next.value.grant(); // the slot passes on: inFlight is unchanged
  };

  function wait(ctx: CallContext): Promise<void> {
    if (ctx.signal.aborted) return Promise.reject(abortError(ctx.signal, ctx.deadlineAt, now()));
    if (queue.size >= maxQueue) return Promise.reject(shed('queue-full'));
    const waitMs = Math.min(queueTimeoutMs, ctx.deadlineAt - now());
    if (waitMs <= 0) return Promise.reject(shed('queue-timeout'));
    return new Promise<void>((resolve, reject) => {
      const leave = (error: Error) => {
        queue.delete(waiter);
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
        grant() {
          cleanup();
          resolve();
        },
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      queue.add(waiter);
    });
  }

  function bulkhead<T>(next: Handler<T>): Handler<T> {
    return async function withBulkhead(ctx: CallContext): Promise<T> {
      if (inFlight < maxConcurrent && queue.size === 0) enter();
      else await wait(ctx);
      try {
        return await next(ctx);
      } finally {
        release();
      }
    };
  }
  return Object.assign(bulkhead, {
    snapshot: () => ({ name, inFlight, queued: queue.size, rejected, maxObservedInFlight }),
  });
}
