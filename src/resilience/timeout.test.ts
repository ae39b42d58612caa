import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimeoutError, TransientError } from '../domain/errors.ts';
import { createTimeoutPolicy } from './timeout.ts';
import { makeContext } from './testing.ts';

describe('timeout policy', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('passes the value through and clears its timer', async () => {
    const handler = createTimeoutPolicy()(async () => 'ok');
    await expect(handler(makeContext())).resolves.toBe('ok');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with TimeoutError at the deadline even when the operation ignores its signal', async () => {
    let seen: AbortSignal | undefined;
    const handler = createTimeoutPolicy()((ctx) => {
      seen = ctx.signal;
      return new Promise(() => {});
    });
    const result = handler(makeContext({ deadlineAt: Date.now() + 500 }));
    const assertion = expect(result).rejects.toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(499);
    expect(seen?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await assertion;
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(TimeoutError);
  });

  it('lets an attempt of an at-most-once call run past the deadline to its sent-call bound, not past it', async () => {
    let seen: AbortSignal | undefined;
    let answer: (value: string) => void = () => undefined;
    const handler = createTimeoutPolicy({ attemptTimeoutMs: 200 })((ctx) => {
      seen = ctx.signal;
      return new Promise<string>((resolve) => { answer = resolve; });
    });
    const result = handler(makeContext({ deadlineAt: Date.now() + 500, sentCallDeadlineAt: Date.now() + 5_000 }));
    await vi.advanceTimersByTimeAsync(4_000);
    expect(seen?.aborted).toBe(false);
    answer('performed');
    await expect(result).resolves.toBe('performed');

    const hanging = createTimeoutPolicy()(() => new Promise(() => {}))(makeContext({ deadlineAt: Date.now() + 500, sentCallDeadlineAt: Date.now() + 5_000 }));
    const assertion = expect(hanging).rejects.toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(5_000);
    await assertion;
  });

  it('aborts the child signal when the caller aborts, with the caller abort as the error', async () => {
    const caller = new AbortController();
    let seen: AbortSignal | undefined;
    const handler = createTimeoutPolicy()((ctx) => {
      seen = ctx.signal;
      return new Promise(() => {});
    });
    const result = handler(makeContext({ signal: caller.signal }));
    caller.abort();
    await expect(result).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fails at once without calling the operation when the deadline has passed', async () => {
    const fn = vi.fn(async () => 'never');
    const handler = createTimeoutPolicy()(fn);
    await expect(handler(makeContext({ deadlineAt: Date.now() }))).rejects.toBeInstanceOf(TimeoutError);
    expect(fn).not.toHaveBeenCalled();
  });

  it('caps one attempt at attemptTimeoutMs', async () => {
    const handler = createTimeoutPolicy({ attemptTimeoutMs: 1000 })(() => new Promise(() => {}));
    const assertion = expect(handler(makeContext({ deadlineAt: Date.now() + 3000 }))).rejects.toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(1000);
    await assertion;
  });

  it('uses defaultTimeoutMs when the deadline is not finite', async () => {
    const handler = createTimeoutPolicy({ defaultTimeoutMs: 200 })(() => new Promise(() => {}));
    const assertion = expect(handler(makeContext({ deadlineAt: Number.POSITIVE_INFINITY }))).rejects.toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(200);
    await assertion;
  });

  it('passes the operation error through and stops listening to the caller signal', async () => {
    const caller = new AbortController();
    let seen: AbortSignal | undefined;
    const op = Promise.withResolvers<string>();
    const handler = createTimeoutPolicy()((ctx) => {
      seen = ctx.signal;
      return op.promise;
    });
    const result = handler(makeContext({ signal: caller.signal }));
    op.reject(new TransientError('boom'));
    await expect(result).rejects.toBeInstanceOf(TransientError);
    caller.abort();
    expect(seen?.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
