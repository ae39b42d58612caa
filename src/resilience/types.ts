// The shapes every resilience policy shares: the per-call context, its outcome and the policy signature.

/** Everything a policy knows about one call. Built once per call by the pipeline. */
export interface CallContext {
  /** Operation name, e.g. 'lookupCitizen'; picks per-operation settings (cache TTLs, breaker group). */
  readonly operation: string;
  /** Identity of the call's arguments (operation + args) for the cache and single-flight. Never emitted in events. */
  readonly key: string;
  /** Aborted when the caller gives up or the deadline passes. Policies may hand a derived signal down. */
  readonly signal: AbortSignal;
  /** Deadline of the whole call, epoch ms on the injected clock. */
  readonly deadlineAt: number;
  /** The client sent `Cache-Control: no-cache`: skip fresh cache hits (stale may still be served on failure). */
  readonly bypassCache: boolean;
  /** 0 for the first try; the retry policy sets it before each attempt. */
  attempt: number;
  /** Filled by the policies so the HTTP edge can write `Cache-Status`, `Age` and `meta`. */
  readonly outcome: CallOutcome;
}

/** How an answer was produced. Shared (same object) by every policy of one call. */
export interface CallOutcome {
  /** 'fresh' = from the upstream now, 'cached' = fresh cache hit, 'stale' = cached answer past its fresh TTL served on failure. */
  freshness: 'fresh' | 'cached' | 'stale';
  /** When the answer was fetched from the upstream, epoch ms. */
  fetchedAt: number;
  /** Whole seconds since `fetchedAt` (the `Age` header). */
  ageSeconds: number;
  /** RFC 9211 `Cache-Status` value, e.g. 'gateway; hit; ttl=42' or 'gateway; fwd=uri-miss; stored'. */
  cacheStatus: string;
  /** Retries made (attempts − 1) by the retry policy. */
  retries: number;
  /** True when this caller joined another identical call already in flight. */
  sharedFlight: boolean;
  /** Error code of the failure that made us serve a stale answer. */
  staleReason?: string;
}

/** The innermost function or any wrapped stage: does the call for one context. */
export type Handler<T> = (ctx: CallContext) => Promise<T>;

/** A policy wraps the next stage. Policies keep their state in their factory, never in the wrap. */
export type Policy = <T>(next: Handler<T>) => Handler<T>;
