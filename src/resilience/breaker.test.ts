import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CircuitOpenError, InvalidInputError, NotFoundError, NotProvisionedError, OverloadedError, TimeoutError,
  TransientError, UnauthorizedError,
} from '../domain/errors.ts';
import { createBreakerPolicy, type BreakerPolicy } from './breaker.ts';
import { makeContext, recordEvents } from './testing.ts';
import type { Handler } from './types.ts';

const fail = (error: Error): Handler<string> => async () => {
  throw error;
};
const succeed: Handler<string> = async () => 'ok';

describe('breaker policy', () => {
  let breaker: BreakerPolicy;
  let recorded: ReturnType<typeof recordEvents>;
  const call = (fn: Handler<string>, operation = 'lookupThing') => breaker(fn)(makeContext({ operation }));
  const trip = async (times = 10) => {
    for (let i = 0; i < times; i++) await call(fail(new TransientError('down'))).catch(() => {});
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    recorded = recordEvents();
    breaker = createBreakerPolicy({ groupOf: (operation) => operation.startsWith('land') ? 'land' : 'population', onEvent: recorded.onEvent });
  });
  afterEach(() => {
    breaker.dispose();
    vi.useRealTimers();
  });

  it('opens once volumeThreshold calls in the window fail, then rejects without calling the operation', async () => {
    await trip(9);
    expect(breaker.snapshot().population?.state).toBe('closed');
    await trip(1);
    expect(breaker.snapshot().population).toMatchObject({ state: 'open', failures: 10, openedAt: 1_000_000, nextAttemptAt: 1_005_000 });
    const fn = vi.fn(succeed);
    const error = await call(fn).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ retryAfterSeconds: 5 });
    expect(fn).not.toHaveBeenCalled();
    expect(breaker.snapshot().population?.rejects).toBe(1);
    expect(recorded.events).toEqual([{ type: 'breaker-state', group: 'population', state: 'open', at: 1_000_000 }]);
  });

  it('counts timeouts and unclassified errors as failures', async () => {
    for (let i = 0; i < 5; i++) await call(fail(new TimeoutError('slow'))).catch(() => {});
    for (let i = 0; i < 5; i++) await call(fail(new Error('socket hang up'))).catch(() => {});
    expect(breaker.snapshot().population?.state).toBe('open');
  });

  it('never opens on final answers: not-found, invalid input, not provisioned, unauthorized, overloaded', async () => {
    const finals = [
      new NotFoundError('none'), new InvalidInputError('bad'), new NotProvisionedError('no'),
      new UnauthorizedError('login'), new OverloadedError('shed'),
    ];
    for (let i = 0; i < 200; i++) await call(fail(finals[i % finals.length]!)).catch(() => {});
    expect(breaker.snapshot().population).toMatchObject({ state: 'closed', failures: 0, successes: 200 });
  });

  it('stays closed while the error rate is at or below the threshold', async () => {
    for (let i = 0; i < 40; i++) await call(i % 2 === 0 ? succeed : fail(new TransientError('down'))).catch(() => {});
    expect(breaker.snapshot().population?.state).toBe('closed');
  });

  it('keeps groups apart and creates them on first use', async () => {
    expect(breaker.snapshot()).toEqual({});
    await trip();
    await expect(call(succeed, 'landParcel')).resolves.toBe('ok');
    expect(breaker.snapshot().land?.state).toBe('closed');
    expect(breaker.snapshot().population?.state).toBe('open');
  });

  it('half-opens after the reset timeout and lets exactly one trial through; its success closes', async () => {
    await trip();
    await vi.advanceTimersByTimeAsync(4_999);
    await expect(call(succeed)).rejects.toBeInstanceOf(CircuitOpenError);
    await vi.advanceTimersByTimeAsync(1);
    expect(breaker.snapshot().population?.state).toBe('half-open');

    const trial = Promise.withResolvers<string>();
    const trialFn = vi.fn(() => trial.promise);
    const first = call(trialFn);
    const other = vi.fn(succeed);
    const second = await call(other).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(CircuitOpenError);
    expect(second).toMatchObject({ retryAfterSeconds: 1 });
    expect(other).not.toHaveBeenCalled();

    trial.resolve('back');
    await expect(first).resolves.toBe('back');
    expect(breaker.snapshot().population).toMatchObject({ state: 'closed', openedAt: null, nextAttemptAt: null });
    expect(recorded.events.map((e) => e.type === 'breaker-state' && e.state)).toEqual(['open', 'half-open', 'closed']);
  });

  it('doubles the open time on each failed trial, up to the cap, and starts again after a close', async () => {
    breaker.dispose();
    breaker = createBreakerPolicy({ groupOf: () => 'g', resetTimeoutMs: 5_000, maxResetTimeoutMs: 12_000 });
    await trip();
    const openTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { currentResetTimeoutMs } = breaker.snapshot().g!;
      openTimes.push(currentResetTimeoutMs);
      await vi.advanceTimersByTimeAsync(currentResetTimeoutMs - 1);
      expect(breaker.snapshot().g?.state).toBe('open');
      await vi.advanceTimersByTimeAsync(1);
      expect(breaker.snapshot().g?.state).toBe('half-open');
      await call(fail(new TransientError('still down'))).catch(() => {});
      expect(breaker.snapshot().g).toMatchObject({ state: 'open', openedAt: 1_000_000 });
    }
    openTimes.push(breaker.snapshot().g!.currentResetTimeoutMs);
    expect(openTimes).toEqual([5_000, 10_000, 12_000, 12_000]);

    await vi.advanceTimersByTimeAsync(12_000);
    await call(succeed);
    expect(breaker.snapshot().g).toMatchObject({ state: 'closed', currentResetTimeoutMs: 5_000 });
  });

  it('a final answer to the half-open trial closes the breaker (the upstream answered)', async () => {
    await trip();
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(call(fail(new NotFoundError('none')))).rejects.toBeInstanceOf(NotFoundError);
    expect(breaker.snapshot().population?.state).toBe('closed');
  });

  it('forgets the outage after closing: one new failure does not re-open it', async () => {
    await trip();
    await vi.advanceTimersByTimeAsync(5_000);
    await call(succeed);
    await call(fail(new TransientError('blip'))).catch(() => {});
    expect(breaker.snapshot().population).toMatchObject({ state: 'closed', failures: 1 });
  });

  it('forgets failures that left the rolling window', async () => {
    await trip(9);
    await vi.advanceTimersByTimeAsync(10_000);
    await trip(1);
    expect(breaker.snapshot().population?.state).toBe('closed');
  });

  it('can be forced open and reset by group', async () => {
    breaker.forceOpen('land');
    await expect(call(succeed, 'landParcel')).rejects.toBeInstanceOf(CircuitOpenError);
    breaker.reset('land');
    await expect(call(succeed, 'landParcel')).resolves.toBe('ok');
    expect(recorded.events.map((e) => e.type === 'breaker-state' && `${e.group}:${e.state}`)).toEqual(['land:open', 'land:closed']);
  });

  it('leaves deadlines to the timeout policy: a slow call is not cut short', async () => {
    const slow = call(() => new Promise((resolve) => setTimeout(() => resolve('late'), 60_000)));
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(slow).resolves.toBe('late');
  });
});
