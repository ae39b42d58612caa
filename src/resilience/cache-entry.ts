// Pure cache decisions: how old an entry is, whether it is fresh, stale or expired, which failures may be
// answered from a stale entry, and the RFC 9211 Cache-Status values we write.

import { isGatewayError } from '../domain/errors.ts';

/** Cache settings of one operation. */
export interface CacheOperationSettings {
  /** Age up to which an answer is served without asking the upstream, s. */
  freshTtlSeconds: number;
  /** Age (from fetch, not from going stale) up to which an answer may be served on upstream failure, s. */
  staleTtlSeconds: number;
  /** How long a not-found answer is remembered, s. Default 0 (not remembered). */
  notFoundTtlSeconds?: number;
  /** Entries kept for this operation. Default: the policy's `maxEntries`. */
  maxEntries?: number;
  /** Bytes (by `sizeOf`) kept for this operation. Default: the policy's `maxBytes`. */
  maxBytes?: number;
}

/** A stored answer: a value, or a remembered not-found error. */
export type CacheEntry =
  | { readonly kind: 'value'; readonly value: unknown; readonly fetchedAt: number }
  | { readonly kind: 'not-found'; readonly error: unknown; readonly fetchedAt: number };

export type EntryState = 'fresh' | 'stale' | 'expired';

/** Whole seconds since `fetchedAt` (epoch ms), never negative. */
export function ageSeconds(fetchedAt: number, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - fetchedAt) / 1000));
}

/** Fresh within its TTL; a value is then stale until `staleTtlSeconds`; a not-found is never stale. */
export function entryState(entry: CacheEntry, nowMs: number, settings: CacheOperationSettings): EntryState {
  const ageMs = nowMs - entry.fetchedAt;
  if (entry.kind === 'not-found') return ageMs < (settings.notFoundTtlSeconds ?? 0) * 1000 ? 'fresh' : 'expired';
  if (ageMs < settings.freshTtlSeconds * 1000) return 'fresh';
  return ageMs < settings.staleTtlSeconds * 1000 ? 'stale' : 'expired';
}

/** Remaining freshness of a fresh entry, whole seconds (the `ttl` parameter). */
export function freshTtlLeftSeconds(entry: CacheEntry, nowMs: number, settings: CacheOperationSettings): number {
  const ttlSeconds = entry.kind === 'not-found' ? (settings.notFoundTtlSeconds ?? 0) : settings.freshTtlSeconds;
  return Math.max(0, Math.floor((entry.fetchedAt + ttlSeconds * 1000 - nowMs) / 1000));
}

const STALE_ELIGIBLE = new Set(['transient', 'timeout', 'circuit-open', 'overloaded', 'client-deadline']);

/**
 * True when a failure leaves the caller without an answer (upstream unavailable, or the caller's own deadline ran
 * out first), so a stale answer beats none; false for final answers.
 */
export function mayServeStale(error: unknown): boolean {
  return !isGatewayError(error) || STALE_ELIGIBLE.has(error.code);
}

/** Error code reported as the stale reason ('unknown' for errors outside the family). */
export function errorCodeOf(error: unknown): string {
  return isGatewayError(error) ? error.code : 'unknown';
}

/** Why the request went to the upstream, as RFC 9211 `fwd`. */
export type Forward = 'uri-miss' | 'stale' | 'request';

/** `gateway; hit; ttl=42` — answered from a fresh entry. */
export function hitStatus(ttlSeconds: number): string {
  return `gateway; hit; ttl=${ttlSeconds}`;
}

/** `gateway; fwd=uri-miss; stored` — forwarded; `stored` when kept, `collapsed` when it joined another call. */
export function forwardStatus(fwd: Forward, stored: boolean, collapsed: boolean): string {
  return `gateway; fwd=${fwd}${stored ? '; stored' : ''}${collapsed ? '; collapsed' : ''}`;
}

/**
 * `gateway; hit; fwd=stale; fwd-status=503; detail=stale-transient` — forwarded, the upstream was unavailable
 * (reported as 503 whatever the cause), and a stale entry answered. The detail names the error code.
 */
export function staleStatus(fwd: Forward, errorCode: string): string {
  return `gateway; hit; fwd=${fwd}; fwd-status=503; detail=stale-${errorCode}`;
}
