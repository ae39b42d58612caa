import { describe, expect, it } from 'vitest';
import { TransientError, UnauthorizedError } from '../domain/errors.ts';
import { acquireWithRetry } from './acquire.ts';
import { createCredentialCache } from './credential-cache.ts';
import type { AcquireReason } from './credential-cache.ts';
import { fakeSleep } from './testing.ts';

const live = (): AbortSignal => new AbortController().signal;

function counterCache(nowMs = () => 0) {
  const reasons: AcquireReason[] = [];
  const cache = createCredentialCache({
    now: nowMs,
    acquire: async (reason) => {
      reasons.push(reason);
      return { value: `c${reasons.length}`, renewAtMs: 1_000 };
    },
  });
  return { cache, reasons };
}

describe('credential cache', () => {
  it('does not throw away a newer credential when an old one is invalidated', async () => {
    const { cache, reasons } = counterCache();
    expect(await cache.get(live())).toBe('c1');
    cache.invalidate('c1');
    expect(await cache.get(live(), 'rejected')).toBe('c2');
    cache.invalidate('c1');
    expect(await cache.get(live())).toBe('c2');
    expect(reasons).toEqual(['missing', 'rejected']);
  });

  it('renews a credential once its renewal time has come', async () => {
    let nowMs = 0;
    const { cache, reasons } = counterCache(() => nowMs);
    await cache.get(live());
    nowMs = 1_000;
    expect(await cache.get(live())).toBe('c2');
    expect(reasons).toEqual(['missing', 'expiring']);
  });

  it('starts a fresh acquisition after a failed one', async () => {
    let attempts = 0;
    const cache = createCredentialCache({
      now: () => 0,
      acquire: async () => {
        attempts += 1;
        if (attempts === 1) throw new TransientError('down');
        return { value: 'ok', renewAtMs: 1_000 };
      },
    });
    await expect(cache.get(live())).rejects.toThrow('down');
    expect(await cache.get(live())).toBe('ok');
  });

  it('does not start an acquisition for a caller already aborted', async () => {
    const { cache, reasons } = counterCache();
    const reason = new Error('gone');
    await expect(cache.get(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(reasons).toEqual([]);
  });
});

describe('credential acquisition bounded by its callers', () => {
  /** The first acquisition hangs (a hung POST /token) until it is abandoned; later ones answer at once. */
  function hungOnce() {
    let attempts = 0;
    const cache = createCredentialCache({
      now: () => 0,
      acquire: (_reason, signal) => {
        attempts += 1;
        if (attempts > 1) return Promise.resolve({ value: `fresh-${attempts}`, renewAtMs: 1_000 });
        return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
      },
    });
    return { cache, attempts: () => attempts };
  }

  it('abandons a hung acquisition with the caller that started it, so the next caller gets a credential at once', async () => {
    const { cache } = hungOnce();
    const first = new AbortController();
    const hung = cache.get(first.signal);
    first.abort(new Error('deadline passed'));
    await expect(hung).rejects.toThrow('deadline passed');
    // The upstream answers again: no waiting for the hung request's own time limit.
    expect(await cache.get(AbortSignal.timeout(200))).toBe('fresh-2');
  });

  it('lets a caller that joined an abandoned acquisition start its own within its own deadline', async () => {
    const { cache, attempts } = hungOnce();
    const starter = new AbortController();
    const started = cache.get(starter.signal);
    const joined = cache.get(AbortSignal.timeout(500));
    starter.abort(new Error('gone'));
    await expect(started).rejects.toThrow('gone');
    expect(await joined).toBe('fresh-2');
    expect(attempts()).toBe(2);
  });

  it('ends the acquisition\'s retries when the signal it was given aborts', async () => {
    const controller = new AbortController();
    const hang = (signal: AbortSignal) => new Promise<string>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const pending = acquireWithRetry(hang, { upstream: 'population', what: 'token', sleep: fakeSleep(), timeoutMs: 60_000, signal: controller.signal });
    controller.abort(new Error('caller left'));
    await expect(pending).rejects.toBeInstanceOf(TransientError);
  });
});

describe('credential acquisition retry', () => {
  it('does not retry a final error', async () => {
    let attempts = 0;
    const attempt = async (): Promise<string> => {
      attempts += 1;
      throw new UnauthorizedError('no');
    };
    await expect(acquireWithRetry(attempt, { upstream: 'population', what: 'token', sleep: fakeSleep() })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(attempts).toBe(1);
  });

  it('turns running out of its time budget into a TransientError', async () => {
    const hang = (signal: AbortSignal) => new Promise<string>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const error = await acquireWithRetry(hang, { upstream: 'civil-status', what: 'login', sleep: fakeSleep(), timeoutMs: 20 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ upstream: 'civil-status', message: 'civil-status login did not complete within 20 ms' });
  });
});
