import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OverloadedError, TransientError } from '../domain/errors.ts';
import { createBulkheadPolicy } from './bulkhead.ts';
import { makeContext, recordEvents } from './testing.ts';

describe('bulkhead policy', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('never lets more than maxConcurrent calls in under 200 concurrent callers', async () => {
    const bulkhead = createBulkheadPolicy({ maxConcurrent: 10, maxQueue: 200, queueTimeoutMs: 60_000 });
    let inside = 0;
    let peak = 0;
    let started = 0;
    const handler = bulkhead(async () => {
      inside++;
      peak = Math.max(peak, inside);
      expect(bulkhead.snapshot().inFlight).toBeLessThanOrEqual(10);
      await new Promise((resolve) => setTimeout(resolve, 10 + (started++ % 7) * 3));
      inside--;
      return 'ok';
    });
    const calls = Array.from({ length: 200 }, () => handler(makeContext({ deadlineAt: 60_000 })));
    expect(bulkhead.snapshot()).toMatchObject({ inFlight: 10, queued: 190 });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(Promise.all(calls)).resolves.toHaveLength(200);
    expect(peak).toBe(10);
    expect(bulkhead.snapshot()).toEqual({ name: 'default', inFlight: 0, queued: 0, rejected: 0, maxObservedInFlight: 10 });
  });

  it('sheds at once with OverloadedError when the queue is full', async () => {
    const { events, onEvent } = recordEvents();
    const bulkhead = createBulkheadPolicy({ name: 'population', maxConcurrent: 1, maxQueue: 1, onEvent });
    const gate = Promise.withResolvers<string>();
    const handler = bulkhead(() => gate.promise);
    const first = handler(makeContext());
    const second = handler(makeContext());
    const error = await handler(makeContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OverloadedError);
    expect(error).toMatchObject({ retryAfterSeconds: 1 });
    expect(events).toEqual([{ type: 'bulkhead-rejected', name: 'population', reason: 'queue-full', at: 0 }]);
    gate.resolve('ok');
    await expect(Promise.all([first, second])).resolves.toEqual(['ok', 'ok']);
    expect(bulkhead.snapshot()).toMatchObject({ rejected: 1, inFlight: 0 });
  });

  it('sheds a queued call after queueTimeoutMs', async () => {
    const bulkhead = createBulkheadPolicy({ maxConcurrent: 1, maxQueue: 5, queueTimeoutMs: 250 });
    const handler = bulkhead(() => new Promise(() => {}));
    void handler(makeContext());
    const queued = handler(makeContext());
    const assertion = expect(queued).rejects.toBeInstanceOf(OverloadedError);
    await vi.advanceTimersByTimeAsync(249);
    expect(bulkhead.snapshot().queued).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await assertion;
    expect(bulkhead.snapshot()).toMatchObject({ queued: 0, rejected: 1 });
  });

  it('never queues past the call deadline', async () => {
    const bulkhead = createBulkheadPolicy({ maxConcurrent: 1, maxQueue: 5, queueTimeoutMs: 250 });
    const handler = bulkhead(() => new Promise(() => {}));
    void handler(makeContext());
    const queued = handler(makeContext({ deadlineAt: 100 }));
    const assertion = expect(queued).rejects.toBeInstanceOf(OverloadedError);
    await vi.advanceTimersByTimeAsync(100);
    await assertion;
    await expect(handler(makeContext({ deadlineAt: 100 }))).rejects.toBeInstanceOf(OverloadedError);
  });

  it('lets a queued caller that aborts leave the queue', async () => {
    const bulkhead = createBulkheadPolicy({ maxConcurrent: 1, maxQueue: 5 });
    const handler = bulkhead(() => new Promise(() => {}));
    void handler(makeContext());
    const caller = new AbortController();
    const queued = handler(makeContext({ signal: caller.signal }));
    caller.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    expect(bulkhead.snapshot()).toMatchObject({ queued: 0, rejected: 0, inFlight: 1 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('serves the queue first in, first out and frees the slot when a call fails', async () => {
    const bulkhead = createBulkheadPolicy({ maxConcurrent: 1, maxQueue: 5 });
    const order: string[] = [];
    const gate = Promise.withResolvers<never>();
    const first = bulkhead(() => gate.promise)(makeContext());
    const queued = ['a', 'b', 'c'].map((name) =>
      bulkhead(async () => {
        order.push(name);
        return name;
      })(makeContext()),
    );
    gate.reject(new TransientError('boom'));
    await expect(first).rejects.toBeInstanceOf(TransientError);
    await expect(Promise.all(queued)).resolves.toEqual(['a', 'b', 'c']);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(bulkhead.snapshot().inFlight).toBe(0);
  });

  describe('fairness between clients', () => {
    /** A handler whose calls each wait for their own gate; `open(i)` lets call i finish. */
    function gatedCalls(bulkhead: ReturnType<typeof createBulkheadPolicy>) {
      const gates: Array<PromiseWithResolvers<string>> = [];
      const order: string[] = [];
      const call = (clientKey: string, label = clientKey) => {
        const gate = Promise.withResolvers<string>();
        const result = bulkhead(() => {
          order.push(label);
          gates.push(gate);
          return gate.promise;
        })(makeContext({ clientKey, deadlineAt: 60_000 }));
        return result;
      };
      return { call, order, finish: async (index: number) => {
        gates[index]!.resolve('ok');
        await vi.advanceTimersByTimeAsync(0);
      } };
    }

    it('gives a freed slot to a waiting client with fewer calls in flight before the busy client\'s older waiters', async () => {
      const bulkhead = createBulkheadPolicy({ maxConcurrent: 2, maxQueue: 10, queueTimeoutMs: 60_000 });
      const { call, order, finish } = gatedCalls(bulkhead);
      const calls = [call('busy', 'busy-1'), call('busy', 'busy-2'), call('busy', 'busy-3'), call('busy', 'busy-4'), call('quiet')];
      expect(order).toEqual(['busy-1', 'busy-2']);
      await finish(0);
      expect(order).toEqual(['busy-1', 'busy-2', 'quiet']);
      await finish(1);
      expect(order).toEqual(['busy-1', 'busy-2', 'quiet', 'busy-3']);
      for (let index = 2; index < 5; index += 1) await finish(index);
      await expect(Promise.all(calls)).resolves.toHaveLength(5);
      expect(bulkhead.snapshot()).toMatchObject({ inFlight: 0, queued: 0, rejected: 0 });
    });

    it('lets clients with equal calls in flight take turns', async () => {
      const bulkhead = createBulkheadPolicy({ maxConcurrent: 1, maxQueue: 10, queueTimeoutMs: 60_000 });
      const { call, order, finish } = gatedCalls(bulkhead);
      void call('gate', 'gate');
      for (const label of ['a1', 'a2', 'a3', 'b1', 'b2', 'c1']) void call(label[0]!, label);
      for (let index = 0; index < 6; index += 1) await finish(index);
      expect(order).toEqual(['gate', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    });

    it('makes room in a queue one client filled, so another client is queued instead of shed', async () => {
      const { events, onEvent } = recordEvents();
      const bulkhead = createBulkheadPolicy({ maxConcurrent: 1, maxQueue: 4, queueTimeoutMs: 60_000, onEvent });
      const { call, order, finish } = gatedCalls(bulkhead);
      const busy = ['busy-0', 'busy-1', 'busy-2', 'busy-3', 'busy-4'].map((label) => call('busy', label));
      expect(bulkhead.snapshot()).toMatchObject({ inFlight: 1, queued: 4 });
      const quiet = call('quiet');
      // The busy client's newest waiter made room for the quiet one.
      await expect(busy[4]).rejects.toBeInstanceOf(OverloadedError);
      expect(events).toEqual([{ type: 'bulkhead-rejected', name: 'default', reason: 'queue-full', at: 0 }]);
      expect(bulkhead.snapshot()).toMatchObject({ inFlight: 1, queued: 4 });
      await finish(0);
      expect(order).toEqual(['busy-0', 'quiet']);
      await finish(1);
      await expect(quiet).resolves.toBe('ok');
    });

    it("sheds a client's call beyond its share of a full queue", async () => {
      const bulkhead = createBulkheadPolicy({ maxConcurrent: 1, maxQueue: 4, queueTimeoutMs: 60_000 });
      const { call } = gatedCalls(bulkhead);
      void call('busy');
      for (let index = 0; index < 2; index += 1) void call('busy');
      for (let index = 0; index < 2; index += 1) void call('other');
      // Full, and each client waits for its share (4 ÷ 2): a third call of either is shed at once.
      await expect(call('other')).rejects.toBeInstanceOf(OverloadedError);
      await expect(call('busy')).rejects.toBeInstanceOf(OverloadedError);
      expect(bulkhead.snapshot()).toMatchObject({ queued: 4, rejected: 2 });
    });
  });
});
