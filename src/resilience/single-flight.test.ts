import { describe, expect, it, vi } from 'vitest';
import { TransientError } from '../domain/errors.ts';
import { createSingleFlightPolicy } from './single-flight.ts';
import { makeContext } from './testing.ts';
import type { CallContext } from './types.ts';

describe('single-flight policy', () => {
  it('lets 100 identical concurrent calls share one upstream call', async () => {
    const singleFlight = createSingleFlightPolicy();
    const upstream = Promise.withResolvers<string>();
    const fn = vi.fn(() => upstream.promise);
    const contexts = Array.from({ length: 100 }, () => makeContext());
    const calls = contexts.map((ctx) => singleFlight(fn)(ctx));
    expect(singleFlight.snapshot()).toEqual({ inFlight: 1, joined: 99 });
    upstream.resolve('value');
    await expect(Promise.all(calls)).resolves.toEqual(Array(100).fill('value'));
    expect(fn).toHaveBeenCalledTimes(1);
    expect(contexts.map((ctx) => ctx.outcome.sharedFlight)).toEqual([false, ...Array(99).fill(true)]);
    expect(singleFlight.snapshot().inFlight).toBe(0);
  });

  it('gives every joiner the same error', async () => {
    const singleFlight = createSingleFlightPolicy();
    const upstream = Promise.withResolvers<string>();
    const fn = vi.fn(() => upstream.promise);
    const calls = [1, 2, 3].map(() => singleFlight(fn)(makeContext()));
    const error = new TransientError('down');
    upstream.reject(error);
    for (const call of calls) await expect(call).rejects.toBe(error);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('keeps different keys apart and starts a new call once the previous one settled', async () => {
    const singleFlight = createSingleFlightPolicy();
    const fn = vi.fn(async (ctx: CallContext) => ctx.key);
    await Promise.all([singleFlight(fn)(makeContext({ key: 'a' })), singleFlight(fn)(makeContext({ key: 'b' }))]);
    await singleFlight(fn)(makeContext({ key: 'a' }));
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('keeps the shared call running for the joiners when the leader aborts', async () => {
    const singleFlight = createSingleFlightPolicy();
    const upstream = Promise.withResolvers<string>();
    let shared: AbortSignal | undefined;
    const fn = (ctx: CallContext) => {
      shared = ctx.signal;
      return upstream.promise;
    };
    const leader = new AbortController();
    const first = singleFlight(fn)(makeContext({ signal: leader.signal }));
    const second = singleFlight(fn)(makeContext());
    leader.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect(shared?.aborted).toBe(false);
    upstream.resolve('value');
    await expect(second).resolves.toBe('value');
  });

  it('aborts the shared call when every caller has aborted, and lets a newcomer start afresh', async () => {
    const singleFlight = createSingleFlightPolicy();
    const signals: AbortSignal[] = [];
    const fn = vi.fn((ctx: CallContext) => {
      signals.push(ctx.signal);
      return new Promise<string>(() => {});
    });
    const callers = [new AbortController(), new AbortController()];
    const calls = callers.map((c) => singleFlight(fn)(makeContext({ signal: c.signal })));
    callers[0]!.abort();
    expect(signals[0]?.aborted).toBe(false);
    callers[1]!.abort();
    await Promise.allSettled(calls);
    expect(signals[0]?.aborted).toBe(true);
    void singleFlight(fn)(makeContext());
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('copies what the inner policies recorded (retries) to every waiter', async () => {
    const singleFlight = createSingleFlightPolicy();
    const fn = async (ctx: CallContext) => {
      ctx.outcome.retries = 2;
      return 'v';
    };
    const contexts = [makeContext(), makeContext()];
    await Promise.all(contexts.map((ctx) => singleFlight(fn)(ctx)));
    expect(contexts.map((ctx) => ctx.outcome.retries)).toEqual([2, 2]);
  });

  it('refuses a caller that has already aborted without starting a call', async () => {
    const singleFlight = createSingleFlightPolicy();
    const fn = vi.fn(async () => 'v');
    const caller = new AbortController();
    caller.abort();
    await expect(singleFlight(fn)(makeContext({ signal: caller.signal }))).rejects.toMatchObject({ name: 'AbortError' });
    expect(fn).not.toHaveBeenCalled();
  });
});
