import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

  it('runs each identical call on its own when sharing is off, still detached from its caller', async () => {
    const singleFlight = createSingleFlightPolicy({ share: false });
    const signals: AbortSignal[] = [];
    const fn = vi.fn(async (ctx: CallContext) => {
      signals.push(ctx.signal);
      return ctx.key;
    });
    const contexts = [makeContext(), makeContext()];
    await expect(Promise.all(contexts.map((ctx) => singleFlight(fn)(ctx)))).resolves.toEqual([contexts[0]!.key, contexts[1]!.key]);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(singleFlight.snapshot().joined).toBe(0);
    expect(contexts.map((ctx) => ctx.outcome.sharedFlight)).toEqual([false, false]);
    expect(signals.map((signal) => contexts.some((ctx) => ctx.signal === signal))).toEqual([false, false]);
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

  it('keeps the shared call running for the joiners when the leader hangs up, and tells the leader it left', async () => {
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
    await expect(first).rejects.toMatchObject({ code: 'client-deadline', context: { reason: 'aborted' } });
    expect(shared?.aborted).toBe(false);
    upstream.resolve('value');
    await expect(second).resolves.toBe('value');
  });

  it('lets the shared call run on when every caller has left, and a newcomer joins it', async () => {
    const singleFlight = createSingleFlightPolicy();
    const upstream = Promise.withResolvers<string>();
    const signals: AbortSignal[] = [];
    const fn = vi.fn((ctx: CallContext) => {
      signals.push(ctx.signal);
      return upstream.promise;
    });
    const callers = [new AbortController(), new AbortController()];
    const calls = callers.map((c) => singleFlight(fn)(makeContext({ signal: c.signal })));
    for (const caller of callers) caller.abort();
    await Promise.allSettled(calls);
    expect(signals[0]?.aborted).toBe(false);
    const newcomer = singleFlight(fn)(makeContext());
    upstream.resolve('value');
    await expect(newcomer).resolves.toBe('value');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  describe("a caller's own deadline", () => {
    beforeEach(() => vi.useFakeTimers({ now: 0 }));
    afterEach(() => vi.useRealTimers());

    it("runs the shared call to the upstream's own deadline, not to a leader's shorter one", async () => {
      const singleFlight = createSingleFlightPolicy();
      const deadlines: number[] = [];
      const fn = (ctx: CallContext) => {
        deadlines.push(ctx.deadlineAt);
        return new Promise<string>((resolve) => setTimeout(() => resolve('value'), 100));
      };
      const hasty = singleFlight(fn)(makeContext({ deadlineAt: 1, upstreamDeadlineAt: 3_000 }));
      const patient = singleFlight(fn)(makeContext({ deadlineAt: 3_000 }));
      const hastyLeft = expect(hasty).rejects.toMatchObject({ code: 'client-deadline', context: { reason: 'deadline' } });
      await vi.advanceTimersByTimeAsync(1);
      await hastyLeft;
      await vi.advanceTimersByTimeAsync(99);
      await expect(patient).resolves.toBe('value');
      expect(deadlines).toEqual([3_000]);
    });

    it("gives a joiner whose own deadline passes a client-deadline error while the others still get the answer", async () => {
      const singleFlight = createSingleFlightPolicy();
      const fn = vi.fn(() => new Promise<string>((resolve) => setTimeout(() => resolve('value'), 100)));
      const leader = singleFlight(fn)(makeContext({ deadlineAt: 3_000 }));
      const hasty = singleFlight(fn)(makeContext({ deadlineAt: 10, upstreamDeadlineAt: 3_000 }));
      const hastyLeft = expect(hasty).rejects.toMatchObject({ code: 'client-deadline', retryable: false });
      await vi.advanceTimersByTimeAsync(10);
      await hastyLeft;
      await vi.advanceTimersByTimeAsync(90);
      await expect(leader).resolves.toBe('value');
      expect(fn).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
    });

    it("calls the upstream's own deadline passing a timeout, not the caller's doing", async () => {
      const singleFlight = createSingleFlightPolicy();
      const fn = () => new Promise<string>((resolve) => setTimeout(() => resolve('value'), 100));
      const leader = singleFlight(fn)(makeContext({ deadlineAt: 3_000 }));
      // Joined late: its own (upstream) deadline comes before the shared call's.
      const joiner = singleFlight(fn)(makeContext({ deadlineAt: 50 }));
      const joinerLeft = expect(joiner).rejects.toMatchObject({ code: 'timeout' });
      await vi.advanceTimersByTimeAsync(50);
      await joinerLeft;
      await vi.advanceTimersByTimeAsync(50);
      await expect(leader).resolves.toBe('value');
    });

    it('keeps a caller of an at-most-once call waiting past its deadline for the answer, up to its sent-call bound', async () => {
      const singleFlight = createSingleFlightPolicy();
      const fn = () => new Promise<string>((resolve) => setTimeout(() => resolve('performed'), 2_000));
      const leader = singleFlight(fn)(makeContext({ deadlineAt: 1_000, sentCallDeadlineAt: 5_000 }));
      const joiner = singleFlight(fn)(makeContext({ deadlineAt: 500, sentCallDeadlineAt: 5_000 }));
      await vi.advanceTimersByTimeAsync(2_000);
      await expect(leader).resolves.toBe('performed');
      await expect(joiner).resolves.toBe('performed');
    });
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
    await expect(singleFlight(fn)(makeContext({ signal: caller.signal }))).rejects.toMatchObject({ code: 'client-deadline' });
    expect(fn).not.toHaveBeenCalled();
  });
});
