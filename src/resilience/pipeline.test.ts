import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CircuitOpenError, NotFoundError, TimeoutError, TransientError } from '../domain/errors.ts';
import { createUpstreamPipeline, type UpstreamPipeline, type UpstreamPipelineOptions } from './pipeline.ts';
import { recordEvents } from './testing.ts';
import type { CallContext } from './types.ts';

const T0 = 1_700_000_000_000;
const cache = { operations: { lookupCitizen: { freshTtlSeconds: 60, staleTtlSeconds: 86_400, notFoundTtlSeconds: 30 } } };

describe('upstream pipeline', () => {
  let pipeline: UpstreamPipeline;
  let recorded: ReturnType<typeof recordEvents>;
  const build = (extra: Partial<UpstreamPipelineOptions> = {}) => {
    pipeline?.dispose();
    pipeline = createUpstreamPipeline({ name: 'population', cache, random: () => 0.5, onEvent: recorded.onEvent, ...extra });
    return pipeline;
  };
  const call = (key: string, extra: { deadlineMs?: number; signal?: AbortSignal } = {}) => ({
    operation: 'lookupCitizen',
    key: `lookupCitizen:${key}`,
    signal: extra.signal ?? new AbortController().signal,
    deadlineAt: Date.now() + (extra.deadlineMs ?? 3000),
  });
  const down = async (): Promise<string> => {
    throw new TransientError('502 Bad Gateway');
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    recorded = recordEvents();
    build();
  });
  afterEach(() => {
    pipeline.dispose();
    vi.useRealTimers();
  });

  it('answers a fresh hit synchronously with cached(), and leaves misses, bypasses and stale entries to execute()', async () => {
    expect(pipeline.cached(call('1'))).toBeUndefined();
    await pipeline.execute(call('1'), async () => 'citizen');
    vi.setSystemTime(T0 + 5_000);
    expect(pipeline.cached(call('1'))).toEqual({
      value: 'citizen',
      outcome: expect.objectContaining({ freshness: 'cached', fetchedAt: T0, ageSeconds: 5, cacheStatus: 'gateway; hit; ttl=55' }),
    });
    expect(pipeline.cached({ ...call('1'), bypassCache: true })).toBeUndefined();
    expect(pipeline.snapshot().cache['lookupCitizen']).toMatchObject({ hits: 1, misses: 1 });
    vi.setSystemTime(T0 + 61_000);
    expect(pipeline.cached(call('1'))).toBeUndefined();
  });

  it('throws a remembered not-found from cached()', async () => {
    await expect(pipeline.execute(call('404'), async () => { throw new NotFoundError('no such citizen', { upstream: 'population' }); })).rejects.toThrow(NotFoundError);
    expect(() => pipeline.cached(call('404'))).toThrow(NotFoundError);
  });

  it('fetches once, then answers from cache with the outcome the edge needs', async () => {
    const fn = vi.fn(async () => 'citizen');
    await expect(pipeline.execute(call('1'), fn)).resolves.toEqual({
      value: 'citizen',
      outcome: { freshness: 'fresh', fetchedAt: T0, ageSeconds: 0, cacheStatus: 'gateway; fwd=uri-miss; stored', retries: 0, sharedFlight: false },
    });
    vi.advanceTimersByTime(5_000);
    const second = await pipeline.execute(call('1'), fn);
    expect(second.outcome).toMatchObject({ freshness: 'cached', ageSeconds: 5, cacheStatus: 'gateway; hit; ttl=55' });
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('retries a transient failure and reports the retries', async () => {
    let n = 0;
    const fn = vi.fn(async () => (++n < 3 ? Promise.reject(new TransientError('busy')) : 'ok'));
    const result = pipeline.execute(call('1'), fn);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toMatchObject({ value: 'ok', outcome: { retries: 2, freshness: 'fresh' } });
  });

  it('serves the stale answer while the breaker is open, without calling the upstream', async () => {
    await pipeline.execute(call('1'), async () => 'yesterday');
    vi.advanceTimersByTime(3_600_000);
    for (let i = 0; i < 10; i++) {
      const failing = pipeline.execute(call(`other-${i}`), down).catch(() => {});
      await vi.advanceTimersByTimeAsync(1_000);
      await failing;
    }
    expect(pipeline.snapshot().breakers.population?.state).toBe('open');

    const fn = vi.fn(down);
    const { value, outcome } = await pipeline.execute(call('1'), fn);
    expect(fn).not.toHaveBeenCalled();
    expect(value).toBe('yesterday');
    expect(outcome).toMatchObject({ freshness: 'stale', staleReason: 'circuit-open', ageSeconds: 3_610 });
    expect(recorded.events).toContainEqual(expect.objectContaining({ type: 'breaker-state', group: 'population', state: 'open' }));
    expect(recorded.events).toContainEqual(expect.objectContaining({ type: 'cache', result: 'stale-served' }));
  });

  it('never opens the breaker on a storm of not-found answers', async () => {
    const fn = vi.fn(async () => Promise.reject(new NotFoundError('no such citizen')));
    for (let i = 0; i < 500; i++) await pipeline.execute(call(`${i}`), fn).catch(() => {});
    expect(fn).toHaveBeenCalledTimes(500);
    expect(pipeline.snapshot().breakers.population).toMatchObject({ state: 'closed', failures: 0 });
  });

  it('keeps upstream attempts within the retry budget when everything fails', async () => {
    build({ breaker: { errorThresholdPercentage: 100 }, bulkhead: { maxConcurrent: 2000, maxQueue: 0 } });
    const fn = vi.fn(down);
    const calls = Array.from({ length: 1000 }, (_, i) => pipeline.execute(call(`${i}`), fn).catch(() => {}));
    await vi.advanceTimersByTimeAsync(3_000);
    await Promise.all(calls);
    expect(fn.mock.calls.length).toBeLessThanOrEqual(1.2 * 1000 + 3);
    expect(pipeline.snapshot().retryBudget.refused).toBeGreaterThan(0);
  });

  it('lets 100 concurrent identical lookups reach the upstream once, and the next one hits the cache', async () => {
    const upstream = Promise.withResolvers<string>();
    const fn = vi.fn(() => upstream.promise);
    const calls = Array.from({ length: 100 }, () => pipeline.execute(call('1'), fn));
    upstream.resolve('citizen');
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.outcome.sharedFlight)).toHaveLength(99);
    expect(results[1]?.outcome.cacheStatus).toBe('gateway; fwd=uri-miss; stored; collapsed');
    await pipeline.execute(call('1'), fn);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('answers by the deadline when the upstream hangs: stale if cached, TimeoutError otherwise', async () => {
    await pipeline.execute(call('1'), async () => 'old');
    vi.advanceTimersByTime(120_000);
    const signals: AbortSignal[] = [];
    const hang = (ctx: CallContext) => {
      signals.push(ctx.signal);
      return new Promise<string>(() => {});
    };
    const stale = pipeline.execute(call('1'), hang);
    const nothing = pipeline.execute(call('2'), hang);
    const assertion = expect(nothing).rejects.toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(3_000);
    await expect(stale).resolves.toMatchObject({ value: 'old', outcome: { freshness: 'stale', staleReason: 'timeout' } });
    await assertion;
    expect(signals.every((s) => s.aborted)).toBe(true);
  });

  it('offers one snapshot of every policy', async () => {
    await pipeline.execute(call('1'), async () => 'v');
    expect(pipeline.snapshot()).toMatchObject({
      name: 'population',
      cache: { lookupCitizen: { size: 1, misses: 1 } },
      singleFlight: { inFlight: 0 },
      bulkhead: { name: 'population', inFlight: 0 },
      breakers: { population: { state: 'closed', successes: 1 } },
      retryBudget: { calls: 1, retries: 0 },
    });
  });
});

describe('upstream pipeline with real time', () => {
  it('rejects in well under 20 ms without calling the upstream once the breaker is open', async () => {
    const pipeline = createUpstreamPipeline({ name: 'land', retry: { maxAttempts: 1 } });
    const call = { operation: 'lookupParcel', key: 'p', signal: new AbortController().signal, deadlineAt: Date.now() + 3000 };
    for (let i = 0; i < 10; i++) await pipeline.execute(call, async () => Promise.reject(new TransientError('down'))).catch(() => {});
    const fn = vi.fn(async () => 'never');
    const started = performance.now();
    const error = await pipeline.execute(call, fn).catch((e: unknown) => e);
    const elapsedMs = performance.now() - started;
    pipeline.dispose();
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(fn).not.toHaveBeenCalled();
    expect(elapsedMs).toBeLessThan(10);
  });
});
