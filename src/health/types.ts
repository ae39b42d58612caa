// The vocabulary of upstream health: states, why a state was judged, calls and probe results as collected.
import type { UpstreamName } from '../domain/errors.ts';
import { BUILT_IN_UPSTREAM_NAMES } from '../upstreams/registry.ts';

export type { UpstreamName } from '../domain/errors.ts';

/** Every upstream, in the order the page and /v1/status list them. */
export const UPSTREAMS: readonly UpstreamName[] = BUILT_IN_UPSTREAM_NAMES;

/** One judged state per upstream (and, for `not-provisioned`, per commune). */
export type HealthState = 'operational' | 'degraded' | 'down' | 'not-provisioned' | 'maintenance';

/** Why the judgement came out as it did; the page turns each into plain words. */
export type Reason =
  | 'maintenance'
  | 'not-provisioned'
  | 'probe-failing'
  | 'probe-intermittent'
  | 'breaker-open'
  | 'breaker-half-open'
  | 'error-rate-high'
  | 'error-rate-elevated'
  | 'slow'
  | 'serving-stale'
  | 'queueing'
  | 'cannot-log-in'
  | 'no-data';

/** Severity order used for "worst state" (minute buckets, incidents). */
export const SEVERITY: Record<HealthState, number> = {
  operational: 0,
  'not-provisioned': 1,
  maintenance: 2,
  degraded: 3,
  down: 4,
};

export function worstState(a: HealthState, b: HealthState): HealthState {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/**
 * One finished call through the pipeline, as the gateway reports it with `recordCall`. Compatible with the
 * runtime's CallRecord. Never carries a key or personal data.
 */
export interface CallSample {
  /** Operation name, e.g. `lookupCitizen`. */
  operation: string;
  /** The caller got an answer (fresh, cached or stale). */
  ok: boolean;
  /** Error code (domain ErrorCode, or 'internal') when `ok` is false. */
  errorCode?: string | undefined;
  /** How an ok answer was produced; `cached` never reached the upstream, `stale` means the upstream failed. */
  freshness?: 'fresh' | 'cached' | 'stale' | undefined;
  /** Time from entering the pipeline to the answer, ms. */
  latencyMs: number;
  /** When the call started, epoch ms. */
  at: number;
  /** The commune the call was made for, when known (for incidents and per-commune provisioning). */
  communeCode?: string | undefined;
}

/** How one call counts for health. */
export type CallClass =
  | 'success' // the upstream answered (including final answers: not found, invalid input)
  | 'not-provisioned' // the upstream answered "this commune may not use me": alive, and never an outage
  | 'failure' // transient, timeout, or anything unexpected: the upstream is unwell
  | 'stale' // the upstream failed and a stale cached answer was served
  | 'cached' // a fresh cache hit: the upstream was not asked
  | 'rejected' // breaker open or bulkhead full: refused without asking the upstream
  | 'login'; // our credentials were refused

/** Plain-words result of one probe. */
export type ProbeOutcome = 'ok' | 'answered-final' | 'not-provisioned' | 'cannot-log-in' | 'failed' | 'timeout';

export interface ProbeResult {
  upstream: UpstreamName;
  /** The probe operation that ran (e.g. `lookup-citizen`). */
  operation: string;
  /** The step that failed, when one did (e.g. `login`, `lookup`). */
  failedStep?: string | undefined;
  outcome: ProbeOutcome;
  /** Error code of the failure, when there was one. */
  errorCode?: string | undefined;
  /** Started, epoch ms. */
  at: number;
  latencyMs: number;
  /** The probe used the gateway's credentials and they were accepted (a WSDL fetch proves nothing about login). */
  loggedIn?: boolean | undefined;
}

/** Whether the gateway can log in to the upstream: `failing` only when the credentials were refused. */
export type LoginState = 'ok' | 'failing' | 'unknown';

/** Breaker state summarised over an upstream's breaker groups (the worst one). */
export type BreakerSummary = 'closed' | 'half-open' | 'open' | 'unknown';

/** A planned maintenance period (from configuration). */
export interface MaintenanceWindow {
  upstream: UpstreamName;
  /** Epoch ms. */
  fromMs: number;
  toMs: number;
  /** Shown on the page, e.g. "Nâng cấp máy chủ". */
  note?: string | undefined;
}
