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
  /**
   * The upstream's own deadline for this call, epoch ms (the operation's configured deadline, or the gateway's
   * longest request time if shorter). `deadlineAt` is earlier only when the caller asked for less (Request-Timeout):
   * the call then ends for the caller at `deadlineAt`, while the shared upstream call runs on to this one, so a
   * caller's own deadline never reaches the breaker, the retry budget or health. Default: `deadlineAt`.
   */
  readonly upstreamDeadlineAt?: number;
  /**
   * Set for a call the upstream must perform at most once (a verification), epoch ms: an attempt already sent is not
   * abandoned at `deadlineAt` while the upstream may still be performing it, but runs on to this later bound, and
   * the caller waits for it; an attempt whose outcome is unknown (timeout, cut-off answer) is not retried.
   * `deadlineAt` still bounds when retries may start. Default: none (abandoned at `deadlineAt`, retried freely).
   */
  readonly sentCallDeadlineAt?: number;
  /**
   * Who asks (an API key's identity, or the queue's own), for the bulkhead's fair share between clients.
   * Never emitted in events. Default: one shared anonymous identity.
   */
  readonly clientKey?: string;
  /** The client sent `Cache-Control: no-cache`: skip fresh cache hits (stale may still be served on failure). */
  readonly bypassCache: boolean;
  /**
   * Set when the caller may not take answers others obtained (e.g. a commune the upstream has not confirmed): no
   * cache hit, no stale answer, and only flights of the same reader are joined. Its own answer is still stored.
   */
  readonly privateReader?: string;
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
