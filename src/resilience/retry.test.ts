import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidInputError, NotFoundError, TimeoutError, TransientError } from '../domain/errors.ts';
import { createRetryBudget } from './retry-budget.ts';
import { createRetryPolicy, type RetryPolicyOptions } from './retry.ts';
import { makeContext, recordEvents } from './testing.ts';

/** A clock and a sleep that advances it at once, so retries run without waiting. */
function instantTime(start = 0) {
  const clock = { nowMs: start, slept: [] as number[] };
  const options: Pick<RetryPolicyOptions, 'now' | 'sleep' | 'random'> = {
    now: () => clock.nowMs,
    sleep: async (ms) => {
      clock.slept.push(ms);
      clock.nowMs += ms;
    },
    random: () => 0.5,
  };
  return { clock, options };
}

function failing(times: number, error: () => Error = () => new TransientError('busy')) {
  let calls = 0;
  const fn = vi.fn(async () => {
    calls++;
    if (calls <= times) throw error();
    return 'ok';
  });
  return fn;
}

describe('retry policy', () => {
  it('retries transient errors with jittered backoff until success, recording attempts and retries', async () => {
    const { clock, options } = instantTime();
    const attempts: number[] = [];
    const inner = failing(2);
    const handler = createRetryPolicy(options)(async (ctx) => {
      attempts.push(ctx.attempt);
      return inner();
    });
    const ctx = makeContext({ deadlineAt: 10_000 });
    await expect(handler(ctx)).resolves.toBe('ok');
    expect(attempts).toEqual([0, 1, 2]);
    expect(clock.slept).toEqual([50, 100]);
    expect(ctx.outcome.retries).toBe(2);
  });

  it('gives up after maxAttempts tries in total', async () => {
    const { options } = instantTime();
    const fn = failing(10);
    await expect(createRetryPolicy({ ...options, maxAttempts: 3 })(fn)(makeContext({ deadlineAt: 10_000 }))).rejects.toBeInstanceOf(TransientError);
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it.each([
    ['a not-found', () => new NotFoundError('no such citizen')],
    ['an invalid input', () => new InvalidInputError('bad id')],
    ['an unclassified error', () => new Error('bug')],
  ])('does not retry %s', async (_name, error) => {
    const { options } = instantTime();
    const fn = failing(1, error);
    await expect(createRetryPolicy(options)(fn)(makeContext({ deadlineAt: 10_000 }))).rejects.toThrow();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('waits at least the error’s Retry-After', async () => {
    const { clock, options } = instantTime();
    const fn = failing(1, () => new TransientError('429', { retryAfterSeconds: 1 }));
    await createRetryPolicy(options)(fn)(makeContext({ deadlineAt: 10_000 }));
    expect(clock.slept).toEqual([1000]);
  });

  it('rethrows at once when the wait would end after the deadline', async () => {
    const { clock, options } = instantTime();
    const fn = failing(5, () => new TimeoutError('slow'));
    await expect(createRetryPolicy(options)(fn)(makeContext({ deadlineAt: 40 }))).rejects.toBeInstanceOf(TimeoutError);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(clock.slept).toEqual([]);
  });

  it('does not start a retry that cannot finish before the deadline at the operation’s recent latency', async () => {
    const { clock, options } = instantTime();
    let calls = 0;
    // Answers take 2 s; then one fails after 2 s, leaving about 1 s of a 3 s deadline: too little for another.
    const handler = createRetryPolicy(options)(async () => {
      calls++;
      clock.nowMs += 2_000;
      if (calls > 1) throw new TransientError('503', { notPerformed: true });
      return 'ok';
    });
    await handler(makeContext({ deadlineAt: clock.nowMs + 3_000 }));
    const failed = handler(makeContext({ deadlineAt: clock.nowMs + 3_000 }));
    await expect(failed).rejects.toBeInstanceOf(TransientError);
    expect(calls).toBe(2);
    expect(clock.slept).toEqual([]);
  });

  it('still retries when the recent latency fits in the time left', async () => {
    const { options } = instantTime();
    const fn = failing(1);
    const policy = createRetryPolicy(options);
    await policy(async () => 'warm')(makeContext({ deadlineAt: 10_000 }));
    await expect(policy(fn)(makeContext({ deadlineAt: 10_000 }))).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(2);
  });

  describe('a call the upstream must perform at most once', () => {
    const atMostOnce = { deadlineAt: 10_000, sentCallDeadlineAt: 30_000 };

    it.each([
      ['timed out', () => new TimeoutError('no answer')],
      ['was cut off or answered 502', () => new TransientError('502')],
    ])('is not retried after an attempt that %s: its outcome upstream is unknown', async (_name, error) => {
      const { options } = instantTime();
      const fn = failing(1, error);
      await expect(createRetryPolicy(options)(fn)(makeContext(atMostOnce))).rejects.toThrow();
      expect(fn).toHaveBeenCalledTimes(1);
    });

    it('is retried after a refusal that proves the upstream did not perform it (503, 429, refused connection)', async () => {
      const { options } = instantTime();
      const fn = failing(1, () => new TransientError('503', { notPerformed: true }));
      await expect(createRetryPolicy(options)(fn)(makeContext(atMostOnce))).resolves.toBe('ok');
      expect(fn).toHaveBeenCalledTimes(2);
    });
  });

  describe('with real timers faked', () => {
    beforeEach(() => vi.useFakeTimers({ now: 0 }));
    afterEach(() => vi.useRealTimers());

    it('stops waiting when the caller aborts and rethrows the last upstream error', async () => {
      const caller = new AbortController();
      const fn = failing(5);
      const result = createRetryPolicy({ random: () => 1 })(fn)(makeContext({ signal: caller.signal, deadlineAt: 10_000 }));
      const assertion = expect(result).rejects.toBeInstanceOf(TransientError);
      await vi.advanceTimersByTimeAsync(50);
      caller.abort();
      await assertion;
      expect(fn).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  it('emits retry events and a budget-exhausted event, without keys', async () => {
    const { options } = instantTime();
    const { events, onEvent } = recordEvents();
    const budget = createRetryBudget({ now: options.now, minRetriesPerWindow: 1, ratio: 0 });
    const fn = failing(5);
    await expect(createRetryPolicy({ ...options, budget, onEvent })(fn)(makeContext({ deadlineAt: 10_000 }))).rejects.toThrow();
    expect(events.map((e) => e.type)).toEqual(['retry', 'retry-budget-exhausted']);
    expect(events[0]).toEqual({ type: 'retry', operation: 'lookupThing', attempt: 1, delayMs: 50, errorCode: 'transient', at: 0 });
    expect(JSON.stringify(events)).not.toContain('lookupThing:1');
  });

  it('keeps upstream load within 1.2× the callers’ requests when every call fails', async () => {
    const { options } = instantTime();
    const budget = createRetryBudget({ now: options.now, ratio: 0.2, minRetriesPerWindow: 3 });
    const fn = vi.fn(async () => {
      throw new TransientError('down');
    });
    const handler = createRetryPolicy({ ...options, sleep: async () => {}, budget })(fn);
    for (let i = 0; i < 1000; i++) await handler(makeContext({ deadlineAt: 10_000 })).catch(() => {});
    expect(fn.mock.calls.length).toBeLessThanOrEqual(1.2 * 1000 + 3);
    expect(fn.mock.calls.length).toBeGreaterThan(1000);
  });
});
