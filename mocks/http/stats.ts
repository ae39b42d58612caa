// Counters a simulator keeps about the calls it received, so resilience tests can assert on what reached the
// upstream (retries, duplicates, concurrency) rather than only on what the client saw.

/** Served at GET /__sim/stats. Every business call ends as exactly one of succeeded, failed or aborted. */
export interface SimulatorStats {
  /** Business calls received (auth and /__sim calls excluded). */
  requests: number;
  byPath: Record<string, number>;
  /** Business calls admitted and not yet answered or closed. */
  inFlight: number;
  /** High-water mark of inFlight since start or the last reset. */
  maxInFlight: number;
  /** Business calls whose client went away before the answer was sent. */
  aborted: number;
  /** Business calls answered by the business logic, including not-found and invalid-input answers. */
  succeeded: number;
  /** Business calls that got an injected fault or an auth rejection (expired token/session, bad credentials). */
  failed: number;
  /** Population only: POST /token calls. */
  tokenRequests?: number;
  /** Civil status only: login calls. */
  loginRequests?: number;
  /** Population only: how often each maYeuCau was seen. */
  requestIds?: Record<string, number>;
  /** Population only: maYeuCau values seen more than once. */
  duplicateRequestIds?: number;
  /**
   * Per named operation (population: `traCuu`, `xacThuc`), what its business logic performed. A call counts when
   * the upstream performs it, at the end of its latency, whether or not its client is still there (an upstream does
   * not notice a client that gave up); refused or failed calls (down, busy, injected errors, hang) never count.
   * `duplicates` = request IDs (maYeuCau) performed more than once: the same request carried out twice upstream.
   * `pending` = calls that got past the faults and are still in their latency (performed or not, they will be).
   */
  operations?: Record<string, OperationStats>;
}

export interface OperationStats {
  processed: { calls: number; duplicates: number; pending: number };
}

export type CallEnd = 'succeeded' | 'failed' | 'aborted';

export interface StatsRecorderOptions {
  /** Name of the auth counter in the snapshot; omitted for upstreams without a login. */
  authCounter?: 'tokenRequests' | 'loginRequests';
  /** Whether to keep request-ID counts (population). */
  requestIds?: boolean;
}

export interface StatsRecorder {
  received(path: string): void;
  admitted(): void;
  ended(end: CallEnd, wasAdmitted: boolean): void;
  authRequest(): void;
  requestId(id: string): void;
  /** A call of `operation` got past the faults: it will be performed at the end of its latency. */
  willPerform(operation: string): void;
  /** The business logic of `operation` performed a call carrying request ID `id` (if it had one). */
  processed(operation: string, id: string | undefined): void;
  snapshot(): SimulatorStats;
  /** Business calls admitted and not yet ended, for the concurrency cap. */
  inFlight(): number;
  /** Zeroes the counters; calls in flight stay counted in inFlight. */
  reset(): void;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export function createStatsRecorder(options: StatsRecorderOptions = {}): StatsRecorder {
  const listeners = new Set<() => void>();
  let counters = { requests: 0, maxInFlight: 0, aborted: 0, succeeded: 0, failed: 0, auth: 0 };
  let byPath: Record<string, number> = {};
  let requestIds = new Map<string, number>();
  let processed = new Map<string, { calls: number; pending: number; ids: Map<string, number> }>();
  const entryOf = (operation: string) => {
    const entry = processed.get(operation) ?? { calls: 0, pending: 0, ids: new Map<string, number>() };
    processed.set(operation, entry);
    return entry;
  };
  let inFlight = 0;
  const changed = (): void => listeners.forEach((listener) => listener());

  return {
    received(path) {
      counters.requests += 1;
      byPath[path] = (byPath[path] ?? 0) + 1;
      changed();
    },
    admitted() {
      inFlight += 1;
      counters.maxInFlight = Math.max(counters.maxInFlight, inFlight);
      changed();
    },
    ended(end, wasAdmitted) {
      if (wasAdmitted) inFlight -= 1;
      counters[end] += 1;
      changed();
    },
    authRequest() {
      counters.auth += 1;
      changed();
    },
    requestId(id) {
      requestIds.set(id, (requestIds.get(id) ?? 0) + 1);
      changed();
    },
    willPerform(operation) {
      entryOf(operation).pending += 1;
      changed();
    },
    processed(operation, id) {
      const entry = entryOf(operation);
      entry.pending = Math.max(0, entry.pending - 1);
      entry.calls += 1;
      if (id !== undefined && id !== '') entry.ids.set(id, (entry.ids.get(id) ?? 0) + 1);
      changed();
    },
    snapshot() {
      const stats: SimulatorStats = {
        requests: counters.requests, byPath: { ...byPath }, inFlight, maxInFlight: counters.maxInFlight,
        aborted: counters.aborted, succeeded: counters.succeeded, failed: counters.failed,
      };
      const { auth } = counters;
      if (options.authCounter) stats[options.authCounter] = auth;
      if (options.requestIds) {
        stats.requestIds = Object.fromEntries(requestIds);
        stats.duplicateRequestIds = [...requestIds.values()].filter((count) => count > 1).length;
      }
      if (processed.size > 0) {
        stats.operations = Object.fromEntries([...processed].map(([operation, { calls, pending, ids }]) =>
          [operation, { processed: { calls, duplicates: [...ids.values()].filter((count) => count > 1).length, pending } }]));
      }
      return stats;
    },
    inFlight: () => inFlight,
    reset() {
      counters = { requests: 0, maxInFlight: inFlight, aborted: 0, succeeded: 0, failed: 0, auth: 0 };
      byPath = {};
      requestIds = new Map();
      // Calls still in their latency stay pending: they will be performed after the reset.
      processed = new Map([...processed].filter(([, entry]) => entry.pending > 0)
        .map(([operation, entry]) => [operation, { calls: 0, pending: entry.pending, ids: new Map<string, number>() }]));
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
