// The upstream pipeline: cache → single-flight → bulkhead → breaker → retry → timeout → operation, built once
// per upstream, with one clock, one sleep, one random source and one event listener shared by all policies.

import { createBreakerPolicy, type BreakerPolicy, type BreakerPolicyOptions, type BreakerSnapshot } from './breaker.ts';
import { createBulkheadPolicy, type BulkheadSnapshot } from './bulkhead.ts';
import { createCachePolicy, type CacheOperationSettings, type CacheSnapshot } from './cache.ts';
import { compose } from './compose.ts';
import type { ResilienceListener } from './events.ts';
import { createRetryBudget, type RetryBudgetOptions, type RetryBudgetSnapshot } from './retry-budget.ts';
import { createRetryPolicy, type RetryPolicyOptions } from './retry.ts';
import { createSingleFlightPolicy, type SingleFlightSnapshot } from './single-flight.ts';
import { sleep as realSleep, type Sleep } from './sleep.ts';
import { createTimeoutPolicy, type TimeoutPolicyOptions } from './timeout.ts';
import type { CallContext, CallOutcome, Handler } from './types.ts';

type Injected = 'now' | 'sleep' | 'random' | 'onEvent' | 'budget' | 'groupOf';

export interface UpstreamPipelineOptions {
  /** Label of the pipeline (e.g. the upstream's name): names its bulkhead and, by default, its breaker group. */
  name: string;
  /** Breaker group of an operation. Default: every operation in the one group `name`. */
  groupOf?: (operation: string) => string;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Abortable wait used between retries. Default: setTimeout-based `sleep`. */
  sleep?: Sleep;
  /** Uniform [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** Receives every policy's events. */
  onEvent?: ResilienceListener;
  /** Cached operations and limits. Default: nothing cached. */
  cache?: {
    operations: Readonly<Record<string, CacheOperationSettings>>;
    maxEntries?: number;
    maxBytes?: number;
    sizeOf?: (value: unknown) => number;
  };
  /** Concurrency limit. Defaults: maxConcurrent 32, maxQueue 64, queueTimeoutMs 250. */
  bulkhead?: { maxConcurrent?: number; maxQueue?: number; queueTimeoutMs?: number };
  breaker?: Omit<BreakerPolicyOptions, Injected>;
  retry?: Omit<RetryPolicyOptions, Injected>;
  retryBudget?: Omit<RetryBudgetOptions, 'now'>;
  timeout?: Omit<TimeoutPolicyOptions, 'now'>;
  /** Whether identical concurrent calls share one upstream call (single-flight.ts `share`). Default true. */
  shareCalls?: boolean;
}

/** One call through the pipeline. */
export interface UpstreamCall {
  operation: string;
  /** Identity of operation + arguments; used as cache and single-flight key, never logged by this layer. */
  key: string;
  signal: AbortSignal;
  /** Epoch ms on the pipeline's clock. */
  deadlineAt: number;
  /** See `CallContext.upstreamDeadlineAt`. Default `deadlineAt`. */
  upstreamDeadlineAt?: number;
  /** See `CallContext.sentCallDeadlineAt`: set for a call the upstream must perform at most once. */
  sentCallDeadlineAt?: number;
  /** See `CallContext.clientKey`. */
  clientKey?: string;
  /** `Cache-Control: no-cache`. Default false. */
  bypassCache?: boolean;
  /** See `CallContext.privateReader`. */
  privateReader?: string;
}

/** What a synchronous cache lookup needs of a call. */
export type CacheProbe = Pick<UpstreamCall, 'operation' | 'key' | 'bypassCache'>;

export interface PipelineSnapshot {
  name: string;
  cache: Record<string, CacheSnapshot>;
  singleFlight: SingleFlightSnapshot;
  bulkhead: BulkheadSnapshot;
  breakers: Record<string, BreakerSnapshot>;
  retryBudget: RetryBudgetSnapshot;
}

export interface UpstreamPipeline {
  /** Runs `fn` through every policy; resolves with the value and how it was obtained. */
  execute<T>(call: UpstreamCall, fn: Handler<T>): Promise<{ value: T; outcome: CallOutcome }>;
  /**
   * The answer `execute` would give from a fresh cache entry, without the asynchronous policies; undefined when
   * the call must go to `execute`. A remembered not-found is thrown. Counted and reported like any cache hit.
   */
  cached<T>(call: CacheProbe): { value: T; outcome: CallOutcome } | undefined;
  snapshot(): PipelineSnapshot;
  /** The breaker policy, for `forceOpen(group)` / `reset(group)`. */
  readonly breaker: BreakerPolicy;
  /** The breaker group an operation belongs to. */
  groupOf(operation: string): string;
  /** Stops the breakers' timers (tests, shutdown). */
  dispose(): void;
}

export function createUpstreamPipeline(options: UpstreamPipelineOptions): UpstreamPipeline {
  const { name, onEvent } = options;
  const now = options.now ?? Date.now;
  const groupOf = options.groupOf ?? (() => name);
  const cache = createCachePolicy({ ...options.cache, operations: options.cache?.operations ?? {}, now, onEvent });
  const singleFlight = createSingleFlightPolicy({ now, share: options.shareCalls });
  const bulkhead = createBulkheadPolicy({
    name,
    maxConcurrent: options.bulkhead?.maxConcurrent ?? 32,
    maxQueue: options.bulkhead?.maxQueue ?? 64,
    queueTimeoutMs: options.bulkhead?.queueTimeoutMs,
    now,
    onEvent,
  });
  const breaker = createBreakerPolicy({ ...options.breaker, groupOf, now, onEvent });
  const budget = createRetryBudget({ ...options.retryBudget, now });
  const retry = createRetryPolicy({
    ...options.retry,
    budget,
    now,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    onEvent,
  });
  const timeout = createTimeoutPolicy({ ...options.timeout, now });
  const policy = compose(cache, singleFlight, bulkhead, breaker, retry, timeout);

  const freshOutcome = (): CallOutcome =>
    ({ freshness: 'fresh', fetchedAt: now(), ageSeconds: 0, cacheStatus: 'gateway; fwd=uri-miss', retries: 0, sharedFlight: false });
  const contextOf = (call: UpstreamCall): CallContext => ({
    operation: call.operation,
    key: call.key,
    signal: call.signal,
    deadlineAt: call.deadlineAt,
    upstreamDeadlineAt: call.upstreamDeadlineAt,
    sentCallDeadlineAt: call.sentCallDeadlineAt,
    clientKey: call.clientKey,
    bypassCache: call.bypassCache ?? false,
    privateReader: call.privateReader,
    attempt: 0,
    outcome: freshOutcome(),
  });

  return {
    async execute<T>(call: UpstreamCall, fn: Handler<T>) {
      const ctx = contextOf(call);
      const value = await policy(fn)(ctx);
      return { value, outcome: ctx.outcome };
    },
    cached<T>(call: CacheProbe) {
      const ctx = { operation: call.operation, key: call.key, bypassCache: call.bypassCache ?? false, outcome: freshOutcome() };
      const hit = cache.freshHit(ctx);
      return hit && { value: hit.value as T, outcome: ctx.outcome };
    },
    snapshot: () => ({
      name,
      cache: cache.snapshot(),
      singleFlight: singleFlight.snapshot(),
      bulkhead: bulkhead.snapshot(),
      breakers: breaker.snapshot(),
      retryBudget: budget.snapshot(),
    }),
    breaker,
    groupOf,
    dispose: () => breaker.dispose(),
  };
}
