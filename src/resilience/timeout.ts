// Timeout policy: gives the call a child AbortSignal that aborts at the deadline, and rejects on time even if
// the inner promise ignores the signal.

import { TimeoutError } from '../domain/errors.ts';
import { abortError } from './abort.ts';
import type { CallContext, Handler, Policy } from './types.ts';

export interface TimeoutPolicyOptions {
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Time allowed when `ctx.deadlineAt` is not a finite number, ms. Default 3000 (the gateway's deadline). */
  defaultTimeoutMs?: number;
  /**
   * Cap on one attempt, ms, so that a retry still fits before the deadline when an upstream hangs.
   * Default: none (an attempt may use all the time left until `ctx.deadlineAt`).
   */
  attemptTimeoutMs?: number;
}

/**
 * Derives a child signal that aborts at the deadline (or when `ctx.signal` aborts), passes it down in a new
 * context, and rejects with `TimeoutError` when the time is up. Its timer and listener are cleared when the
 * call settles. A caller abort before the deadline rejects with the abort reason (an `AbortError`).
 * A call that must run at most once (`ctx.sentCallDeadlineAt`) is not cut at `deadlineAt` nor at
 * `attemptTimeoutMs`: its attempt, once sent, may still be performed upstream, so it runs on to that later bound.
 */
export function createTimeoutPolicy(options: TimeoutPolicyOptions = {}): Policy {
  const now = options.now ?? Date.now;
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 3000;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? Number.POSITIVE_INFINITY;

  return function timeout<T>(next: Handler<T>): Handler<T> {
    return function withTimeout(ctx: CallContext): Promise<T> {
      const startedAt = now();
      const callDeadlineAt = Number.isFinite(ctx.deadlineAt) ? ctx.deadlineAt : startedAt + defaultTimeoutMs;
      const atMostOnce = ctx.sentCallDeadlineAt !== undefined;
      const deadlineAt = atMostOnce ? Math.max(callDeadlineAt, ctx.sentCallDeadlineAt) : callDeadlineAt;
      const timeoutMs = atMostOnce ? deadlineAt - startedAt : Math.min(deadlineAt - startedAt, attemptTimeoutMs);
      if (ctx.signal.aborted) return Promise.reject(abortError(ctx.signal, deadlineAt, startedAt));
      if (timeoutMs <= 0) return Promise.reject(timeoutError(ctx, 0));

      const controller = new AbortController();
      return new Promise<T>((resolve, reject) => {
        const fail = (error: Error) => {
          cleanup();
          controller.abort(error);
          reject(error);
        };
        const onAbort = () => fail(abortError(ctx.signal, deadlineAt, now()));
        const timer = setTimeout(() => fail(timeoutError(ctx, timeoutMs)), timeoutMs);
        function cleanup() {
          clearTimeout(timer);
          ctx.signal.removeEventListener('abort', onAbort);
        }
        ctx.signal.addEventListener('abort', onAbort, { once: true });

        let inner: Promise<T>;
        try {
          inner = next({ ...ctx, signal: controller.signal });
        } catch (error) {
          cleanup();
          reject(error);
          return;
        }
        inner.then(
          (value) => {
            cleanup();
            resolve(value);
          },
          (error: unknown) => {
            cleanup();
            reject(error);
          },
        );
      });
    };
  };
}

function timeoutError(ctx: CallContext, timeoutMs: number): TimeoutError {
  return new TimeoutError(`No answer within ${timeoutMs} ms`, {
    context: { operation: ctx.operation, attempt: ctx.attempt, timeoutMs },
  });
}
