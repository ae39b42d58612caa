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
      return stats;
    },
    inFlight: () => inFlight,
    reset() {
      counters = { requests: 0, maxInFlight: inFlight, aborted: 0, succeeded: 0, failed: 0, auth: 0 };
      byPath = {};
      requestIds = new Map();
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
