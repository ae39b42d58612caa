import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CircuitOpenError, InvalidInputError, NotFoundError, OverloadedError, TimeoutError, TransientError,
} from '../domain/errors.ts';
import { createCachePolicy, type CachePolicyOptions } from './cache.ts';
import { makeContext, recordEvents } from './testing.ts';

const T0 = 1_700_000_000_000;
const operations = { lookupThing: { freshTtlSeconds: 60, staleTtlSeconds: 3600, notFoundTtlSeconds: 30 } };

describe('cache policy', () => {
  let recorded: ReturnType<typeof recordEvents>;
  const make = (extra: Partial<CachePolicyOptions> = {}) => createCachePolicy({ operations, onEvent: recorded.onEvent, ...extra });

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    recorded = recordEvents();
  });
  afterEach(() => vi.useRealTimers());

  it('stores a miss and answers the next call from cache without the upstream', async () => {
    const cache = make();
    const fn = vi.fn(async () => ({ name: 'Nguyễn Văn A' }));
    const first = makeContext();
    await expect(cache(fn)(first)).resolves.toEqual({ name: 'Nguyễn Văn A' });
    expect(first.outcome).toMatchObject({ freshness: 'fresh', fetchedAt: T0, ageSeconds: 0, cacheStatus: 'gateway; fwd=uri-miss; stored' });

    vi.advanceTimersByTime(12_500);
    const second = makeContext();
    await expect(cache(fn)(second)).resolves.toEqual({ name: 'Nguyễn Văn A' });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(second.outcome).toMatchObject({ freshness: 'cached', fetchedAt: T0, ageSeconds: 12, cacheStatus: 'gateway; hit; ttl=47' });
    expect(cache.snapshot().lookupThing).toMatchObject({ size: 1, hits: 1, misses: 1, staleServed: 0, hitRatio: 0.5 });
  });

  it('asks the upstream again when the client bypasses the cache or the entry is no longer fresh', async () => {
    const cache = make();
    let n = 0;
    const fn = vi.fn(async () => ++n);
    await cache(fn)(makeContext());
    const bypass = makeContext({ bypassCache: true });
    await expect(cache(fn)(bypass)).resolves.toBe(2);
    expect(bypass.outcome.cacheStatus).toBe('gateway; fwd=request; stored');
    vi.advanceTimersByTime(60_000);
    const expired = makeContext();
    await expect(cache(fn)(expired)).resolves.toBe(3);
    expect(expired.outcome.cacheStatus).toBe('gateway; fwd=stale; stored');
  });

  it('remembers a not-found for notFoundTtlSeconds and rethrows it', async () => {
    const cache = make();
    const fn = vi.fn(async () => {
      throw new NotFoundError('no such citizen');
    });
    await expect(cache(fn)(makeContext())).rejects.toBeInstanceOf(NotFoundError);
    const hit = makeContext();
    await expect(cache(fn)(hit)).rejects.toBeInstanceOf(NotFoundError);
    expect(hit.outcome).toMatchObject({ freshness: 'cached', cacheStatus: 'gateway; hit; ttl=30' });
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(30_000);
    await expect(cache(fn)(makeContext())).rejects.toBeInstanceOf(NotFoundError);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('never caches other errors, and never answers them with a stale entry', async () => {
    const cache = make();
    await cache(async () => 'old')(makeContext());
    vi.advanceTimersByTime(61_000);
    const fn = vi.fn(async () => {
      throw new InvalidInputError('bad id');
    });
    await expect(cache(fn)(makeContext())).rejects.toBeInstanceOf(InvalidInputError);
    await expect(cache(fn)(makeContext())).rejects.toBeInstanceOf(InvalidInputError);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['transient', new TransientError('502')],
    ['timeout', new TimeoutError('slow')],
    ['circuit-open', new CircuitOpenError('open')],
    ['overloaded', new OverloadedError('shed')],
    ['unknown', new Error('socket hang up')],
  ])('serves a stale answer on a %s failure and says so', async (code, error) => {
    const cache = make();
    await cache(async () => 'old')(makeContext());
    vi.advanceTimersByTime(600_000);
    const ctx = makeContext();
    await expect(cache(async () => Promise.reject(error))(ctx)).resolves.toBe('old');
    expect(ctx.outcome).toEqual({
      freshness: 'stale', fetchedAt: T0, ageSeconds: 600, retries: 0, sharedFlight: false, staleReason: code,
      cacheStatus: `gateway; hit; fwd=stale; fwd-status=503; detail=stale-${code}`,
    });
    expect(cache.snapshot().lookupThing?.staleServed).toBe(1);
  });

  it('drops entries older than staleTtlSeconds and fails as the upstream did', async () => {
    const cache = make();
    await cache(async () => 'old')(makeContext());
    vi.advanceTimersByTime(3_600_000);
    await expect(cache(async () => Promise.reject(new TransientError('down')))(makeContext())).rejects.toBeInstanceOf(TransientError);
    expect(cache.snapshot().lookupThing?.size).toBe(0);
  });

  it('gives a private reader neither a hit nor a stale answer, but stores its answer for everyone', async () => {
    const cache = make();
    await cache(async () => 'shared')(makeContext());
    const privateCall = makeContext({ privateReader: '31150' });
    await expect(cache(async () => 'own')(privateCall)).resolves.toBe('own');
    expect(privateCall.outcome.cacheStatus).toBe('gateway; fwd=request; stored');
    await expect(cache(async () => 'unused')(makeContext())).resolves.toBe('own');
    vi.advanceTimersByTime(61_000);
    await expect(cache(async () => { throw new TransientError('down'); })(makeContext({ privateReader: '31150' }))).rejects.toThrow('down');
    await expect(cache(async () => { throw new TransientError('down'); })(makeContext())).resolves.toBe('own');
  });

  it('passes operations that are not configured straight through', async () => {
    const cache = make();
    const fn = vi.fn(async () => 'x');
    const ctx = makeContext({ operation: 'submitVerification' });
    await cache(fn)(ctx);
    await cache(fn)(makeContext({ operation: 'submitVerification' }));
    expect(fn).toHaveBeenCalledTimes(2);
    expect(ctx.outcome).toMatchObject({ freshness: 'fresh', cacheStatus: 'gateway; fwd=uri-miss' });
    expect(cache.snapshot()).not.toHaveProperty('submitVerification');
  });

  it('bounds each operation by entries and bytes, evicting the least recently used', async () => {
    const byEntries = make({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) await byEntries(async () => key)(makeContext({ key }));
    expect(byEntries.snapshot().lookupThing?.size).toBe(2);

    const byBytes = make({ maxBytes: 100, sizeOf: () => 40 });
    for (const key of ['a', 'b', 'c']) await byBytes(async () => key)(makeContext({ key }));
    expect(byBytes.snapshot().lookupThing).toMatchObject({ size: 2, bytes: 82 });

    const tooBig = makeContext({ key: 'huge' });
    await make({ maxBytes: 10, sizeOf: () => 1000 })(async () => 'x')(tooBig);
    expect(tooBig.outcome.cacheStatus).toBe('gateway; fwd=uri-miss');
  });

  it('emits hit, miss and stale-served events without cache keys', async () => {
    const cache = make();
    await cache(async () => 'v')(makeContext({ key: '001099012345' }));
    await cache(async () => 'v')(makeContext({ key: '001099012345' }));
    vi.advanceTimersByTime(61_000);
    await cache(async () => Promise.reject(new TransientError('down')))(makeContext({ key: '001099012345' }));
    expect(recorded.events.map((e) => e.type === 'cache' && e.result)).toEqual(['miss', 'hit', 'miss', 'stale-served']);
    expect(JSON.stringify(recorded.events)).not.toContain('001099012345');
  });
});
