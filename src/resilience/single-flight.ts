// Single-flight policy: identical concurrent calls (same operation and key) share one call of `next`.
//
// The shared call belongs to no caller: it runs with a signal of its own and the upstream's own deadline
// (`upstreamDeadlineAt` of the caller that started it), so what one caller does to itself — a 1 ms Request-Timeout,
// hanging up — never ends the call for the others. Each caller waits until the shared call settles, its own
// deadline passes or its own signal aborts, and then leaves alone (`callerLeftError`). A shared call nobody waits
// for any more still runs to its end, so the breaker, the retry budget and the cache only ever see what the
// upstream did: opossum counts every call it runs, so one cut short for a caller's reason would be counted either
// as a failure (the upstream blamed) or as a success (diluting a real outage). The bulkhead bounds what such calls
// cost. Joiners get the same value or error, and `outcome.sharedFlight = true`. A call that must run at most once
// (`sentCallDeadlineAt`) runs to that later bound, and its caller waits for it: leaving earlier would let whoever
// called (the queue) send the same request again while the upstream may still be performing the first.

import { callerLeftError } from './abort.ts';
import type { CallContext, CallOutcome, Handler, Policy } from './types.ts';

export interface SingleFlightPolicyOptions {
  /** Clock, epoch ms, to tell a passed deadline from a hang-up. Default `Date.now`. */
  now?: () => number;
  /**
   * Whether a call joins an identical one in flight. Default true. False on Workers: there the shared call belongs
   * to the request that started it and is cancelled when that request ends, so a request that joined it would wait
   * for an answer that never comes. Each call then runs alone, still detached from its caller's deadline.
   */
  share?: boolean;
}

export interface SingleFlightSnapshot {
  /** Shared calls running now (including ones every caller has left). */
  inFlight: number;
  /** Callers that joined a running call instead of starting one, cumulative. */
  joined: number;
}

export interface SingleFlightPolicy extends Policy {
  snapshot(): SingleFlightSnapshot;
}

interface Flight {
  readonly promise: Promise<unknown>;
  /** The upstream's own deadline the shared call runs to, epoch ms. */
  readonly deadlineAt: number;
  /** Outcome the inner policies fill (retries); copied to every waiter. */
  readonly outcome: CallOutcome;
}

export function createSingleFlightPolicy(options: SingleFlightPolicyOptions = {}): SingleFlightPolicy {
  const now = options.now ?? Date.now;
  const share = options.share ?? true;
  const flights = new Map<string, Flight>();
  let joined = 0;

  function start<T>(id: string, next: Handler<T>, ctx: CallContext): Flight {
    const deadlineAt = Math.max(ctx.deadlineAt, ctx.upstreamDeadlineAt ?? ctx.deadlineAt);
    const outcome: CallOutcome = { ...ctx.outcome };
    // Never aborted by a caller; the timeout policy inside derives the signal that aborts the real request.
    const signal = new AbortController().signal;
    const run = async () => next({ ...ctx, signal, deadlineAt, upstreamDeadlineAt: deadlineAt, outcome });
    const flight: Flight = { promise: run(), deadlineAt: Math.max(deadlineAt, ctx.sentCallDeadlineAt ?? deadlineAt), outcome };
    const done = () => {
      if (flights.get(id) === flight) flights.delete(id);
    };
    flight.promise.then(done, done);
    flights.set(id, flight);
    return flight;
  }

  function wait<T>(flight: Flight, ctx: CallContext, isJoiner: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let left = false;
      const leave = (deadlinePassed: boolean) => {
        if (left) return;
        left = true;
        cleanup();
        reject(callerLeftError(ctx, now(), deadlinePassed));
      };
      const onAbort = () => leave(false);
      // Only a caller whose deadline comes before the shared call's needs a timer of its own.
      const leaveAt = Math.max(ctx.deadlineAt, ctx.sentCallDeadlineAt ?? ctx.deadlineAt);
      const timer = leaveAt < flight.deadlineAt ? setTimeout(() => leave(true), Math.max(0, leaveAt - now())) : undefined;
      function cleanup() {
        if (timer !== undefined) clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
      }
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const settle = () => {
        if (left) return false;
        left = true;
        cleanup();
        Object.assign(ctx.outcome, flight.outcome, { sharedFlight: isJoiner });
        return true;
      };
      flight.promise.then(
        (value) => settle() && resolve(value as T),
        (error: unknown) => settle() && reject(error),
      );
    });
  }

  function singleFlight<T>(next: Handler<T>): Handler<T> {
    return function withSingleFlight(ctx: CallContext): Promise<T> {
      // A caller already gone, or already past its own deadline, starts nothing.
      if (ctx.signal.aborted || ctx.deadlineAt <= now()) return Promise.reject(callerLeftError(ctx, now(), !ctx.signal.aborted));
      const id = `${ctx.operation}\u0000${ctx.key}\u0000${ctx.privateReader ?? ''}`;
      const running = share ? flights.get(id) : undefined;
      if (running) joined++;
      return wait<T>(running ?? start(id, next, ctx), ctx, running !== undefined);
    };
  }
  return Object.assign(singleFlight, { snapshot: () => ({ inFlight: flights.size, joined }) });
}
