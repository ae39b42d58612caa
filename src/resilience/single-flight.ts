// Single-flight policy: identical concurrent calls (same operation and key) share one call of `next`.
//
// The shared call runs with its own signal, aborted only when EVERY waiting caller has aborted, so a leader
// that gives up does not fail the joiners. It keeps the leader's deadline (ctx.deadlineAt): a joiner with a
// later deadline may get the leader's TimeoutError; one with an earlier deadline leaves when its own signal
// aborts. Joiners get the same value or error, and `outcome.sharedFlight = true`.

import { abortError } from './abort.ts';
import type { CallContext, CallOutcome, Handler, Policy } from './types.ts';

export interface SingleFlightPolicyOptions {
  /** Clock, epoch ms, to classify aborts as timeouts. Default `Date.now`. */
  now?: () => number;
}

export interface SingleFlightSnapshot {
  /** Shared calls running now. */
  inFlight: number;
  /** Callers that joined a running call instead of starting one, cumulative. */
  joined: number;
}

export interface SingleFlightPolicy extends Policy {
  snapshot(): SingleFlightSnapshot;
}

interface Flight {
  readonly promise: Promise<unknown>;
  readonly controller: AbortController;
  /** Outcome the inner policies fill (retries); copied to every waiter. */
  readonly outcome: CallOutcome;
  waiters: number;
  settled: boolean;
}

export function createSingleFlightPolicy(options: SingleFlightPolicyOptions = {}): SingleFlightPolicy {
  const now = options.now ?? Date.now;
  const flights = new Map<string, Flight>();
  let joined = 0;

  function start<T>(id: string, next: Handler<T>, ctx: CallContext): Flight {
    const controller = new AbortController();
    const outcome: CallOutcome = { ...ctx.outcome };
    const run = async () => next({ ...ctx, signal: controller.signal, outcome });
    const flight: Flight = { promise: run(), controller, outcome, waiters: 0, settled: false };
    const done = () => {
      flight.settled = true;
      if (flights.get(id) === flight) flights.delete(id);
    };
    flight.promise.then(done, done);
    flights.set(id, flight);
    return flight;
  }

  function wait<T>(id: string, flight: Flight, ctx: CallContext, isJoiner: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      flight.waiters++;
      let left = false;
      const detach = () => {
        left = true;
        ctx.signal.removeEventListener('abort', onAbort);
        flight.waiters--;
      };
      const onAbort = () => {
        detach();
        const error = abortError(ctx.signal, ctx.deadlineAt, now());
        if (flight.waiters === 0 && !flight.settled) {
          // Nobody is left waiting: stop the shared call, and let newcomers start a fresh one.
          if (flights.get(id) === flight) flights.delete(id);
          flight.controller.abort(error);
        }
        reject(error);
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const settle = () => {
        if (left) return false;
        detach();
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
      if (ctx.signal.aborted) return Promise.reject(abortError(ctx.signal, ctx.deadlineAt, now()));
      const id = `${ctx.operation}\u0000${ctx.key}`;
      const running = flights.get(id);
      if (running) joined++;
      return wait<T>(id, running ?? start(id, next, ctx), ctx, running !== undefined);
    };
  }
  return Object.assign(singleFlight, { snapshot: () => ({ inFlight: flights.size, joined }) });
}
