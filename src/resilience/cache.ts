// Cache policy: fresh hits answer without the upstream; misses are fetched and stored; not-found answers are
// remembered briefly; on an upstream failure a stale answer is served and marked. In memory only.

import { LRUCache } from 'lru-cache';
import { isGatewayError } from '../domain/errors.ts';
import {
  ageSeconds, entryState, errorCodeOf, forwardStatus, freshTtlLeftSeconds, hitStatus, mayServeStale, staleStatus,
  type CacheEntry, type CacheOperationSettings, type Forward,
} from './cache-entry.ts';
import { safeListener, type ResilienceListener } from './events.ts';
import type { CallContext, Handler, Policy } from './types.ts';

export type { CacheOperationSettings } from './cache-entry.ts';

export interface CachePolicyOptions {
  /** Cached operations by name; operations not listed pass through uncached. */
  operations: Readonly<Record<string, CacheOperationSettings>>;
  /** Entries kept per operation. Default 10_000. */
  maxEntries?: number;
  /** Bytes kept per operation, as measured by `sizeOf`. Default 50 MB (50 × 1024 × 1024). */
  maxBytes?: number;
  /** Approximate size of a value, bytes. Default: length of its JSON. */
  sizeOf?: (value: unknown) => number;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
  onEvent?: ResilienceListener;
}

export interface CacheSnapshot {
  size: number;
  bytes: number;
  hits: number;
  misses: number;
  staleServed: number;
  /** hits / (hits + misses), 0 before any lookup. */
  hitRatio: number;
}

export interface CachePolicy extends Policy {
  /**
   * The fresh-hit step alone, synchronously: the cached value when the call may take it (counted, reported and
   * written to `ctx.outcome` as a hit), undefined when it must go on to the upstream. A remembered not-found is
   * thrown. The policy itself starts with this step.
   */
  freshHit(ctx: CacheLookup): { value: unknown } | undefined;
  /** Counters per cached operation (cumulative) and current size. */
  snapshot(): Record<string, CacheSnapshot>;
}

/** What a fresh-hit lookup reads of a call, and the outcome it fills in: it never waits, so no signal or deadline. */
export type CacheLookup = Pick<CallContext, 'operation' | 'key' | 'bypassCache' | 'privateReader' | 'outcome'>;

interface OperationCache {
  settings: CacheOperationSettings;
  lru: LRUCache<string, CacheEntry>;
  hits: number;
  misses: number;
  staleServed: number;
}

const NOT_FOUND_SIZE = 64;
const jsonLength = (value: unknown) => JSON.stringify(value)?.length ?? 1;

export function createCachePolicy(options: CachePolicyOptions): CachePolicy {
  const now = options.now ?? Date.now;
  const emit = safeListener(options.onEvent);
  const sizeOf = options.sizeOf ?? jsonLength;
  const caches = new Map<string, OperationCache>();
  for (const [operation, settings] of Object.entries(options.operations)) {
    const lru = new LRUCache<string, CacheEntry>({
      max: settings.maxEntries ?? options.maxEntries ?? 10_000,
      maxSize: settings.maxBytes ?? options.maxBytes ?? 50 * 1024 * 1024,
      sizeCalculation: (entry, key) =>
        Math.max(1, key.length + (entry.kind === 'value' ? sizeOf(entry.value) : NOT_FOUND_SIZE)),
    });
    caches.set(operation, { settings, lru, hits: 0, misses: 0, staleServed: 0 });
  }

  const store = (cache: OperationCache, key: string, entry: CacheEntry): boolean => {
    const status: LRUCache.Status<string, CacheEntry> = {};
    cache.lru.set(key, entry, { status });
    return status.set !== undefined && status.set !== 'miss';
  };
  const forwarded = (ctx: CallContext, fetchedAt: number, fwd: Forward, stored: boolean) => {
    const cacheStatus = forwardStatus(fwd, stored, ctx.outcome.sharedFlight);
    Object.assign(ctx.outcome, { freshness: 'fresh', fetchedAt, ageSeconds: 0, cacheStatus });
  };
  const answered = (ctx: CacheLookup, freshness: 'cached' | 'stale', entry: CacheEntry, nowMs: number, cacheStatus: string) => {
    Object.assign(ctx.outcome, { freshness, fetchedAt: entry.fetchedAt, ageSeconds: ageSeconds(entry.fetchedAt, nowMs), cacheStatus });
  };

  function freshHit(ctx: CacheLookup): { value: unknown } | undefined {
    const cache = caches.get(ctx.operation);
    if (!cache || ctx.bypassCache || ctx.privateReader !== undefined) return undefined;
    const at = now();
    const entry = cache.lru.get(ctx.key);
    if (!entry || entryState(entry, at, cache.settings) !== 'fresh') return undefined;
    cache.hits++;
    emit({ type: 'cache', operation: ctx.operation, result: 'hit', at });
    answered(ctx, 'cached', entry, at, hitStatus(freshTtlLeftSeconds(entry, at, cache.settings)));
    if (entry.kind === 'not-found') throw entry.error;
    return { value: entry.value };
  }

  function cachePolicy<T>(next: Handler<T>): Handler<T> {
    return async function withCache(ctx: CallContext): Promise<T> {
      const hit = freshHit(ctx);
      if (hit) return hit.value as T;
      const cache = caches.get(ctx.operation);
      if (!cache) {
        const value = await next(ctx);
        forwarded(ctx, now(), 'uri-miss', false);
        return value;
      }
      const { settings } = cache;
      const startedAt = now();
      let entry = cache.lru.get(ctx.key);
      if (entry && entryState(entry, startedAt, settings) === 'expired') {
        cache.lru.delete(ctx.key);
        entry = undefined;
      }

      cache.misses++;
      emit({ type: 'cache', operation: ctx.operation, result: 'miss', at: startedAt });
      const fwd: Forward = ctx.bypassCache || ctx.privateReader !== undefined ? 'request' : entry ? 'stale' : 'uri-miss';
      try {
        const value = await next(ctx);
        const fetchedAt = now();
        forwarded(ctx, fetchedAt, fwd, store(cache, ctx.key, { kind: 'value', value, fetchedAt }));
        return value;
      } catch (error) {
        const failedAt = now();
        if (isGatewayError(error) && error.code === 'not-found') {
          const remember = (settings.notFoundTtlSeconds ?? 0) > 0;
          forwarded(ctx, failedAt, fwd, remember && store(cache, ctx.key, { kind: 'not-found', error, fetchedAt: failedAt }));
          throw error;
        }
        if (!mayServeStale(error) || ctx.privateReader !== undefined) throw error;
        // Re-read: a concurrent call may have stored a newer answer while this one failed.
        const fallback = cache.lru.get(ctx.key);
        if (fallback?.kind !== 'value' || entryState(fallback, failedAt, settings) === 'expired') throw error;
        cache.staleServed++;
        emit({ type: 'cache', operation: ctx.operation, result: 'stale-served', at: failedAt });
        const reason = errorCodeOf(error);
        answered(ctx, 'stale', fallback, failedAt, staleStatus(fwd, reason));
        ctx.outcome.staleReason = reason;
        return fallback.value as T;
      }
    };
  }

  return Object.assign(cachePolicy, {
    freshHit,
    snapshot: () =>
      Object.fromEntries(
        [...caches].map(([operation, c]) => {
          const lookups = c.hits + c.misses;
          const snapshot: CacheSnapshot = {
            size: c.lru.size, bytes: c.lru.calculatedSize, hits: c.hits, misses: c.misses,
            staleServed: c.staleServed, hitRatio: lookups === 0 ? 0 : c.hits / lookups,
          };
          return [operation, snapshot];
        }),
      ),
  });
}
